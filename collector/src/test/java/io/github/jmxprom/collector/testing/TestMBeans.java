package io.github.jmxprom.collector.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers every fake MBean of this package on an MBeanServer. jmx_exporter 1.0.1 only reads the
 * platform MBeanServer, so differential tests register there; unit tests should prefer a fresh
 * {@code MBeanServerFactory.newMBeanServer()}.
 */
public final class TestMBeans {

  private TestMBeans() {}

  /** Every bean, ObjectName string to MBean instance (new instances on every call). */
  public static Beans all() {
    return referenceSafe().addAll(HostileBeans.breakingReference());
  }

  /**
   * Every bean except {@link HostileBeans#breakingReference()}: jmx_exporter 1.0.1 scrapes these
   * without failing, whatever the config.
   */
  public static Beans referenceSafe() {
    return new Beans()
        .addAll(UpstreamBeans.beans())
        .addAll(CompositeBeans.beans())
        .addAll(TabularBeans.beans())
        .addAll(ServerShapedBeans.beans())
        .addAll(HostileBeans.beans());
  }

  /** Registers every bean; fails if one is already registered. */
  public static List<ObjectName> registerAll(MBeanServer server) {
    return register(server, all());
  }

  /** Registers the given beans and returns their names in registration order. */
  public static List<ObjectName> register(MBeanServer server, Beans beans) {
    List<ObjectName> names = new ArrayList<>();
    try {
      for (Map.Entry<String, Object> bean : beans.asMap().entrySet()) {
        ObjectName name = new ObjectName(bean.getKey());
        server.registerMBean(bean.getValue(), name);
        names.add(name);
      }
    } catch (JMException e) {
      unregister(server, names);
      throw new IllegalStateException("cannot register test MBeans", e);
    }
    return names;
  }

  /** Unregisters every bean of {@link #all()} that is registered; returns the names removed. */
  public static List<ObjectName> unregisterAll(MBeanServer server) {
    return unregister(server, all());
  }

  /** Unregisters those of the given beans that are registered; returns the names removed. */
  public static List<ObjectName> unregister(MBeanServer server, Beans beans) {
    List<ObjectName> names = new ArrayList<>();
    try {
      for (String name : beans.asMap().keySet()) {
        names.add(new ObjectName(name));
      }
    } catch (JMException e) {
      throw new IllegalStateException(e);
    }
    return unregister(server, names);
  }

  private static List<ObjectName> unregister(MBeanServer server, List<ObjectName> names) {
    List<ObjectName> removed = new ArrayList<>();
    for (ObjectName name : names) {
      try {
        if (server.isRegistered(name)) {
          server.unregisterMBean(name);
          removed.add(name);
        }
      } catch (JMException e) {
        throw new IllegalStateException("cannot unregister " + name, e);
      }
    }
    return removed;
  }

  /** Puts the beans with read side effects back into their initial state. */
  public static void reset() {
    UpstreamBeans.resetAutoIncrementing();
  }
}
