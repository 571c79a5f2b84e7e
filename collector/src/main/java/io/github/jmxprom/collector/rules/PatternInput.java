package io.github.jmxprom.collector.rules;

import io.github.jmxprom.collector.config.RuleConfig;

/**
 * The pattern input of one leaf, {@code domain<properties><path>attribute: value}, in the variants
 * rules ask for: with the attribute name as is or snake-cased, and with the value or {@code
 * <cache>}. Each variant is joined at most once, and only when a rule has to be matched against it:
 * jmx_exporter rebuilds the string for every rule, which is most of its cost with long rule lists,
 * and a leaf whose decision is remembered needs no string at all.
 *
 * <pre>{@code
 * PatternInput input = new PatternInput("java.lang<type=Memory><HeapMemoryUsage>", "used", 12L);
 * input.text(rule); // "java.lang<type=Memory><HeapMemoryUsage>used: 12"
 * }</pre>
 */
final class PatternInput {

  static final String CACHED_VALUE = "<cache>";

  private final String beanName;
  private final String attribute;
  private final Object value;
  private final String[] built = new String[4];
  private String snakeAttribute;
  private String valueText;

  PatternInput(String beanName, String attribute, Object value) {
    this.beanName = beanName;
    this.attribute = attribute;
    this.value = value;
  }

  /** {@code domain<properties><path>}, the part shared by a bean's leaves. */
  String beanName() {
    return beanName;
  }

  /** The attribute name as the rule sees it. */
  String attribute(RuleConfig rule) {
    return rule != null && rule.isAttrNameSnakeCase() ? snakeAttribute() : attribute;
  }

  /** The attribute name as read. */
  String attribute() {
    return attribute;
  }

  String snakeAttribute() {
    if (snakeAttribute == null) {
      snakeAttribute = Names.snakeCase(attribute);
    }
    return snakeAttribute;
  }

  /** The value part as the rule sees it: {@code String.valueOf(value)}, or {@code <cache>}. */
  String valueText(RuleConfig rule) {
    return rule != null && rule.isCache() ? CACHED_VALUE : valueText();
  }

  /**
   * As {@link #valueText(RuleConfig)}, but the value itself rather than its text when the text is
   * {@code String.valueOf(value)}: for a sample, which rarely needs it.
   */
  Object valuePart(RuleConfig rule) {
    if (rule != null && rule.isCache()) {
      return CACHED_VALUE;
    }
    if (valueText != null) {
      return valueText;
    }
    // Only a value that cannot change may wait (an AtomicLong could read differently later).
    return value instanceof Double
            || value instanceof Long
            || value instanceof Integer
            || value instanceof Boolean
        ? value
        : valueText();
  }

  /** {@code String.valueOf(value)}. */
  String valueText() {
    if (valueText == null) {
      valueText = String.valueOf(value);
    }
    return valueText;
  }

  /** The whole input for a rule. */
  String text(RuleConfig rule) {
    boolean snake = rule != null && rule.isAttrNameSnakeCase();
    boolean cached = rule != null && rule.isCache();
    int slot = (snake ? 2 : 0) + (cached ? 1 : 0);
    String input = built[slot];
    if (input == null) {
      input = beanName + attribute(rule) + ": " + valueText(rule);
      built[slot] = input;
    }
    return input;
  }

  /** Where the value starts in {@link #text} for a rule without {@code cache: true}. */
  int valueStart(String input) {
    return input.length() - valueText().length();
  }
}
