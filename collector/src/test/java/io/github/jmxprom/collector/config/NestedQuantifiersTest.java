package io.github.jmxprom.collector.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The load-time warning for patterns that can backtrack catastrophically. */
class NestedQuantifiersTest {

  @Test
  void findsARepeatedGroupThatHoldsAnUnboundedQuantifier() {
    assertThat(NestedQuantifiers.find("(.*x){12}y")).isEqualTo("(.*x){12}");
    assertThat(NestedQuantifiers.find("(a+)+b")).isEqualTo("(a+)+");
    assertThat(NestedQuantifiers.find("(x+x+)+y")).isEqualTo("(x+x+)+");
    assertThat(NestedQuantifiers.find("foo<(\\w+,?)*>")).isEqualTo("(\\w+,?)*");
    assertThat(NestedQuantifiers.find("((a|b)+c)*d")).isEqualTo("((a|b)+c)*");
    assertThat(NestedQuantifiers.find("(?:[a-z]{2,})+$")).isEqualTo("(?:[a-z]{2,})+");
    assertThat(NestedQuantifiers.find("((?:x*))+")).isEqualTo("((?:x*))+");
    assertThat(NestedQuantifiers.find("(a*){2,3}")).isEqualTo("(a*){2,3}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kafka.server<type=(.+), name=(.+)PerSec\\\\w*><>Count",
        "java.lang<type=Memory><(\\w+)MemoryUsage>(\\w+)",
        "Catalina<type=GlobalRequestProcessor, name=\\\"(\\w+-\\w+)-(\\d+)\\\"><>(\\w+):",
        "(a+)?b",
        "(a+){1}b",
        "(a+){0,1}b",
        "(ab){3}c+",
        "(a+)++b",
        "(?>a+)+b",
        "[(a+)]+",
        "\\(a+\\)+",
        "\\Q(a+)+\\E",
        "x{2}(y{1,3})*",
        "(\\w+)=(\\w+)",
        ".*",
        ""
      })
  void leavesOrdinaryPatternsAlone(String pattern) {
    assertThat(NestedQuantifiers.find(pattern)).as(pattern).isNull();
  }

  @Test
  void theConfigLoadsWithOneWarningNamingTheFileAndTheRule() {
    String yaml =
        "rules:\n"
            + "- pattern: 'java.lang<type=(\\w+)><>(\\w+)'\n"
            + "- pattern: '(.*x){12}y'\n"
            + "  name: never_matched\n";
    CollectorConfig config =
        ConfigLoader.load(
            new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "bad-regex.yaml");
    assertThat(config.getRules()).hasSize(2);
    assertThat(config.getWarnings())
        .singleElement()
        .asString()
        .startsWith("bad-regex.yaml: rules[1].pattern: '(.*x){12}' repeats a group")
        .contains("loaded anyway");
  }
}
