package io.github.jmxprom.runtime.jvm;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The families of one scrape, in the order they were added. A family without data points is left
 * out (client_java's text output leaves it out too); a name added twice keeps the first.
 */
final class Families {

  private final Map<String, MetricSnapshot> byName = new LinkedHashMap<>();

  void add(MetricSnapshot snapshot) {
    if (!snapshot.getDataPoints().isEmpty()) {
      byName.putIfAbsent(snapshot.getMetadata().getName(), snapshot);
    }
  }

  void gauge(String name, String help, Unit unit, double value) {
    add(
        GaugeSnapshot.builder()
            .name(name)
            .help(help)
            .unit(unit)
            .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build())
            .build());
  }

  /** A gauge with one label; {@code values} maps label value to value, in output order. */
  void gauge(
      String name, String help, Unit unit, String label, Map<String, ? extends Number> values) {
    GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help).unit(unit);
    for (Map.Entry<String, ? extends Number> entry : values.entrySet()) {
      gauge.dataPoint(
          GaugeSnapshot.GaugeDataPointSnapshot.builder()
              .labels(Labels.of(label, entry.getKey()))
              .value(entry.getValue().doubleValue())
              .build());
    }
    add(gauge.build());
  }

  /** A counter; {@code name} without {@code _total}, as client_java stores it. */
  void counter(String name, String help, Unit unit, double value) {
    add(
        CounterSnapshot.builder()
            .name(name)
            .help(help)
            .unit(unit)
            .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).build())
            .build());
  }

  /** A counter with one label; {@code values} maps label value to value, in output order. */
  void counter(
      String name, String help, Unit unit, String label, Map<String, ? extends Number> values) {
    CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help).unit(unit);
    for (Map.Entry<String, ? extends Number> entry : values.entrySet()) {
      counter.dataPoint(
          CounterSnapshot.CounterDataPointSnapshot.builder()
              .labels(Labels.of(label, entry.getKey()))
              .value(entry.getValue().doubleValue())
              .build());
    }
    add(counter.build());
  }

  MetricSnapshots build() {
    return new MetricSnapshots(byName.values());
  }
}
