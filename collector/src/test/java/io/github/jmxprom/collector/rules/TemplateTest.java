package io.github.jmxprom.collector.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A {@link Template} expands exactly as jmx_exporter's {@code matcher.replaceAll(template)} on the
 * wrapped pattern {@code ^.*(?:pattern).*$}, which matches the whole input and so substitutes the
 * template once; and it fails wherever {@code replaceAll} throws. Every case is checked against the
 * real {@link Matcher#replaceAll(String)}.
 */
class TemplateTest {

  private static final String INPUT =
      "kafka.server<type=BrokerTopicMetrics, name=MessagesInPerSec, topic=t1><>Count: 1000";
  private static final String PATTERN =
      "kafka.server<type=(.+), name=(?<metric>.+)PerSec\\w*, topic=(.+)><>(Count)(: (x))?";

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "kafka_server_$1_$2_total",
        "$1$2$3$4",
        "$0",
        "${metric}",
        "a_${metric}_$3",
        "$6",
        "<$6>",
        "\\$1",
        "\\\\$1",
        "100\\%",
        "\\a\\b",
        "$10",
        "$44",
        "$1$",
        "plain text with no groups",
        "\"\"",
        "{$1}",
        "$1{metric}",
        "$",
        "\\",
        "x$",
        "x\\",
        "$a",
        "$-1",
        "${}",
        "${metric",
        "${1metric}",
        "${no_such}",
        "${nosuch}",
        "$7",
        "$9",
        "${metric}}",
      })
  void expandsLikeMatcherReplaceAllOrFailsWhereItFails(String template) {
    assertSameAsReplaceAll(PATTERN, INPUT, template);
  }

  @ParameterizedTest(name = "[{index}] {0} with {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "$10 | (a)",
        "$10 | (a)(b)(c)(d)(e)(f)(g)(h)(i)(j)",
        "$11 | (a)(b)(c)(d)(e)(f)(g)(h)(i)(j)",
        "$100 | (a)(b)(c)(d)(e)(f)(g)(h)(i)(j)",
        "$12x | (a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)",
        "$2 | (a)",
        "$1 | a",
        "$0 | a",
      })
  void multiDigitGroupReferencesTakeDigitsOnlyWhileTheGroupExists(String template, String pattern) {
    assertSameAsReplaceAll(pattern, "abcdefghijk", template);
  }

  @Test
  void aGroupThatDidNotTakePartExpandsToNothing() {
    Matcher matcher = matched("(a)?(b)", "b");
    assertThat(Template.parse("[$1][$2]", 2).expand(matcher)).isEqualTo("[][b]");
    assertThat(matched("(a)?(b)", "b").replaceAll("[$1][$2]")).isEqualTo("[][b]");
  }

  @Test
  void aMissingGroupIsAParseProblemReportedByExpand() {
    Template template = Template.parse("bad_$9", 2);
    assertThat(template.getError()).contains("9");
    assertThatThrownBy(() -> template.expand(matched("(a)(b)", "ab")))
        .isInstanceOf(Template.TemplateException.class)
        .hasMessageContaining("bad_$9");
  }

  @Test
  void anUnknownGroupNameFailsOnlyWhenExpanded() {
    Template template = Template.parse("${nosuch}", 1);
    assertThat(template.getError()).isNull();
    assertThatThrownBy(() -> template.expand(matched("(?<other>a)", "a")))
        .isInstanceOf(Template.TemplateException.class)
        .hasMessageContaining("nosuch");
  }

  @Test
  void constantTemplatesNeedNoMatcher() {
    Template template = Template.parse("plain\\$name", 0);
    assertThat(template.isConstant()).isTrue();
    assertThat(template.expand(null)).isEqualTo("plain$name");
    assertThat(Template.parse("", 0).isConstant()).isTrue();
    assertThat(Template.parse("", 0).expand(null)).isEmpty();
    assertThat(Template.parse("a_$1", 1).isConstant()).isFalse();
    assertThat(Template.parse("$", 0).isConstant()).isFalse();
  }

  @Test
  void aGroupReferenceWithoutAPatternFails() {
    Template template = Template.parse("$0", 0);
    assertThatThrownBy(() -> template.expand(null)).isInstanceOf(Template.TemplateException.class);
  }

  @Test
  void randomTemplatesExpandLikeMatcherReplaceAll() {
    String alphabet = "$\\{}0123459amxZ_ ";
    Random random = new Random(42);
    int failures = 0;
    for (int i = 0; i < 20_000; i++) {
      int length = random.nextInt(9);
      StringBuilder template = new StringBuilder();
      for (int c = 0; c < length; c++) {
        template.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      if (!assertSameAsReplaceAll(PATTERN, INPUT, template.toString())) {
        failures++;
      }
    }
    assertThat(failures)
        .as("templates that replaceAll rejects, so both paths were tried")
        .isBetween(1000, 19_000);
  }

  /** Returns whether the template was valid. */
  private static boolean assertSameAsReplaceAll(String pattern, String input, String template) {
    Pattern wrapped = Pattern.compile("^.*(?:" + pattern + ").*$");
    String expected;
    RuntimeException expectedFailure = null;
    try {
      expected = wrapped.matcher(input).replaceAll(template);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      expected = null;
      expectedFailure = e;
    }
    Matcher matcher = wrapped.matcher(input);
    assertThat(matcher.matches()).as("%s matches %s", pattern, input).isTrue();
    Template parsed = Template.parse(template, matcher.groupCount());
    if (expectedFailure != null) {
      assertThatThrownBy(() -> parsed.expand(matcher))
          .as("template '%s': replaceAll fails with %s", template, expectedFailure)
          .isInstanceOf(Template.TemplateException.class);
      return false;
    }
    assertThat(parsed.getError()).as("template '%s'", template).isNull();
    assertThat(parsed.expand(matcher)).as("template '%s'", template).isEqualTo(expected);
    return true;
  }

  private static Matcher matched(String pattern, String input) {
    Matcher matcher = Pattern.compile("^.*(?:" + pattern + ").*$").matcher(input);
    assertThat(matcher.matches()).isTrue();
    return matcher;
  }
}
