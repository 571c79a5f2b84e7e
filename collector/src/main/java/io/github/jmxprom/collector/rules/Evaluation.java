package io.github.jmxprom.collector.rules;

import io.github.jmxprom.collector.config.RuleConfig;
import io.github.jmxprom.collector.snapshot.Sample;

/**
 * The outcome of running the rules on one attribute value: no rule matched; a rule matched and
 * produced a sample; a rule matched and stopped the search without a sample (jmx_exporter's hard
 * stops: a value that is not a number, an empty name); or a rule failed (a template references a
 * group the pattern does not have).
 *
 * <pre>{@code
 * Evaluation e = engine.evaluate(...);
 * if (e.getRule() != null) System.out.println(e.getRule().describe() + " -> " + e.getSample());
 * }</pre>
 */
public final class Evaluation {

  static final Evaluation UNMATCHED = new Evaluation(null, null, null, null, false);

  private final RuleConfig rule;
  private final Sample sample;
  private final String input;
  private final String reason;
  private final boolean failed;

  private Evaluation(RuleConfig rule, Sample sample, String input, String reason, boolean failed) {
    this.rule = rule;
    this.sample = sample;
    this.input = input;
    this.reason = reason;
    this.failed = failed;
  }

  static Evaluation matched(RuleConfig rule, Sample sample) {
    return new Evaluation(rule, sample, sample.getMatchInput(), null, false);
  }

  static Evaluation stopped(RuleConfig rule, String input, String reason) {
    return new Evaluation(rule, null, input, reason, false);
  }

  static Evaluation failed(RuleConfig rule, String input, String reason) {
    return new Evaluation(rule, null, input, reason, true);
  }

  /** The rule that matched, or null when none did. */
  public RuleConfig getRule() {
    return rule;
  }

  /** The sample, or null when no sample results. */
  public Sample getSample() {
    return sample;
  }

  /** The pattern input the matching rule saw, or null. */
  public String getInput() {
    return input;
  }

  /** Why a matching rule produced no sample, or null. */
  public String getReason() {
    return reason;
  }

  /** True when the rule could not be evaluated (a broken template): a config error. */
  public boolean isFailed() {
    return failed;
  }
}
