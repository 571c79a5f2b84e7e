package io.github.jmxprom.collector.snapshot;

import io.github.jmxprom.collector.config.MetricType;
import io.github.jmxprom.collector.rules.Names;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
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
 * FamilyConflict}, help only when a rule's {@code help:} is involved); if two samples of a family
 * have the same labels, every sample of that family gets an {@code _objectname} label naming its
 * source. Samples that still cannot be exposed are dropped and counted by {@link DropReason}.
 *
 * <pre>{@code
 * SnapshotAssembler assembler = new SnapshotAssembler();
 * samples.forEach(assembler::add);
 * List<Family> families = assembler.build(); // sorted by name, samples sorted by labels
 * assembler.getDropped(); // {NEGATIVE_COUNTER=1}
 * }</pre>
 *
 * <p>With a {@link Trace}, {@link #build} also tells what it did with each sample: the tools that
 * explain a scrape ({@code explain}, {@code /debug/rules}, {@code lint}) take their answers from
 * it, so that they say what {@code /metrics} serves. A scrape sets none.
 */
public final class SnapshotAssembler {

  static final String OBJECT_NAME_LABEL = "_objectname";

  private static final Comparator<Family> BY_NAME =
      new Comparator<Family>() {
        @Override
        public int compare(Family a, Family b) {
          return a.getName().compareTo(b.getName());
        }
      };

  private final Map<String, List<Sample>> families = new LinkedHashMap<>();
  private final Map<String, List<Sample>> byRawName = new HashMap<>();
  private final Map<DropReason, Integer> dropped = new EnumMap<>(DropReason.class);
  private final Map<FamilyConflict, Integer> conflicts = new EnumMap<>(FamilyConflict.class);
  private final Set<String> reservedNames;
  private final FamilyOrder order;
  private Trace trace;

  /**
   * Told by {@link #build} what becomes of every sample added: served in which family, with which
   * labels, or dropped and why. Without one (a scrape), the only cost is a null check per family
   * and per dropped sample.
   */
  public interface Trace {
    /**
     * The sample is served in family {@code family} (the exposition adds {@code _total} for a
     * counter) of type {@code type}, with {@code labels}: its own, or with {@code _objectname}.
     */
    void served(Sample sample, String family, MetricType type, LabelSet labels);

    /**
     * The sample is left out of family {@code family} for {@code reason}; {@code same} is the
     * served sample it duplicates ({@link DropReason#DUPLICATE_SAMPLE}), else null.
     */
    void dropped(Sample sample, String family, DropReason reason, Sample same);
  }

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

  /** Reports to {@code trace} what {@link #build} does with each sample (null: nothing). */
  public void setTrace(Trace trace) {
    this.trace = trace;
  }

  /** Adds one sample. */
  public void add(Sample sample) {
    // By the sample's own name first: most names come from remembered rule decisions, so the
    // suffixes are stripped once per name and scrape, not once per sample.
    List<Sample> family = byRawName.get(sample.getName());
    if (family == null) {
      String name = Names.stripReservedSuffixes(sample.getName());
      family = families.get(name);
      if (family == null) {
        family = new ArrayList<>();
        families.put(name, family);
      }
      byRawName.put(sample.getName(), family);
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

  /** Builds the families, sorted by name (the order client_java exposes them in). */
  public List<Family> build() {
    List<Family> result = new ArrayList<>(families.size());
    for (Map.Entry<String, List<Sample>> family : families.entrySet()) {
      if (reservedNames.contains(family.getKey())) {
        for (Sample sample : family.getValue()) {
          drop(DropReason.NAME_CLASH);
          if (trace != null) {
            trace.dropped(sample, family.getKey(), DropReason.NAME_CLASH, null);
          }
        }
        continue;
      }
      Family built = family(family.getKey(), family.getValue());
      if (built != null) {
        result.add(built);
      }
    }
    Collections.sort(result, BY_NAME);
    return result;
  }

  private Family family(String name, List<Sample> samples) {
    // One pass for the family's type and conflicts, one for what can be exposed: each pass touches
    // every sample and its label set, which for a large family is mostly memory traffic.
    Sample first = samples.get(0);
    MetricType type = first.getType();
    boolean labelNames = false;
    boolean help = false;
    for (int i = 1; i < samples.size(); i++) {
      Sample sample = samples.get(i);
      if (sample.getType() != first.getType()) {
        type = MetricType.UNKNOWN;
      }
      if (!labelNames && !sample.getLabels().sameNames(first.getLabels())) {
        labelNames = true;
      }
      if (!help && losesHelp(first, sample)) {
        help = true;
      }
    }
    if (type != first.getType()) {
      conflict(FamilyConflict.TYPE);
    }
    if (labelNames) {
      conflict(FamilyConflict.LABEL_NAMES);
    }
    if (help) {
      conflict(FamilyConflict.HELP);
    }
    List<Sample> valid = new ArrayList<>(samples.size());
    List<LabelSet> sets = new ArrayList<>(samples.size());
    for (Sample sample : samples) {
      DropReason problem = problem(sample, type);
      if (problem == null) {
        valid.add(sample);
        sets.add(sample.getLabels());
      } else {
        drop(problem);
        if (trace != null) {
          trace.dropped(sample, name, problem, null);
        }
      }
    }
    if (valid.isEmpty()) {
      return null;
    }
    // The common case: each sample's labels were worked out once (and are remembered with the
    // rule decision), so nothing is validated or hashed again here, and the remembered order makes
    // the sort about one pass. Equal labels, if any, are then next to each other.
    FamilyOrder.Known known = order == null ? null : order.known(name, sets);
    int[] sorted = known == null ? FamilyOrder.sortOnce(sets) : known.order;
    if (hasEqualNeighbours(sets, sorted)) {
      return withObjectNames(name, type, first.getHelp(), valid);
    }
    LabelSet[] labels = new LabelSet[sorted.length];
    double[] values = new double[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      labels[i] = sets.get(sorted[i]);
      values[i] = valid.get(sorted[i]).getValue();
    }
    if (trace != null) {
      for (Sample sample : valid) {
        trace.served(sample, name, type, sample.getLabels());
      }
    }
    return new Family(name, type, first.getHelp(), labels, values, known);
  }

  /**
   * True when the family's help (the first sample's) is not {@code sample}'s and one of the two is
   * a rule's {@code help:}. Two default helps differ in nearly every family, so only then are the
   * flags enough; the same rule's literal help is one String, so equal texts rarely get compared.
   */
  private static boolean losesHelp(Sample first, Sample sample) {
    String served = first.getHelp();
    String own = sample.getHelp();
    return own != served
        && (sample.isHelpFromRule() || first.isHelpFromRule())
        && (own == null || !own.equals(served));
  }

  /** True when two of the sets are equal: in {@code sorted} order they are then adjacent. */
  private static boolean hasEqualNeighbours(List<LabelSet> sets, int[] sorted) {
    for (int i = 1; i < sorted.length; i++) {
      if (sets.get(sorted[i - 1]).equals(sets.get(sorted[i]))) {
        return true;
      }
    }
    return false;
  }

  /** Samples with equal labels: each is told apart by an {@code _objectname} label. */
  private Family withObjectNames(String name, MetricType type, String help, List<Sample> valid) {
    // The first sample with each label set, to name it when a later one is dropped.
    Map<LabelSet, Sample> seen = new HashMap<>();
    List<LabelSet> sets = new ArrayList<>(valid.size());
    List<Double> kept = new ArrayList<>(valid.size());
    for (Sample sample : valid) {
      LabelSet sampleLabels = withObjectName(sample);
      Sample same = sampleLabels == null ? null : seen.putIfAbsent(sampleLabels, sample);
      if (sampleLabels == null || same != null) {
        DropReason reason =
            sampleLabels == null ? DropReason.DUPLICATE_LABEL_NAME : DropReason.DUPLICATE_SAMPLE;
        drop(reason);
        if (trace != null) {
          trace.dropped(sample, name, reason, same);
        }
        continue;
      }
      if (trace != null) {
        trace.served(sample, name, type, sampleLabels);
      }
      sets.add(sampleLabels);
      kept.add(sample.getValue());
    }
    int[] sorted = FamilyOrder.sortOnce(sets);
    LabelSet[] labels = new LabelSet[sorted.length];
    double[] values = new double[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      labels[i] = sets.get(sorted[i]);
      values[i] = kept.get(sorted[i]);
    }
    return new Family(name, type, help, labels, values, null);
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

  /** The sample's labels plus {@code _objectname}, or null if it already has that label. */
  private static LabelSet withObjectName(Sample sample) {
    if (sample.getLabelNames().contains(OBJECT_NAME_LABEL)) {
      return null;
    }
    List<String> names = new ArrayList<>(sample.getLabelNames());
    List<String> values = new ArrayList<>(sample.getLabelValues());
    names.add(OBJECT_NAME_LABEL);
    values.add(sample.objectNameLabel());
    return LabelSet.of(names, values);
  }
}
