package io.github.jmxprom.runtime.jvm;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * The platform MXBeans' names and the few ways they are read: attributes in one round trip, name
 * queries, and the numbers inside a {@code MemoryUsage} composite.
 */
final class Beans {

  static final ObjectName MEMORY = name("java.lang:type=Memory");
  static final ObjectName MEMORY_POOLS = name("java.lang:type=MemoryPool,*");
  static final ObjectName GARBAGE_COLLECTORS = name("java.lang:type=GarbageCollector,*");
  static final ObjectName BUFFER_POOLS = name("java.nio:type=BufferPool,*");
  static final ObjectName CLASS_LOADING = name("java.lang:type=ClassLoading");
  static final ObjectName COMPILATION = name("java.lang:type=Compilation");
  static final ObjectName THREADING = name("java.lang:type=Threading");
  static final ObjectName RUNTIME = name("java.lang:type=Runtime");
  static final ObjectName OPERATING_SYSTEM = name("java.lang:type=OperatingSystem");
  static final ObjectName DIAGNOSTIC_COMMAND = name("com.sun.management:type=DiagnosticCommand");

  private Beans() {}

  /**
   * The named attributes that the bean has and could read, in one round trip; an attribute the bean
   * lacks (file descriptors on Windows) is absent from the map.
   */
  static Map<String, Object> attributes(
      MBeanServerConnection connection, ObjectName bean, String... names)
      throws IOException, JMException {
    Map<String, Object> values = new HashMap<>();
    for (Attribute attribute : connection.getAttributes(bean, names).asList()) {
      if (attribute.getValue() != null) {
        values.put(attribute.getName(), attribute.getValue());
      }
    }
    return values;
  }

  /** The beans matching a pattern, sorted so that output order does not change between scrapes. */
  static Set<ObjectName> query(MBeanServerConnection connection, ObjectName pattern)
      throws IOException {
    return new TreeSet<>(connection.queryNames(pattern, null));
  }

  /** One item ({@code init}, {@code used}, {@code committed}, {@code max}) of a MemoryUsage. */
  static Long usage(Object memoryUsage, String item) {
    if (memoryUsage instanceof CompositeData && ((CompositeData) memoryUsage).containsKey(item)) {
      Object value = ((CompositeData) memoryUsage).get(item);
      if (value instanceof Number) {
        return ((Number) value).longValue();
      }
    }
    return null;
  }

  static Number number(Map<String, Object> attributes, String name) {
    Object value = attributes.get(name);
    return value instanceof Number ? (Number) value : null;
  }

  private static ObjectName name(String name) {
    try {
      return new ObjectName(name);
    } catch (MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
  }
}
