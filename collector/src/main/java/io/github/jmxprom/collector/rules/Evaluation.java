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
  // The input and the reason are joined only when asked for: most evaluations never are.
  private final PatternInput input;
  private final Object reason;
  private final boolean failed;

  private Evaluation(
      RuleConfig rule, Sample sample, PatternInput input, Object reason, boolean failed) {
    this.rule = rule;
    this.sample = sample;
    this.input = input;
    this.reason = reason;
    this.failed = failed;
  }

  static Evaluation matched(RuleConfig rule, Sample sample) {
    return new Evaluation(rule, sample, null, null, false);
  }

  static Evaluation stopped(RuleConfig rule, PatternInput input, String reason) {
    return new Evaluation(rule, null, input, reason, false);
  }

  /** Stopped because the value (or the rule's {@code value:}) is not a number. */
  static Evaluation notANumber(RuleConfig rule, PatternInput input, Object value) {
    return new Evaluation(rule, null, input, new NotANumber(value), false);
  }

  static Evaluation failed(RuleConfig rule, PatternInput input, String reason) {
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
    if (sample != null) {
      return sample.getMatchInput();
    }
    return input == null ? null : input.text(rule);
  }

  /** Why a matching rule produced no sample, or null. */
  public String getReason() {
    return reason == null ? null : reason.toString();
  }

  /** True when the rule could not be evaluated (a broken template): a config error. */
  public boolean isFailed() {
    return failed;
  }

  private static final class NotANumber {
    private final Object value;

    NotANumber(Object value) {
      this.value = value;
    }

    @Override
    public String toString() {
      return "value is not a number: " + value;
    }
  }
}
