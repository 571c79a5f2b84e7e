package io.github.jmxprom.collector.snapshot;

import io.github.jmxprom.collector.config.MetricType;
import io.github.jmxprom.collector.rules.Names;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups samples into metric families the way jmx_exporter does, and leaves out only what cannot be
 * exposed. Names lose the reserved suffixes ({@code _total}, {@code _created}, {@code _bucket},
 * {@code _info}); samples sharing a name form one family whose type is theirs if they all agree and
 * untyped otherwise, with the help of the first (such disagreements are counted by {@link
 * FamilyConflict}); if two samples of a family have the same labels, every sample of that family
 * gets an {@code _objectname} label naming its source. Samples that still cannot be exposed are
 * dropped and counted by {@link DropReason}.
 *
 * <pre>{@code
 * SnapshotAssembler assembler = new SnapshotAssembler();
 * samples.forEach(assembler::add);
 * MetricSnapshots snapshots = assembler.build();
 * assembler.getDropped(); // {NEGATIVE_COUNTER=1}
 * }</pre>
 */
public final class SnapshotAssembler {

  static final String OBJECT_NAME_LABEL = "_objectname";

  private final Map<String, List<Sample>> families = new LinkedHashMap<>();
  private final Map<DropReason, Integer> dropped = new EnumMap<>(DropReason.class);
  private final Map<FamilyConflict, Integer> conflicts = new EnumMap<>(FamilyConflict.class);
  private final Set<String> reservedNames;
  private final FamilyOrder order;

  /** An assembler without reserved names. */
  public SnapshotAssembler() {
    this(new HashSet<String>());
  }

  /** As {@link #SnapshotAssembler(Set, FamilyOrder)}, without remembered order. */
  public SnapshotAssembler(Set<String> reservedNames) {
    this(reservedNames, null);
  }

  /**
   * An assembler that drops families whose name another collector in the same registry already uses
   * (such as the self-metrics), instead of letting the registry fail the scrape. With an {@code
   * order} kept between scrapes, families are handed to client_java already sorted.
   */
  public SnapshotAssembler(Set<String> reservedNames, FamilyOrder order) {
    this.reservedNames = reservedNames;
    this.order = order;
  }

  /** Adds one sample. */
  public void add(Sample sample) {
    String name = Names.stripReservedSuffixes(sample.getName());
    List<Sample> family = families.get(name);
    if (family == null) {
      family = new ArrayList<>();
      families.put(name, family);
    }
    family.add(sample);
  }

  /** Counts a sample lost before it got here (a rule that failed). */
  public void drop(DropReason reason) {
    Integer count = dropped.get(reason);
    dropped.put(reason, count == null ? 1 : count + 1);
  }

  /** Samples left out so far, by reason. */
  public Map<DropReason, Integer> getDropped() {
    return dropped;
  }

  /** Families of the last {@link #build} whose samples disagree, by what they disagree on. */
  public Map<FamilyConflict, Integer> getConflicts() {
    return conflicts;
  }

  /** Builds the families. */
  public MetricSnapshots build() {
    MetricSnapshots.Builder result = MetricSnapshots.builder();
    for (Map.Entry<String, List<Sample>> family : families.entrySet()) {
      if (reservedNames.contains(family.getKey())) {
        for (int i = 0; i < family.getValue().size(); i++) {
          drop(DropReason.NAME_CLASH);
        }
        continue;
      }
      MetricSnapshot snapshot = family(family.getKey(), family.getValue());
      if (snapshot != null) {
        result.metricSnapshot(snapshot);
      }
    }
    return result.build();
  }

