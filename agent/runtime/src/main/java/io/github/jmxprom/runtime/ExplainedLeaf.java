package io.github.jmxprom.runtime;

import io.github.jmxprom.collector.config.MetricType;
import io.github.jmxprom.collector.rules.Evaluation;
import io.github.jmxprom.collector.snapshot.DropReason;
import io.github.jmxprom.collector.snapshot.LabelSet;
import io.github.jmxprom.collector.snapshot.Sample;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.management.ObjectName;

/**
 * What a scrape makes of one attribute value: the rules' {@link Evaluation} and, for a sample, what
 * the assembling of the scrape did with it: served in which family, type and labels (as {@code
 * /metrics} writes them), or dropped and why. Made by {@link RuleExplanation#outcomes}.
 *
 * <pre>{@code
 * for (ExplainedLeaf leaf : RuleExplanation.outcomes(config, reserved, leaves)) {
 *   if (leaf.isServed()) System.out.println(leaf.servedSeries()); // app_requests_total{code="200"}
 * }
 * }</pre>
 */
public final class ExplainedLeaf {

  private final ObjectName bean;
  private final String beanName;
  private final String attribute;
  private final Object value;
  private final Evaluation evaluation;
  private String family;
  private MetricType servedType;
  private LabelSet servedLabels;
  private DropReason dropReason;
  private ExplainedLeaf sameAs;

  ExplainedLeaf(
      ObjectName bean, String beanName, String attribute, Object value, Evaluation evaluation) {
    this.bean = bean;
    this.beanName = beanName;
    this.attribute = attribute;
    this.value = value;
    this.evaluation = evaluation;
  }

  void served(String family, MetricType type, LabelSet labels) {
    this.family = family;
    this.servedType = type;
    this.servedLabels = labels;
  }

  void dropped(String family, DropReason reason, ExplainedLeaf same) {
    this.family = family;
    this.dropReason = reason;
    this.sameAs = same;
  }

  /** The bean the value is an attribute (or part of an attribute) of. */
  public ObjectName getBean() {
    return bean;
  }

  /** The pattern input's {@code domain<properties><path>}. */
  public String getBeanName() {
    return beanName;
  }

  public String getAttribute() {
    return attribute;
  }

  public Object getValue() {
    return value;
  }

  public Evaluation getEvaluation() {
    return evaluation;
  }

  /** The pattern input the matching rule saw, or the plain one when no rule matched. */
  public String getInput() {
    String input = evaluation.getInput();
    return input != null ? input : beanName + attribute + ": " + value;
  }

  /** The rule's sample, or null. */
  public Sample getSample() {
    return evaluation.getSample();
  }

  /** True when the sample is in the scrape's answer. */
  public boolean isServed() {
    return servedLabels != null;
  }

  /** The family (name without {@code _total}) the sample went to; null without a sample. */
  public String getFamily() {
    return family;
  }

  /** The type the family is served with; null unless served. */
  public MetricType getServedType() {
    return servedType;
  }

  /** The labels served with: the sample's own, or with {@code _objectname}; null unless served. */
  public LabelSet getServedLabels() {
    return servedLabels;
  }

  /** Why the scrape leaves the sample out; null when it is served or there is none. */
  public DropReason getDropReason() {
    return dropReason;
  }

  /** The served value a {@link DropReason#DUPLICATE_SAMPLE} repeats, else null. */
  public ExplainedLeaf getSameAs() {
    return sameAs;
  }

  /**
   * The series as the text exposition writes it, e.g. {@code app_requests_total{code="200"}}; only
   * for a served sample.
   */
  public String servedSeries() {
    return series(family, servedType, servedLabels);
  }

  /** {@code family[_total]{labels}} as the exposition writes it; only for exposable labels. */
  static String series(String family, MetricType type, LabelSet labels) {
    return family
        + (type == MetricType.COUNTER ? "_total" : "")
        + new String(labels.text(), StandardCharsets.UTF_8);
  }

  static String typeWord(MetricType type) {
    return type.name().toLowerCase(Locale.ROOT);
  }
}
