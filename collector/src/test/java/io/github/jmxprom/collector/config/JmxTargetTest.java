package io.github.jmxprom.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JmxTargetTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          127.0.0.1:9999     | service:jmx:rmi:///jndi/rmi://127.0.0.1:9999/jmxrmi
          kafka-1.local:1099 | service:jmx:rmi:///jndi/rmi://kafka-1.local:1099/jmxrmi
          [::1]:9999         | service:jmx:rmi:///jndi/rmi://[::1]:9999/jmxrmi
          ' 127.0.0.1:1 '    | service:jmx:rmi:///jndi/rmi://127.0.0.1:1/jmxrmi
          service:jmx:rmi:///jndi/rmi://h:1/jmxrmi | service:jmx:rmi:///jndi/rmi://h:1/jmxrmi
          service:jmx:jmxmp://h:5555 | service:jmx:jmxmp://h:5555
          """)
  void remoteTargetsBecomeJmxServiceUrls(String text, String url) {
    JmxTarget target = JmxTarget.parse(text);

    assertThat(target.getJmxUrl()).isEqualTo(url);
    assertThat(target.isLocalPid()).isFalse();
    assertThat(target.getPid()).isZero();
    assertThat(target.toString()).isEqualTo(text.trim());
  }

  @Test
  void aPidTargetNamesALocalJvm() {
    JmxTarget target = JmxTarget.parse("pid:4242");

    assertThat(target.isLocalPid()).isTrue();
    assertThat(target.getPid()).isEqualTo(4242);
    assertThat(target.getJmxUrl()).isEmpty();
    assertThat(target).isEqualTo(JmxTarget.parse(" pid:4242")).hasSameHashCodeAs("pid:4242");
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "",
        "9999",
        "host:",
        ":9999",
        "host:0",
        "host:65536",
        "host:99x",
        "evil.com/x:1",
        "user@host:1",
        "pid:",
        "pid:0",
        "pid:-1",
        "pid:12a",
        "service:jmx:",
        "service:jmx:rmi://[bad"
      })
  void malformedTargetsAreRefusedWithTheForms(String text) {
    assertThatThrownBy(() -> JmxTarget.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .isNotBlank();
  }

  @Test
  void theMessageListsTheForms() {
    assertThatThrownBy(() -> JmxTarget.parse("9999"))
        .hasMessageContaining("expected host:port, service:jmx:... or pid:<process id>");
    assertThatThrownBy(() -> JmxTarget.parse(null)).hasMessageContaining("empty target");
  }

  @Test
  void globsMatchTheWholeTarget() {
    assertThat(TargetPattern.compile("127.0.0.1:*").matches("127.0.0.1:9999")).isTrue();
    assertThat(TargetPattern.compile("127.0.0.1:*").matches("127.0.0.10:9999")).isFalse();
    assertThat(TargetPattern.compile("127.0.0.1:*").matches("x127.0.0.1:9999")).isFalse();
    assertThat(TargetPattern.compile("h?:1").matches("h1:1")).isTrue();
    assertThat(TargetPattern.compile("h?:1").matches("h:1")).isFalse();
    assertThat(TargetPattern.compile("a.b:1").matches("axb:1")).as("dots are literal").isFalse();
    assertThat(TargetPattern.compile("pid:*").matches("pid:1")).isTrue();
    assertThat(TargetPattern.compile("*").matches("anything at all")).isTrue();
    assertThat(TargetPattern.compile("[a]*").matches("[a]x")).isTrue();
    assertThat(TargetPattern.compile("pid:*").toString()).isEqualTo("pid:*");
  }
}
