package io.github.jmxprom.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.testing.MapBean;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rule whose regex backtracks catastrophically on long inputs is given up on after a bounded
 * number of steps. {@code (.*x){12}y} against a bean name of 60 x's with no y after them would take
 * ages (the JDK memoizes {@code (x+x+)+y}-style loops since 9, but not counted repetitions; {@link
 * #withoutTheBoundTheWorkGrowsWithTheInput} prints how the reads grow with the number of x's): the
 * rule counts as not matching that input, the next rule gets its turn, the log names the rule once,
 * and {@code jmx_scrape_pattern_aborted_total{rule}} counts it. Without the bound the bean's read
 * hangs until the bean timeout quarantines it and a thread stays stuck in the regex.
 */
class CatastrophicPatternTest {

  private static final String LONG = "x".repeat(60);
  private static final String YAML =
      """
      rules:
      - pattern: '(.*x){12}y'
        name: never_matched
      - pattern: 'y.test<type=(\\w+)><>Value'
        name: fallback_value
        labels: {type: $1}
      """;

  private final MBeanServer server = MBeanServerFactory.newMBeanServer();
  private final List<String> warnings = new ArrayList<>();
  private final Logger log = Logger.getLogger("io.github.jmxprom.collector.rules.BoundedMatch");
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          warnings.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureLog() {
    log.addHandler(capture);
  }

  @AfterEach
  void releaseLog() {
    log.removeHandler(capture);
  }

  @Test
  void backtrackingRuleIsGivenUpAndTheNextRuleMatches() throws Exception {
    // "y" occurs (in the domain), so the rule's required-literal check does not skip the regex.
    server.registerMBean(new MapBean().with("Value", 7), new ObjectName("y.test:type=" + LONG));
    server.registerMBean(new MapBean().with("Value", 8), new ObjectName("y.test:type=short"));
    JmxCollector collector = Scrapes.collector(YAML, server);

    String first = Scrapes.text(collector.collect(), true);
    String second = Scrapes.text(collector.collect(), true);

    assertThat(first)
        .contains("fallback_value{type=\"" + LONG + "\"} 7.0\n")
        .contains("fallback_value{type=\"short\"} 8.0\n")
        .doesNotContain("never_matched")
        .doesNotContain("jmx_scrape_bean_quarantined")
        .contains("jmx_scrape_error 0.0\n")
        .containsPattern("jmx_scrape_pattern_aborted_total\\{rule=\"rules\\[0]\"} [1-9]");
    assertThat(second)
        .contains("fallback_value{type=\"" + LONG + "\"} 7.0\n")
        .contains("jmx_scrape_error 0.0\n");
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("rules[0] '(.*x){12}y'")
        .contains("catastrophic backtracking");
  }

  /**
   * The same regex, unbounded, on 16, 20 and 24 x's: the reads of the input the matcher makes
   * (counted as {@code BoundedMatch} counts them) grow about as the twelfth power of the length,
   * and already for 24 x's exceed the budget of a 60-character input (2,000,000 + 5,000 × 60).
   */
  @Test
  void withoutTheBoundTheWorkGrowsWithTheInput() {
    java.util.regex.Pattern pattern = java.util.regex.Pattern.compile("(.*x){12}y");
    long[] reads = new long[3];
    int[] lengths = {16, 20, 24};
    for (int i = 0; i < lengths.length; i++) {
      Counted input = new Counted("x".repeat(lengths[i]));
      assertThat(pattern.matcher(input).matches()).isFalse();
      reads[i] = input.reads;
    }
    System.out.printf(
        "CATASTROPHIC PATTERN (.*x){12}y unbounded: %,d reads for 16 x's, %,d for 20, %,d for 24;"
            + " budget for 60 characters %,d%n",
        reads[0], reads[1], reads[2], 2_000_000L + 5_000L * 60);
    assertThat(reads[1]).isGreaterThan(10 * reads[0]);
    assertThat(reads[2]).isGreaterThan(5 * reads[1]).isGreaterThan(2_000_000L + 5_000L * 60);
  }

  /** A string that counts the reads of its characters. */
  private static final class Counted implements CharSequence {
    private final String text;
    long reads;

    Counted(String text) {
      this.text = text;
    }

    @Override
    public char charAt(int index) {
      reads++;
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  @Test
  void noAbortMetricWhileEveryPatternFinishes() throws Exception {
    server.registerMBean(new MapBean().with("Value", 8), new ObjectName("y.test:type=short"));

    String text = Scrapes.text(Scrapes.collector(YAML, server).collect(), true);

    assertThat(text)
        .contains("fallback_value{type=\"short\"} 8.0\n")
        .doesNotContain("jmx_scrape_pattern_aborted");
    assertThat(warnings).isEmpty();
  }
}
