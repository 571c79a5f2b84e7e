package io.github.jmxprom.collector.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.StandardMBean;

/**
 * An ordered set of fake MBeans keyed by ObjectName string, plus helpers that wrap an
 * implementation as a standard MBean or an MXBean without the {@code XMBean} naming convention.
 */
public final class Beans {

  private final Map<String, Object> byName = new LinkedHashMap<>();

  /** Adds a bean; the ObjectName string is kept verbatim (its key order is observable). */
  public Beans add(String objectName, Object mbean) {
    if (byName.put(objectName, mbean) != null) {
      throw new IllegalArgumentException("duplicate bean " + objectName);
    }
    return this;
  }

  /** Adds every bean of {@code other}. */
  public Beans addAll(Beans other) {
    other.byName.forEach(this::add);
    return this;
  }

  /** The beans in insertion order. */
  public Map<String, Object> asMap() {
    return byName;
  }

  /** A standard MBean: descriptions are {@value MapBean#STANDARD_DESCRIPTION}. */
  public static <T> StandardMBean standard(Class<T> iface, T implementation) {
    return wrap(iface, implementation, false);
  }

  /** An MXBean: values are converted to open types, descriptions equal the attribute names. */
  public static <T> StandardMBean mxbean(Class<T> iface, T implementation) {
    return wrap(iface, implementation, true);
  }

  private static <T> StandardMBean wrap(Class<T> iface, T implementation, boolean mxbean) {
    return new StandardMBean(implementation, iface, mxbean);
  }
}
