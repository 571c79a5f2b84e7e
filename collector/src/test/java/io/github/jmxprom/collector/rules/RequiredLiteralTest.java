package io.github.jmxprom.collector.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequiredLiteralTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '#',
      nullValues = "NONE",
      value = {
        "kafka.server<type=(.+), name=(.+)PerSec\\w*><>Count # server<type=",
        "java.lang<type=Memory><HeapMemoryUsage>used # lang<type=Memory><HeapMemoryUsage>used",
        "^hadoop<(service)=(DataNode) # hadoop<",
        "customValue><>Value: (\\d+) # 'customValue><>Value: '",
        "abcd? # abc",
        "abcd*e # abc",
        "abc{2} # NONE",
        "abcd+ # abc",
        "a\\.b\\.c # a.b.c",
        "Catalina<type=GlobalRequestProcessor, name=\\\"(\\w+) # Catalina<type=GlobalRequestProcessor, name=\"",
        "a|b # NONE",
        "(?i)kafka.server # NONE",
        "ab # NONE",
        ".* # NONE",
        "[abc]def # def",
        "xyz\\Qa.b\\E # xyz",
      })
  void findsTextEveryMatchContains(String pattern, String expected) {
    assertThat(RequiredLiteral.of(pattern.trim())).isEqualTo(expected == null ? null : expected);
  }

  @Test
  void findsEveryTopLevelLiteral() {
    assertThat(RequiredLiteral.all("kafka.server<type=(.+), name=(.+)PerSec\\w*><>Count"))
        .containsExactly("kafka", "server<type=", ", name=", "PerSec", "><>Count");
    assertThat(RequiredLiteral.all("abc[(x]def(g(h)i)?jkl{2,3}mnop"))
        .containsExactly("abc", "def", "mnop");
    assertThat(RequiredLiteral.all("abc(?i)def")).containsExactly("abc");
    assertThat(RequiredLiteral.all("abc(?i:x)def")).containsExactly("abc", "def");
  }

  /**
   * The filter may only skip inputs the regex would reject: for many patterns and inputs, every
   * input the wrapped pattern matches contains the literal.
   */
  @Test
  void neverRejectsAnInputThePatternMatches() {
    String[] patterns = {
      "kafka.(\\w+)<type=(.+), name=(.+)PerSec\\w*, (.+)=(.+)><>Count",
      "kafka.server<type=(.+), client-id=(.+)><>([a-z-]+)",
      "abc?d",
      "ab+c",
      "a.c",
      "x\\.y",
      "Value: (\\d+)",
      "<>Value",
      "ab*",
      "q\\Qa*\\E",
      "org.apache.cassandra.metrics<type=(\\S*)(?:, ((?!scope)\\S*)=(\\S*))?",
      "Catalina<type=Manager, host=([-a-zA-Z0-9+&@#/%?=~_!:.,;]*[-a-zA-Z0-9+&@#/%=~_])><>x",
      "ab(c)?dab",
      "xy[a-c]+zz",
      "q(?:a|b)qq",
      "abc(?i)DEF",
      "a[]b]cab",
      "a[^]x]bcd",
      "k(?=a)kak",
      "aa(b(c)d)*aa",
      "Value: (\\d+)$"
    };
    Random random = new Random(42);
    String alphabet = "abcdefjklmnopxyzqkACDEFV.<>=,:\\ ]0123456789*kafkaservertypeValueCount";
    List<String> inputs = new ArrayList<>();
    inputs.add("kafka.server<type=BrokerTopicMetrics, name=BytesInPerSec, topic=t><>Count: 1");
    inputs.add("kafka.server<type=Fetch, client-id=c1><>byte-rate: 2");
    inputs.add("abd");
    inputs.add("abcd");
    inputs.add("abbbc");
    inputs.add("qa*");
    for (int i = 0; i < 20_000; i++) {
      StringBuilder s = new StringBuilder();
      int length = 1 + random.nextInt(12);
      for (int j = 0; j < length; j++) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      inputs.add(s.toString());
    }
    for (String p : patterns) {
      Pattern wrapped = Pattern.compile("^.*(?:" + p + ").*$");
      List<String> literals = RequiredLiteral.all(p);
      for (String input : inputs) {
        if (wrapped.matcher(input).matches()) {
          for (String literal : literals) {
            assertThat(input).as("pattern %s, literal %s", p, literal).contains(literal);
          }
        }
      }
    }
  }
}
