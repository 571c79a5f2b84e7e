package io.github.jmxprom.collector.snapshot;

import io.github.jmxprom.collector.config.MetricType;
import java.util.List;

/**
 * One sample produced by a rule, before grouping into families: sanitised name (reserved suffixes
 * not yet removed), type, help, labels in rule order, value, and the pattern input it came from
 * (which names it in an {@code _objectname} label if its labels collide with another sample's).
 *
 * <pre>{@code
 * new Sample("jvm_threads", MetricType.GAUGE, "help", names, values, 12.0, "java.lang<...>...");
 * }</pre>
 */
public final class Sample {

  private final String name;
  private final MetricType type;
  private final String help;
  private final List<String> labelNames;
  private final List<String> labelValues;
  private final double value;
  private final String matchInput;

  public Sample(
      String name,
      MetricType type,
      String help,
      List<String> labelNames,
      List<String> labelValues,
      double value,
      String matchInput) {
    this.name = name;
    this.type = type;
    this.help = help;
    this.labelNames = labelNames;
    this.labelValues = labelValues;
    this.value = value;
    this.matchInput = matchInput;
  }

  public String getName() {
    return name;
  }

  public MetricType getType() {
    return type;
  }

  public String getHelp() {
    return help;
  }

  public List<String> getLabelNames() {
    return labelNames;
  }

  public List<String> getLabelValues() {
    return labelValues;
  }

  public double getValue() {
    return value;
  }

  /**
   * The pattern input string that matched, e.g. {@code java.lang<type=Memory><HeapMemoryUsage>used:
   * 1}.
   */
  public String getMatchInput() {
    return matchInput;
  }

  /** The {@code _objectname} label value: the match input up to its last colon. */
  public String objectNameLabel() {
    int colon = matchInput.lastIndexOf(':');
    return colon < 0 ? matchInput : matchInput.substring(0, colon);
  }
}
