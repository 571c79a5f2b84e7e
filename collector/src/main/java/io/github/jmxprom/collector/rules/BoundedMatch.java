package io.github.jmxprom.collector.rules;

import io.github.jmxprom.collector.config.RuleConfig;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.regex.Matcher;

/**
 * Runs a rule's regex with a step budget, so that a pattern with catastrophic backtracking (such as
 * {@code (a+)+b} against a long bean name) cannot hang a scrape. The matcher reads its input
 * through a {@link CharSequence} that counts {@code charAt} calls; once an input has cost more than
 * {@link #budget(int)} reads the match is abandoned and the rule counts as not matching that input.
 * The first time a rule runs out, the log names the rule and its pattern; every time, {@code
 * onAbort} is told (the self-metric {@code jmx_scrape_pattern_aborted_total{rule}}).
 *
 * <pre>{@code
 * BoundedMatch bounded = new BoundedMatch(rules.size(), rule -> selfMetrics.patternAborted(rule));
 * if (bounded.matches(r, rule, matcher, input)) { ... matcher.group(1) ... }
 * }</pre>
 *
 * <p>One instance per rule engine; {@link #matches} may be called from any thread.
 */
final class BoundedMatch {

  private static final Logger LOG = Logger.getLogger(BoundedMatch.class.getName());

  private final Consumer<RuleConfig> onAbort;
  private final AtomicBoolean[] logged;
  private final ThreadLocal<CountingInput> inputs =
      new ThreadLocal<CountingInput>() {
        @Override
        protected CountingInput initialValue() {
          return new CountingInput();
        }
      };

  BoundedMatch(int ruleCount, Consumer<RuleConfig> onAbort) {
    this.onAbort = onAbort;
    this.logged = new AtomicBoolean[ruleCount];
    for (int i = 0; i < ruleCount; i++) {
      logged[i] = new AtomicBoolean();
    }
  }

  /**
   * Reads allowed for one input of {@code length} characters: a few milliseconds of regex work, far
   * less than catastrophic backtracking, whose reads grow with a high power of the length (or
   * double with each character).
   */
  static long budget(int length) {
    return 2_000_000L + 5_000L * length;
  }

  /**
   * {@code matcher.matches()} on {@code input}, or false once the budget is spent. The matcher is
   * reset to the input (and keeps it for {@code group()} afterwards); {@code ruleIndex} is the
   * rule's position in the list.
   */
  boolean matches(int ruleIndex, RuleConfig rule, Matcher matcher, String input) {
    CountingInput counted = inputs.get();
    counted.reset(input);
    matcher.reset(counted);
    try {
      return matcher.matches();
    } catch (BudgetSpent e) {
      if (logged[ruleIndex].compareAndSet(false, true)) {
        LOG.warning(
            "jmxprom: "
                + rule.describe()
                + " gave up after "
                + counted.budget
                + " steps on an input of "
                + input.length()
                + " characters (catastrophic backtracking?); the rule does not match such inputs."
                + " Logged once; counted in jmx_scrape_pattern_aborted_total.");
      }
      onAbort.accept(rule);
      return false;
    } finally {
      counted.reads = 0;
    }
  }

  /** The input as the matcher sees it: a String that throws once read too often. */
  private static final class CountingInput implements CharSequence {
    private String text;
    private long budget;
    private long reads;

    void reset(String text) {
      this.text = text;
      this.budget = budget(text.length());
      this.reads = 0;
    }

    @Override
    public char charAt(int index) {
      if (++reads > budget) {
        throw BudgetSpent.INSTANCE;
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      // group() extracts through here after the match: no counting.
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** Thrown out of the regex engine; preallocated, without stack trace. */
  private static final class BudgetSpent extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final BudgetSpent INSTANCE = new BudgetSpent();

    private BudgetSpent() {
      super("regex step budget spent", null, false, false);
    }
  }
}
