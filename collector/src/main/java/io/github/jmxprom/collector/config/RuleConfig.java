package io.github.jmxprom.collector.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One validated entry of {@code rules:}. Templates ({@code name}, {@code value}, {@code help},
 * label names and values) keep their {@code $1} references; the rule engine fills them in.
 *
 * <pre>{@code
 * RuleConfig rule = config.getRules().get(0);
 * rule.getIndex();         // 0, as in "rules[0]"
 * rule.getPatternSource(); // "kafka.server<type=(.+)><>Value"
 * }</pre>
 */
public final class RuleConfig {

  private final int index;
  private final String patternSource;
  private final Pattern pattern;
  private final String name;
  private final String value;
  private final double valueFactor;
  private final String help;
  private final List<Map.Entry<String, String>> labels;
  private final MetricType type;
  private final boolean cache;
  private final boolean attrNameSnakeCase;

  RuleConfig(
      int index,
      String patternSource,
      Pattern pattern,
      String name,
      String value,
      double valueFactor,
      String help,
      List<Map.Entry<String, String>> labels,
      MetricType type,
      boolean cache,
      boolean attrNameSnakeCase) {
    this.index = index;
    this.patternSource = patternSource;
    // wrap(patternSource) compiled (by RuleReader, which checked it): unanchored, as
    // jmx_exporter's.
    this.pattern = pattern;
    this.name = name;
    this.value = value;
    this.valueFactor = valueFactor;
    this.help = help;
    this.labels = Collections.unmodifiableList(labels);
    this.type = type;
    this.cache = cache;
    this.attrNameSnakeCase = attrNameSnakeCase;
  }

  /** The catch-all rule used when a config has no {@code rules:} key. */
  static RuleConfig defaultRule() {
    return new RuleConfig(
        0,
        null,
        null,
        null,
        null,
        1.0,
        null,
        Collections.<Map.Entry<String, String>>emptyList(),
        MetricType.UNKNOWN,
        false,
        false);
  }

  /** Wrapped exactly as jmx_exporter does, which makes every pattern unanchored. */
  static String wrap(String patternSource) {
    return "^.*(?:" + patternSource + ").*$";
  }

  /** Position in {@code rules:}, counted from 0. */
  public int getIndex() {
    return index;
  }

  /** The pattern as written, or null for a rule that matches everything. */
  public String getPatternSource() {
    return patternSource;
  }

  /** The compiled pattern, {@code ^.*(?:<pattern>).*$}, or null. */
  public Pattern getPattern() {
    return pattern;
  }

  /** Name template, or null for the default export format. */
  public String getName() {
    return name;
  }

  /** Value template, or null to use the attribute's value. */
  public String getValue() {
    return value;
  }

  public double getValueFactor() {
    return valueFactor;
  }

  /** Help template, or null for the default help text. */
  public String getHelp() {
    return help;
  }

  /** Label name and value templates, sorted by name template as jmx_exporter processes them. */
  public List<Map.Entry<String, String>> getLabels() {
    return labels;
  }

  public MetricType getType() {
    return type;
  }

  public boolean isCache() {
    return cache;
  }

  public boolean isAttrNameSnakeCase() {
    return attrNameSnakeCase;
  }

  /** {@code rules[i]} with its pattern, the way error messages and tools name a rule. */
  public String describe() {
    return "rules[" + index + "]" + (patternSource == null ? "" : " '" + patternSource + "'");
  }
}
