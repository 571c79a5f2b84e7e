package io.github.jmxprom.runtime.jvm;

import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * Heap and non-heap areas ({@code java.lang:type=Memory}) and memory pools ({@code
 * java.lang:type=MemoryPool,*}): client_java 1.x {@code jvm_memory_used_bytes{area}}, {@code
 * jvm_memory_pool_used_bytes{pool}}, 0.x {@code jvm_memory_bytes_used{area}}, {@code
 * jvm_memory_pool_bytes_used{pool}}, and the names both share.
 */
final class MemoryMetrics {

  private static final String[] ITEMS = {"used", "committed", "max", "init"};

  private final JvmMetricNames names;

  MemoryMetrics(JvmMetricNames names) {
    this.names = names;
  }

  void areas(MBeanServerConnection connection, Families out) throws IOException, JMException {
    Map<String, Object> memory =
        Beans.attributes(
            connection,
            Beans.MEMORY,
            "HeapMemoryUsage",
            "NonHeapMemoryUsage",
            "ObjectPendingFinalizationCount");
    Number pending = Beans.number(memory, "ObjectPendingFinalizationCount");
    if (pending != null) {
      out.gauge(
          "jvm_memory_objects_pending_finalization",
          "The number of objects waiting in the finalizer queue.",
          null,
          pending.doubleValue());
    }
    Map<String, Object> areas = new LinkedHashMap<>();
    putIfPresent(areas, "heap", memory.get("HeapMemoryUsage"));
    putIfPresent(areas, "nonheap", memory.get("NonHeapMemoryUsage"));
    String[] help = {
      "Used bytes of a given JVM memory area.",
      "Committed (bytes) of a given JVM memory area.",
      "Max (bytes) of a given JVM memory area.",
      "Initial bytes of a given JVM memory area."
    };
    for (int i = 0; i < ITEMS.length; i++) {
      Map<String, Long> values = item(areas, ITEMS[i]);
      if (names.includesCurrent()) {
        out.gauge("jvm_memory_" + ITEMS[i] + "_bytes", help[i], Unit.BYTES, "area", values);
      }
      if (names.includesLegacy()) {
        out.gauge("jvm_memory_bytes_" + ITEMS[i], help[i], null, "area", values);
      }
    }
  }

  void pools(MBeanServerConnection connection, Families out) throws IOException {
    Map<String, Object> usage = new TreeMap<>();
    Map<String, Object> afterCollection = new TreeMap<>();
    for (ObjectName pool : Beans.query(connection, Beans.MEMORY_POOLS)) {
      Map<String, Object> attributes;
      try {
        attributes = Beans.attributes(connection, pool, "Name", "Usage", "CollectionUsage");
      } catch (JMException e) {
        continue; // the pool went away between query and read
      }
      Object name = attributes.get("Name");
      if (name instanceof String) {
        putIfPresent(usage, (String) name, attributes.get("Usage"));
        putIfPresent(afterCollection, (String) name, attributes.get("CollectionUsage"));
      }
    }
    String[] help = {
      "Used bytes of a given JVM memory pool.",
      "Committed bytes of a given JVM memory pool.",
      "Max bytes of a given JVM memory pool.",
      "Initial bytes of a given JVM memory pool."
    };
    for (int i = 0; i < ITEMS.length; i++) {
      Map<String, Long> values = item(usage, ITEMS[i]);
      if (names.includesCurrent()) {
        out.gauge("jvm_memory_pool_" + ITEMS[i] + "_bytes", help[i], Unit.BYTES, "pool", values);
      }
      if (names.includesLegacy()) {
        out.gauge("jvm_memory_pool_bytes_" + ITEMS[i], help[i], null, "pool", values);
      }
    }
    String[] collectionHelp = {
      "Used bytes after last collection of a given JVM memory pool.",
      "Committed after last collection bytes of a given JVM memory pool.",
      "Max bytes after last collection of a given JVM memory pool.",
      "Initial after last collection bytes of a given JVM memory pool."
    };
    for (int i = 0; i < ITEMS.length; i++) {
      out.gauge(
          "jvm_memory_pool_collection_" + ITEMS[i] + "_bytes",
          collectionHelp[i],
          Unit.BYTES,
          "pool",
          item(afterCollection, ITEMS[i]));
    }
  }

  private static void putIfPresent(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static Map<String, Long> item(Map<String, Object> usages, String item) {
    Map<String, Long> values = new LinkedHashMap<>();
    for (Map.Entry<String, Object> usage : usages.entrySet()) {
      Long value = Beans.usage(usage.getValue(), item);
      if (value != null) {
        values.put(usage.getKey(), value);
      }
    }
    return values;
  }
}
