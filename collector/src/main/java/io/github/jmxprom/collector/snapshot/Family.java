package io.github.jmxprom.collector.snapshot;

import io.github.jmxprom.collector.config.MetricType;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;

/**
 * One metric family of a scrape as the assembler left it: name (without reserved suffixes), type,
 * help and its samples already in exposition order (by labels, as client_java sorts data points),
 * every label set exposable. It is what both ways out are made from: a client_java {@link
 * MetricSnapshot} for the registry ({@link #toSnapshot()}), or text written straight from the
 * remembered {@link LabelSet}s by the exporter's HTTP endpoint, without the snapshot model's
 * copying, validating and sorting.
 *
 * <pre>{@code
 * for (Family family : result.getFamilies()) {
 *   for (int i = 0; i < family.size(); i++) {
 *     out.write(family.getName() + family.getLabels(i) + " " + family.getValue(i));
 *   }
 * }
 * }</pre>
 */
public final class Family {

  private final String name;
  private final MetricType type;
  private final String help;
  private final LabelSet[] labels;
  private final double[] values;
  // The remembered order these labels are in (null if none): the sample lines are kept with it.
  private final FamilyOrder.Known known;

  Family(
      String name,
      MetricType type,
      String help,
      LabelSet[] labels,
      double[] values,
      FamilyOrder.Known known) {
    this.name = name;
    this.type = type;
    this.help = help;
    this.labels = labels;
    this.values = values;
    this.known = known;
  }

  /**
   * The start of each sample line ({@code name[_total]{labels} }), remembered from an earlier
   * scrape while the family has the same samples; null for a family whose order is not remembered.
   */
  public SampleLines sampleLines(boolean counterSuffix) {
    if (known == null) {
      return null;
    }
    SampleLines lines = known.lines;
    if (lines == null || lines.counter != counterSuffix || !lines.name.equals(name)) {
      lines = SampleLines.of(name, counterSuffix, labels);
      known.lines = lines;
    }
    return lines;
  }

  /** The family name, e.g. {@code kafka_server_bytesin} for samples {@code ..._total}. */
  public String getName() {
    return name;
  }

  public MetricType getType() {
    return type;
  }

  /** The help text, never null (empty when there is none). */
  public String getHelp() {
    return help;
  }

  /** The number of samples. */
  public int size() {
    return values.length;
  }

  /** The labels of sample {@code i}, in exposition order. */
  public LabelSet getLabels(int i) {
    return labels[i];
  }

  /** The value of sample {@code i}. */
  public double getValue(int i) {
    return values[i];
  }

  /** The family as client_java's snapshot. */
  public MetricSnapshot toSnapshot() {
    switch (type) {
      case COUNTER:
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
        for (int i = 0; i < values.length; i++) {
          counter.dataPoint(
              CounterSnapshot.CounterDataPointSnapshot.builder()
                  .labels(labels[i].labels())
                  .value(values[i])
                  .build());
        }
        return counter.build();
      case GAUGE:
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        for (int i = 0; i < values.length; i++) {
          gauge.dataPoint(
              GaugeSnapshot.GaugeDataPointSnapshot.builder()
                  .labels(labels[i].labels())
                  .value(values[i])
                  .build());
        }
        return gauge.build();
      default:
        UnknownSnapshot.Builder unknown = UnknownSnapshot.builder().name(name).help(help);
        for (int i = 0; i < values.length; i++) {
          unknown.dataPoint(
              UnknownSnapshot.UnknownDataPointSnapshot.builder()
                  .labels(labels[i].labels())
                  .value(values[i])
                  .build());
        }
        return unknown.build();
    }
  }
}
