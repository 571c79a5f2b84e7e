package io.github.jmxprom.benchmarks.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A Prometheus text exposition (format 0.0.4) as two sorted maps: families (name to TYPE and HELP)
 * and samples ({@code name{sorted labels}} to value), so that two answers can be compared without
 * caring about order, label order, or how a double was printed.
 */
final class Exposition {

  /**
   * What the equality check leaves out: JVM and process metrics, the exporters' self-metrics and
   * build info, and (with no rules) the JVM's own MBean domains, whose values move by themselves.
   */
  static final List<String> EXCLUDED_PREFIXES =
      List.of(
          "jvm_",
          "process_",
          "jmx_",
          "java_lang_",
          "java_nio_",
          "java_util_logging_",
          "jdk_",
          "com_sun_management_",
          "JMImplementation_");

  private final Map<String, String> families = new TreeMap<>();
  private final Map<String, Double> samples = new TreeMap<>();

  static Exposition parse(String text, Predicate<String> include) {
    Exposition exposition = new Exposition();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
        String rest = line.substring(7);
        int space = rest.indexOf(' ');
        String name = space < 0 ? rest : rest.substring(0, space);
        if (include.test(name)) {
          String kind = line.substring(2, 6);
          exposition.families.merge(
              name,
              kind + " " + (space < 0 ? "" : rest.substring(space + 1)),
              (a, b) -> a + " | " + b);
        }
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      exposition.addSample(line, include);
    }
    return exposition;
  }

  static boolean comparable(String name) {
    for (String prefix : EXCLUDED_PREFIXES) {
      if (name.startsWith(prefix)) {
        return false;
      }
    }
    return true;
  }

  private void addSample(String line, Predicate<String> include) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    String name;
    List<String> labels = new ArrayList<>();
    int valueStart;
    if (brace >= 0 && (space < 0 || brace < space)) {
      name = line.substring(0, brace);
      valueStart = parseLabels(line, brace + 1, labels);
    } else {
      name = line.substring(0, space);
      valueStart = space;
    }
    if (!include.test(name)) {
      return;
    }
    String[] rest = line.substring(valueStart).trim().split(" ");
    labels.sort(null);
    samples.put(name + "{" + String.join(",", labels) + "}", parseValue(rest[0]));
  }

  /** Reads {@code a="b",c="d"}; returns the index after the closing brace. */
  private static int parseLabels(String line, int start, List<String> labels) {
    int i = start;
    while (line.charAt(i) != '}') {
      int equals = line.indexOf('=', i);
      String name = line.substring(i, equals).trim();
      StringBuilder value = new StringBuilder();
      int j = equals + 2; // skip ="
      while (line.charAt(j) != '"') {
        char c = line.charAt(j);
        if (c == '\\') {
          char next = line.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
        j++;
      }
      labels.add(name + "=\"" + value + "\"");
      i = j + 1;
      if (line.charAt(i) == ',') {
        i++;
      }
    }
    return i + 1;
  }

  private static double parseValue(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }

  int familyCount() {
    return families.size();
  }

  int sampleCount() {
    return samples.size();
  }

  /** Differences, at most {@code limit} of them described; empty when equal. */
  static Difference compare(Exposition left, Exposition right, int limit) {
    List<String> details = new ArrayList<>();
    int count = 0;
    for (Map.Entry<String, String> family : left.families.entrySet()) {
      String other = right.families.get(family.getKey());
      if (!family.getValue().equals(other)) {
        count++;
        if (details.size() < limit) {
          details.add(
              "family " + family.getKey() + ": [" + family.getValue() + "] vs [" + other + "]");
        }
      }
    }
    for (String family : right.families.keySet()) {
      if (!left.families.containsKey(family)) {
        count++;
        if (details.size() < limit) {
          details.add("family " + family + " only in the second");
        }
      }
    }
    for (Map.Entry<String, Double> sample : left.samples.entrySet()) {
      Double other = right.samples.get(sample.getKey());
      if (other == null || Double.compare(sample.getValue(), other) != 0) {
        count++;
        if (details.size() < limit) {
          details.add(sample.getKey() + " " + sample.getValue() + " vs " + other);
        }
      }
    }
    for (String sample : right.samples.keySet()) {
      if (!left.samples.containsKey(sample)) {
        count++;
        if (details.size() < limit) {
          details.add(sample + " only in the second");
        }
      }
    }
    return new Difference(count, details);
  }

  /** The outcome of {@link #compare}. */
  record Difference(int count, List<String> details) {
    boolean equal() {
      return count == 0;
    }
  }
}
