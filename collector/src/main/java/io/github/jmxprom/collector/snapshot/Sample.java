package io.github.jmxprom.collector.snapshot;

import io.github.jmxprom.collector.config.MetricType;
import java.util.List;

/**
 * One sample produced by a rule, before grouping into families: sanitised name (reserved suffixes
 * not yet removed), type, help, labels in rule order, value, and the pattern input it came from
 * (which names it in an {@code _objectname} label if its labels collide with another sample's). The
 * pattern input is kept in its three parts ({@code domain<properties><path>}, attribute, value) and
 * joined only when asked for, since most samples never need it.
 *
 * <pre>{@code
 * LabelSet labels = LabelSet.of(Arrays.asList("area"), Arrays.asList("heap"));
 * new Sample("jvm_memory", MetricType.GAUGE, "help", labels, 12.0,
 *     "java.lang<type=Memory><HeapMemoryUsage>", "used", "12");
 * }</pre>
 */
public final class Sample {

  private final String name;
  private final MetricType type;
  private final String help;
  // True when the help is a rule's own help: text, not the default naming the bean and attribute.
  private final boolean helpFromRule;
  private final LabelSet labels;
  private final double value;
  private final String beanName;
  private final String attribute;
  // The value as the pattern input shows it: a String, or the leaf's value, made text only when
  // asked for (most samples never are, and Double.toString is dear).
  private final Object valueText;

  /**
   * A sample whose pattern input was {@code beanName + attribute + ": " + valueText}, e.g. {@code
   * java.lang<type=Memory><HeapMemoryUsage>} + {@code used} + {@code ": "} + {@code 12}. {@code
   * valueText} may also be the value itself: its {@code String.valueOf} is the text.
   */
  public Sample(
      String name,
      MetricType type,
      String help,
      LabelSet labels,
      double value,
      String beanName,
      String attribute,
      Object valueText) {
    this(name, type, help, false, labels, value, beanName, attribute, valueText);
  }

  /**
   * As {@link #Sample(String, MetricType, String, LabelSet, double, String, String, Object)};
   * {@code helpFromRule} tells that {@code help} is a rule's {@code help:}, not the default help.
   */
  public Sample(
      String name,
      MetricType type,
      String help,
      boolean helpFromRule,
      LabelSet labels,
      double value,
      String beanName,
      String attribute,
      Object valueText) {
    this.name = name;
    this.type = type;
    this.help = help;
    this.helpFromRule = helpFromRule;
    this.labels = labels;
    this.value = value;
    this.beanName = beanName;
    this.attribute = attribute;
    this.valueText = valueText;
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

  /** True when the help is a rule's {@code help:}, false for the default help. */
  public boolean isHelpFromRule() {
    return helpFromRule;
  }

  public LabelSet getLabels() {
    return labels;
  }

  public List<String> getLabelNames() {
    return labels.names();
  }

  public List<String> getLabelValues() {
    return labels.values();
  }

  public double getValue() {
    return value;
  }

  /**
   * The pattern input string that matched, e.g. {@code java.lang<type=Memory><HeapMemoryUsage>used:
   * 1}.
   */
  public String getMatchInput() {
    return beanName + attribute + ": " + String.valueOf(valueText);
  }

  /** The {@code _objectname} label value: the match input up to its last colon. */
  public String objectNameLabel() {
    String input = getMatchInput();
    int colon = input.lastIndexOf(':');
    return colon < 0 ? input : input.substring(0, colon);
  }
}
