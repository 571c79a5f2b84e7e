package io.github.jmxprom.benchmarks.app;

import java.util.function.IntFunction;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers beans on the platform MBeanServer and counts them. Every bean gets a seed derived from
 * its ObjectName, so its values do not depend on registration order; standard MBeans and MXBeans
 * are registered through {@link OrderedMBean} so that their attribute order is the same in every
 * JVM.
 */
final class Registrar {

  private final MBeanServer server;
  private int registered;

  Registrar(MBeanServer server) {
    this.server = server;
  }

  void register(String objectName, IntFunction<Object> bean) {
    try {
      ObjectName name = new ObjectName(objectName);
      Object instance = bean.apply(Math.floorMod(objectName.hashCode(), 1_000_000));
      server.registerMBean(
          instance instanceof DynamicMBean ? instance : OrderedMBean.wrap(instance), name);
      registered++;
    } catch (JMException e) {
      throw new IllegalStateException(objectName + ": " + e, e);
    }
  }

  void unregister(String objectName) {
    try {
      server.unregisterMBean(new ObjectName(objectName));
      registered--;
    } catch (JMException e) {
      throw new IllegalStateException(objectName + ": " + e, e);
    }
  }

  /** How many beans this registrar has registered and not unregistered. */
  int registered() {
    return registered;
  }
}
