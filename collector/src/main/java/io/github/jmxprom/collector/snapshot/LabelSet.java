package io.github.jmxprom.collector.snapshot;

import io.github.jmxprom.collector.rules.Names;
import io.prometheus.metrics.model.snapshots.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The labels of one sample in rule order, with what the assembler needs from them worked out once:
 * whether they can be exposed at all, their client_java {@link Labels} and their hash. A rule
 * decision that the engine remembers between scrapes keeps its label set, so a leaf that produces
 * the same labels every scrape costs no label validation, sorting or hashing after the first.
 *
 * <pre>{@code
 * LabelSet labels = LabelSet.of(Arrays.asList("topic"), Arrays.asList("orders"));
 * if (labels.problem() == null) {
 *   Labels forSnapshot = labels.labels();
 * }
 * }</pre>
 *
 * <p>Immutable; the derived values are computed on first use and may be computed twice by racing
 * threads, which is harmless since they are equal.
 */
public final class LabelSet {

  private static final Object VALID = new Object();

  /**
   * One instance per distinct list of label names: the lists are few (one per bean shape and rule)
   * and each is shared by many label sets, so the assembler compares a family's label names by
   * reference instead of string by string for every sample. Bounded, since label names can come
   * from captured text; past the bound lists are simply not shared.
   */
  private static final Map<List<String>, List<String>> SHARED_NAMES = new ConcurrentHashMap<>();

  private static final int MAX_SHARED_NAMES = 4096;

  private final List<String> names;
  private final List<String> values;
  private int hash;
  // VALID, or the DropReason that keeps these labels out of the exposition.
  private volatile Object problem;
  private volatile Labels labels;
  private volatile byte[] text;
  // FamilyOrder's memory (read and written under the scrape's lock): the order this set was last
  // placed in, and its place there.
  Object rankedIn;
  int rank;

  private LabelSet(List<String> names, List<String> values) {
    this.names = names;
    this.values = values;
  }

  /** Names and values, in the same order; the lists are copied. */
  public static LabelSet of(List<String> names, List<String> values) {
    if (names.size() != values.size()) {
      throw new IllegalArgumentException(
          names.size() + " label names, " + values.size() + " values");
    }
    return new LabelSet(shared(names), Collections.unmodifiableList(new ArrayList<>(values)));
  }

  private static List<String> shared(List<String> names) {
    List<String> copy = Collections.unmodifiableList(new ArrayList<>(names));
    List<String> known = SHARED_NAMES.get(copy);
    if (known != null) {
      return known;
    }
    if (SHARED_NAMES.size() >= MAX_SHARED_NAMES) {
      return copy;
    }
    known = SHARED_NAMES.putIfAbsent(copy, copy);
    return known == null ? copy : known;
  }

  /** Whether both have the same label names in the same order. */
  public boolean sameNames(LabelSet other) {
    return names == other.names || names.equals(other.names);
  }

  public List<String> names() {
    return names;
  }

  public List<String> values() {
    return values;
  }

  /**
   * Why these labels cannot be exposed ({@link DropReason#INVALID_LABEL_NAME} or {@link
   * DropReason#DUPLICATE_LABEL_NAME}), or null when they can.
   */
  public DropReason problem() {
    Object known = problem;
    if (known == null) {
      known = findProblem();
      problem = known;
    }
    return known == VALID ? null : (DropReason) known;
  }

  private Object findProblem() {
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!Names.isValidLabelName(name)) {
        return DropReason.INVALID_LABEL_NAME;
      }
      if (!seen.add(name)) {
        return DropReason.DUPLICATE_LABEL_NAME;
      }
    }
    return VALID;
  }

  /** The client_java labels; only for a set without {@link #problem()}. */
  public Labels labels() {
    Labels known = labels;
    if (known == null) {
      known = Labels.of(names, values);
      labels = known;
    }
    return known;
  }

  /**
   * The labels as the text formats (Prometheus text and OpenMetrics) write them after a sample's
   * name, in UTF-8: {@code {area="heap",id="G1 Eden"}} in name order with {@code \\}, {@code "} and
   * newlines escaped, or nothing for no labels. Only for a set without {@link #problem()} (its
   * names are then legacy Prometheus names, which need no quoting). Worked out once per set, so
   * that a sample whose labels the rule cache remembers costs only its value on later scrapes.
   */
  public byte[] text() {
    byte[] known = text;
    if (known == null) {
      known = encode(labels());
      text = known;
    }
    return known;
  }

  private static byte[] encode(Labels labels) {
    if (labels.isEmpty()) {
      return new byte[0];
    }
    StringBuilder out = new StringBuilder();
    out.append('{');
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(labels.getName(i)).append("=\"");
      String value = labels.getValue(i);
      for (int c = 0; c < value.length(); c++) {
        char ch = value.charAt(c);
        if (ch == '\\') {
          out.append("\\\\");
        } else if (ch == '"') {
          out.append("\\\"");
        } else if (ch == '\n') {
          out.append("\\n");
        } else {
          out.append(ch);
        }
      }
      out.append('"');
    }
    out.append('}');
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Equal when the exposition would show the same labels: as client_java's {@link Labels}, in name
   * order. Only for sets without {@link #problem()}.
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof LabelSet)) {
      return false;
    }
    LabelSet that = (LabelSet) other;
    return hashCode() == that.hashCode() && labels().equals(that.labels());
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = labels().hashCode();
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    for (int i = 0; i < names.size(); i++) {
      out.append(i == 0 ? "" : ",").append(names.get(i)).append("=\"").append(values.get(i));
      out.append('"');
    }
    return out.append('}').toString();
  }
}