  private MetricSnapshot family(String name, List<Sample> samples) {
    MetricType type = familyType(samples);
    if (samples.size() > 1) {
      countConflicts(samples, type);
    }
    List<Sample> valid = new ArrayList<>(samples.size());
    for (Sample sample : samples) {
      DropReason problem = problem(sample, type);
      if (problem == null) {
        valid.add(sample);
      } else {
        drop(problem);
      }
    }
    if (valid.isEmpty()) {
      return null;
    }
    List<Labels> labels = new ArrayList<>(valid.size());
    List<Double> values = new ArrayList<>(valid.size());
    if (labelsUnique(valid)) {
      // The common case: each sample's labels were worked out once (and are remembered with the
      // rule decision), so nothing is validated, sorted or hashed again here.
      if (order == null) {
        for (Sample sample : valid) {
          labels.add(sample.getLabels().labels());
          values.add(sample.getValue());
        }
      } else {
        List<LabelSet> sets = new ArrayList<>(valid.size());
        for (Sample sample : valid) {
          sets.add(sample.getLabels());
        }
        for (int i : order.sorted(name, sets)) {
          labels.add(sets.get(i).labels());
          values.add(valid.get(i).getValue());
        }
      }
    } else {
      Set<Labels> seen = new HashSet<>();
      for (Sample sample : valid) {
        Labels sampleLabels = withObjectName(sample);
        if (sampleLabels == null || !seen.add(sampleLabels)) {
          drop(
              sampleLabels == null ? DropReason.DUPLICATE_LABEL_NAME : DropReason.DUPLICATE_SAMPLE);
          continue;
        }
        labels.add(sampleLabels);
        values.add(sample.getValue());
      }
    }
    return snapshot(name, type, samples.get(0).getHelp(), labels, values);
  }

  private static MetricType familyType(List<Sample> samples) {
    MetricType type = samples.get(0).getType();
    for (Sample sample : samples) {
      if (sample.getType() != type) {
        return MetricType.UNKNOWN;
      }
    }
    return type;
  }

  private void countConflicts(List<Sample> samples, MetricType type) {
    Sample first = samples.get(0);
    boolean labelNames = false;
    for (Sample sample : samples) {
      labelNames |= !sample.getLabelNames().equals(first.getLabelNames());
    }
    if (type != first.getType()) {
      conflict(FamilyConflict.TYPE);
    }
    if (labelNames) {
      conflict(FamilyConflict.LABEL_NAMES);
    }
  }

  private void conflict(FamilyConflict conflict) {
    Integer count = conflicts.get(conflict);
    conflicts.put(conflict, count == null ? 1 : count + 1);
  }

  private static DropReason problem(Sample sample, MetricType type) {
    if (type == MetricType.COUNTER && sample.getValue() < 0) {
      return DropReason.NEGATIVE_COUNTER;
    }
    return sample.getLabels().problem();
  }

  private static boolean labelsUnique(List<Sample> samples) {
    if (samples.size() == 1) {
      return true;
    }
    Set<LabelSet> seen = new HashSet<>(samples.size() * 2);
    for (Sample sample : samples) {
      if (!seen.add(sample.getLabels())) {
        return false;
      }
    }
    return true;
  }

  /** The sample's labels plus {@code _objectname}, or null if it already has that label. */
  private static Labels withObjectName(Sample sample) {
    if (sample.getLabelNames().contains(OBJECT_NAME_LABEL)) {
      return null;
    }
    List<String> names = new ArrayList<>(sample.getLabelNames());
    List<String> values = new ArrayList<>(sample.getLabelValues());
    names.add(OBJECT_NAME_LABEL);
    values.add(sample.objectNameLabel());
    return Labels.of(names, values);
  }

  private static MetricSnapshot snapshot(
      String name, MetricType type, String help, List<Labels> labels, List<Double> values) {
    switch (type) {
      case COUNTER:
        CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help);
        for (int i = 0; i < labels.size(); i++) {
          counter.dataPoint(
              CounterSnapshot.CounterDataPointSnapshot.builder()
                  .labels(labels.get(i))
                  .value(values.get(i))
                  .build());
        }
        return counter.build();
      case GAUGE:
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        for (int i = 0; i < labels.size(); i++) {
          gauge.dataPoint(
              GaugeSnapshot.GaugeDataPointSnapshot.builder()
                  .labels(labels.get(i))
                  .value(values.get(i))
                  .build());
        }
        return gauge.build();
      default:
        UnknownSnapshot.Builder unknown = UnknownSnapshot.builder().name(name).help(help);
        for (int i = 0; i < labels.size(); i++) {
          unknown.dataPoint(
              UnknownSnapshot.UnknownDataPointSnapshot.builder()
                  .labels(labels.get(i))
                  .value(values.get(i))
                  .build());
        }
        return unknown.build();
    }
  }
}
