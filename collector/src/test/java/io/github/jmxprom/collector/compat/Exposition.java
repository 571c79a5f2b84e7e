package io.github.jmxprom.collector.compat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The Prometheus text format (0.0.4) parsed into families and samples, so that two expositions can
 * be compared exactly regardless of line order, and a difference explained line by line.
 *
 * <p>Samples are sorted by name then labels; label values and help texts are unescaped. A sample
 * belongs to the family declared just before it by {@code # HELP}/{@code # TYPE} when its name is
 * that family's name or starts with it followed by {@code _}; otherwise it opens an untyped family
 * of its own. A family declared twice is an error.
 */
public final class Exposition {

  /** One sample line. Values compare with {@link Double#compare}, so NaN equals NaN. */
  public record Sample(String name, SortedMap<String, String> labels, double value) {

    public Sample {
      labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    /** The sample as a text-format line. */
    @Override
    public String toString() {
      StringBuilder line = new StringBuilder(name);
      if (!labels.isEmpty()) {
        line.append('{');
        String separator = "";
        for (Map.Entry<String, String> label : labels.entrySet()) {
          line.append(separator).append(label.getKey()).append("=\"");
          line.append(escapeLabelValue(label.getValue())).append('"');
          separator = ",";
        }
        line.append('}');
      }
      return line.append(' ').append(formatValue(value)).toString();
    }
  }

  /** A metric family: name, type ({@code null} if undeclared), help ({@code null} if none). */
  public record Family(String name, String type, String help, List<Sample> samples) {

    public Family {
      List<Sample> sorted = new ArrayList<>(samples);
      sorted.sort(SAMPLE_ORDER);
      samples = List.copyOf(sorted);
    }

    /** The family as text-format lines. */
    @Override
    public String toString() {
      StringBuilder text = new StringBuilder();
      if (help != null) {
        text.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
      }
      if (type != null) {
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
      }
      for (Sample sample : samples) {
        text.append(sample).append('\n');
      }
      return text.toString();
    }
  }

  private static final Comparator<Sample> SAMPLE_ORDER =
      Comparator.comparing(Sample::name).thenComparing(Exposition::compareLabels);

  private static int compareLabels(Sample a, Sample b) {
    Iterator<Map.Entry<String, String>> left = a.labels().entrySet().iterator();
    Iterator<Map.Entry<String, String>> right = b.labels().entrySet().iterator();
    while (left.hasNext() && right.hasNext()) {
      Map.Entry<String, String> l = left.next();
      Map.Entry<String, String> r = right.next();
      int order = l.getKey().compareTo(r.getKey());
      if (order == 0) {
        order = l.getValue().compareTo(r.getValue());
      }
      if (order != 0) {
        return order;
      }
    }
    return Boolean.compare(left.hasNext(), right.hasNext());
  }

  private final SortedMap<String, Family> families;

  Exposition(SortedMap<String, Family> families) {
    this.families = Collections.unmodifiableSortedMap(families);
  }

  /** The families by name. */
  public SortedMap<String, Family> families() {
    return families;
  }

  /** The family of that name, or {@code null}. */
  public Family family(String name) {
    return families.get(name);
  }

  /** Every sample of every family, in family order. */
  public List<Sample> samples() {
    List<Sample> samples = new ArrayList<>();
    families.values().forEach(family -> samples.addAll(family.samples()));
    return samples;
  }

  /** Only the families whose name is accepted. */
  public Exposition filter(Predicate<String> familyName) {
    SortedMap<String, Family> kept = new TreeMap<>();
    families.forEach(
        (name, family) -> {
          if (familyName.test(name)) {
            kept.put(name, family);
          }
        });
    return new Exposition(kept);
  }

  /** Canonical text: families by name, samples sorted, NaN and infinities as Prometheus writes. */
  public String toText() {
    StringBuilder text = new StringBuilder();
    families.values().forEach(text::append);
    return text.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Exposition && ((Exposition) other).families.equals(families);
  }

  @Override
  public int hashCode() {
    return families.hashCode();
  }

  @Override
  public String toString() {
    return toText();
  }

  /**
   * A human-readable account of how {@code actual} differs from {@code expected}, empty if they are
   * equal: missing ({@code -}) and unexpected ({@code +}) families and sample lines, and changed
   * types and help texts.
   */
  public static String diff(Exposition expected, Exposition actual) {
    StringBuilder out = new StringBuilder();
    TreeSet<String> names = new TreeSet<>(expected.families.keySet());
    names.addAll(actual.families.keySet());
    for (String name : names) {
      Family want = expected.families.get(name);
      Family got = actual.families.get(name);
      if (want == null) {
        out.append("+ unexpected family ").append(name).append('\n');
        prefixLines(out, "+   ", got.toString());
      } else if (got == null) {
        out.append("- missing family ").append(name).append('\n');
        prefixLines(out, "-   ", want.toString());
      } else if (!want.equals(got)) {
        out.append("~ family ").append(name).append('\n');
        if (!Objects.equals(want.type(), got.type())) {
          out.append("-   # TYPE ").append(want.type()).append('\n');
          out.append("+   # TYPE ").append(got.type()).append('\n');
        }
        if (!Objects.equals(want.help(), got.help())) {
          out.append("-   # HELP ").append(escapeHelp(want.help())).append('\n');
          out.append("+   # HELP ").append(escapeHelp(got.help())).append('\n');
        }
        diffSamples(out, want.samples(), got.samples());
      }
    }
    return out.toString();
  }

  private static void diffSamples(StringBuilder out, List<Sample> want, List<Sample> got) {
    List<Sample> missing = new ArrayList<>(want);
    missing.removeAll(got);
    List<Sample> unexpected = new ArrayList<>(got);
    unexpected.removeAll(want);
    missing.forEach(sample -> out.append("-   ").append(sample).append('\n'));
    unexpected.forEach(sample -> out.append("+   ").append(sample).append('\n'));
  }

  private static void prefixLines(StringBuilder out, String prefix, String lines) {
    for (String line : lines.split("\n", -1)) {
      if (!line.isEmpty()) {
        out.append(prefix).append(line).append('\n');
      }
    }
  }

  /** Parses text format 0.0.4; throws {@link IllegalArgumentException} naming the bad line. */
  public static Exposition parse(String text) {
    return new Exposition(ExpositionParser.parse(text));
  }

  static String escapeHelp(String help) {
    return help == null ? "null" : help.replace("\\", "\\\\").replace("\n", "\\n");
  }

  static String escapeLabelValue(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  static String formatValue(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return Double.toString(value);
  }
}
