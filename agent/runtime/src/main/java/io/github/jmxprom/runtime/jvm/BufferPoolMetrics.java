package io.github.jmxprom.runtime.jvm;

import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * NIO buffer pools ({@code java.nio:type=BufferPool,*}): {@code jvm_buffer_pool_used_bytes}, {@code
 * jvm_buffer_pool_capacity_bytes} and {@code jvm_buffer_pool_used_buffers}, by {@code pool} ({@code
 * direct}, {@code mapped}, ...). Same names in client_java 0.x and 1.x.
 */
final class BufferPoolMetrics {

  void read(MBeanServerConnection connection, Families out) throws IOException {
    Map<String, Number> used = new TreeMap<>();
    Map<String, Number> capacity = new TreeMap<>();
    Map<String, Number> buffers = new TreeMap<>();
    for (ObjectName pool : Beans.query(connection, Beans.BUFFER_POOLS)) {
      Map<String, Object> attributes;
      try {
        attributes =
            Beans.attributes(connection, pool, "Name", "MemoryUsed", "TotalCapacity", "Count");
      } catch (JMException e) {
        continue;
      }
      Object name = attributes.get("Name");
      if (name instanceof String) {
        putIfPresent(used, (String) name, Beans.number(attributes, "MemoryUsed"));
        putIfPresent(capacity, (String) name, Beans.number(attributes, "TotalCapacity"));
        putIfPresent(buffers, (String) name, Beans.number(attributes, "Count"));
      }
    }
    out.gauge(
        "jvm_buffer_pool_used_bytes",
        "Used bytes of a given JVM buffer pool.",
        Unit.BYTES,
        "pool",
        used);
    out.gauge(
        "jvm_buffer_pool_capacity_bytes",
        "Bytes capacity of a given JVM buffer pool.",
        Unit.BYTES,
        "pool",
        capacity);
    out.gauge(
        "jvm_buffer_pool_used_buffers",
        "Used buffers of a given JVM buffer pool.",
        null,
        "pool",
        buffers);
  }

  private static void putIfPresent(Map<String, Number> map, String key, Number value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
