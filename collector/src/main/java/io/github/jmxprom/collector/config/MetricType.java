package io.github.jmxprom.collector.config;

/**
 * The type a rule gives its samples. Like jmx_exporter, only the exact words {@code GAUGE} and
 * {@code COUNTER} select a type; {@code UNTYPED} and anything else export as untyped.
 *
 * <pre>{@code
 * MetricType.fromRuleValue("COUNTER"); // COUNTER
 * MetricType.fromRuleValue("gauge");   // UNKNOWN (jmx_exporter compatible)
 * }</pre>
 */
public enum MetricType {
  GAUGE,
  COUNTER,
  UNKNOWN;

  /** The type of a rule's {@code type:} value. */
  public static MetricType fromRuleValue(String value) {
    if ("GAUGE".equals(value)) {
      return GAUGE;
    }
    if ("COUNTER".equals(value)) {
      return COUNTER;
    }
    return UNKNOWN;
  }
}
