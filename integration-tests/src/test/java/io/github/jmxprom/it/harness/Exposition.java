package io.github.jmxprom.it.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The samples of a Prometheus text-format (0.0.4) exposition, for assertions on single series.
 *
 * <pre>{@code
 * Exposition metrics = http.scrape(base);
 * assertThat(metrics.value("jmx_scrape_error")).isEqualTo(0.0);
 * assertThat(metrics.find("jvm_memory_used_bytes", "area", "heap")).isNotEmpty();
 * }</pre>
 */
public final class Exposition {

  private final String text;
  private final List<Sample> samples;

  private Exposition(String text, List<Sample> samples) {
    this.text = text;
    this.samples = samples;
  }

  public static Exposition parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        samples.add(Sample.parse(line));
      }
    }
    return new Exposition(text, samples);
  }

  public String text() {
    return text;
  }

  public List<Sample> samples() {
    return samples;
  }

  /** Samples named {@code name} whose labels include the given name/value pairs. */
  public List<Sample> find(String name, String... labelPairs) {
    List<Sample> found = new ArrayList<>();
    for (Sample sample : samples) {
      if (sample.name.equals(name) && sample.hasLabels(labelPairs)) {
        found.add(sample);
      }
    }
    return found;
  }

  /** The value of the only sample named {@code name} with those labels; fails otherwise. */
  public double value(String name, String... labelPairs) {
    List<Sample> found = find(name, labelPairs);
    if (found.size() != 1) {
      throw new AssertionError(
          found.size()
              + " samples of "
              + name
              + " with labels "
              + String.join(",", labelPairs)
              + " (expected 1) in:\n"
              + text);
    }
    return found.get(0).value;
  }

  /** The distinct sample names. */
  public List<String> names() {
    return samples.stream().map(s -> s.name).distinct().collect(Collectors.toList());
  }

  /** One sample line. */
  public static final class Sample {
    private final String name;
    private final Map<String, String> labels;
    private final double value;

    private Sample(String name, Map<String, String> labels, double value) {
      this.name = name;
      this.labels = labels;
      this.value = value;
    }

    public String name() {
      return name;
    }

    public Map<String, String> labels() {
      return labels;
    }

    public double value() {
      return value;
    }

    boolean hasLabels(String... pairs) {
      for (int i = 0; i + 1 < pairs.length; i += 2) {
        if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
          return false;
        }
      }
      return true;
    }

    static Sample parse(String line) {
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      Map<String, String> labels = new LinkedHashMap<>();
      String name;
      String rest;
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        int i = brace + 1;
        while (line.charAt(i) != '}') {
          int eq = line.indexOf('=', i);
          String label = line.substring(i, eq).trim();
          StringBuilder value = new StringBuilder();
          int j = eq + 2; // after ="
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
          labels.put(label, value.toString());
          i = j + 1;
          if (line.charAt(i) == ',') {
            i++;
          }
        }
        rest = line.substring(i + 1).trim();
      } else {
        name = line.substring(0, space);
        rest = line.substring(space + 1).trim();
      }
      String number = rest.split(" ")[0];
      double value;
      switch (number) {
        case "+Inf":
          value = Double.POSITIVE_INFINITY;
          break;
        case "-Inf":
          value = Double.NEGATIVE_INFINITY;
          break;
        case "NaN":
          value = Double.NaN;
          break;
        default:
          value = Double.parseDouble(number);
      }
      return new Sample(name, labels, value);
    }

    @Override
    public String toString() {
      return name + labels + " " + value;
    }
  }
}
