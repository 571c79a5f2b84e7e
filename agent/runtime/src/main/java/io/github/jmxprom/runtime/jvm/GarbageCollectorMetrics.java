package io.github.jmxprom.runtime.jvm;

import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * Garbage collectors ({@code java.lang:type=GarbageCollector,*}): {@code
 * jvm_gc_collection_seconds{gc}}, a summary with only {@code _count} and {@code _sum}. Same name in
 * client_java 0.x and 1.x.
 */
final class GarbageCollectorMetrics {

  void read(MBeanServerConnection connection, Families out) throws IOException {
    Map<String, SummarySnapshot.SummaryDataPointSnapshot> points = new TreeMap<>();
    for (ObjectName collector : Beans.query(connection, Beans.GARBAGE_COLLECTORS)) {
      Map<String, Object> attributes;
      try {
        attributes =
            Beans.attributes(connection, collector, "Name", "CollectionCount", "CollectionTime");
      } catch (JMException e) {
        continue;
      }
      Object name = attributes.get("Name");
      Number count = Beans.number(attributes, "CollectionCount");
      Number millis = Beans.number(attributes, "CollectionTime");
      // -1 means "undefined for this collector"; a summary cannot have a negative count.
      if (name instanceof String && count != null && millis != null && count.longValue() >= 0) {
        points.put(
            (String) name,
            SummarySnapshot.SummaryDataPointSnapshot.builder()
                .labels(Labels.of("gc", (String) name))
                .count(count.longValue())
                .sum(millis.longValue() / 1000.0)
                .quantiles(Quantiles.EMPTY)
                .build());
      }
    }
    SummarySnapshot.Builder summary =
        SummarySnapshot.builder()
            .name("jvm_gc_collection_seconds")
            .help("Time spent in a given JVM garbage collector in seconds.")
            .unit(Unit.SECONDS);
    for (SummarySnapshot.SummaryDataPointSnapshot point : points.values()) {
      summary.dataPoint(point);
    }
    out.add(summary.build());
  }
}
