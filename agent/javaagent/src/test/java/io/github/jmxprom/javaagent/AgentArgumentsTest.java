package io.github.jmxprom.javaagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentArgumentsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "9404:config.yaml                     | null          | 9404  | config.yaml",
        "127.0.0.1:9404:/etc/jmxprom/c.yaml   | 127.0.0.1     | 9404  | /etc/jmxprom/c.yaml",
        "my-host.example.com:1:c.yaml         | my-host.example.com | 1 | c.yaml",
        "[::1]:12345:/opt/c.yaml              | ::1           | 12345 | /opt/c.yaml",
        "[fe80::1%eth0]:65535:c.yaml          | fe80::1%eth0  | 65535 | c.yaml",
        "8181:C:\\Java\\jmxprom\\tomcat.yaml   | null          | 8181  | C:\\Java\\jmxprom\\tomcat.yaml",
        "localhost:8181:C:\\jmxprom\\t.yaml    | localhost     | 8181  | C:\\jmxprom\\t.yaml",
        "9404:config with spaces.yaml         | null          | 9404  | config with spaces.yaml",
      })
  void readsTheFormsJmxExporterAccepts(String arguments, String host, int port, String config) {
    AgentArguments parsed = AgentArguments.parse(arguments);
    assertThat(parsed.getHost()).isEqualTo("null".equals(host) ? null : host);
    assertThat(parsed.getPort()).isEqualTo(port);
    assertThat(parsed.getConfigFile()).isEqualTo(Paths.get(config));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0:c.yaml", "65536:c.yaml", "99999:c.yaml"})
  void rejectsPortsOutOfRange(String arguments) {
    assertThatThrownBy(() -> AgentArguments.parse(arguments))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range 1-65535");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "host:config.yaml", "123456:c.yaml"})
  void explainsTheExpectedFormWhenItCannotRead(String arguments) {
    assertThatThrownBy(() -> AgentArguments.parse(arguments))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[host:]port:path/to/config.yaml");
  }

  @org.junit.jupiter.api.Test
  void aConfigAloneMeansOpenTelemetryPushOnlyAsInJmxExporter() {
    assertThat(AgentArguments.parse("/etc/jmxprom/otel.yaml").getPort()).isZero();
    assertThat(AgentArguments.parse("C:\\jmxprom\\otel.yaml").getConfigFile())
        .isEqualTo(Paths.get("C:\\jmxprom\\otel.yaml"));
  }

  @org.junit.jupiter.api.Test
  void formatsTheAddressForMessages() {
    assertThat(AgentArguments.parse("9404:c.yaml").address()).isEqualTo("0.0.0.0:9404");
    assertThat(AgentArguments.parse("[::1]:9404:c.yaml").address()).isEqualTo("[::1]:9404");
  }

  /** jmx_exporter's expression for the agent argument, which the hand-written parser follows. */
  private static final Pattern JMX_EXPORTER_FORM =
      Pattern.compile("^(?:((?:[\\w.-]+)|(?:\\[.+])):)?(\\d{1,5}):(.+)$", Pattern.DOTALL);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "9404:c.yaml",
        "1:2:c.yaml",
        "h:80:",
        "h:80:x",
        "h::80:x",
        ":80:x",
        "80::x",
        "80:x:y",
        "123456:c.yaml",
        "12345:c.yaml",
        "h:123456:c.yaml",
        "h_1.a-b:9:c",
        "hé:9:c",
        "[::1]:9404:c.yaml",
        "[::1]:9404:/a]:1:x",
        "[::1]:x]:1:c",
        "[]:1:c",
        "[x]:1:",
        "[x]]:1:c",
        "[a]:b]:2:c]:x",
        "[::1:9404:c",
        "::1:9404:c",
        "8181:C:\\x.yaml",
        "C:\\x.yaml",
        "h:9404:c\nd.yaml",
        "9404:c.yaml\u2028",
        "0:c",
        "00000:c",
        "٣:c",
      })
  void readsHostPortAndConfigAsJmxExportersExpression(String arguments) {
    Matcher m = JMX_EXPORTER_FORM.matcher(arguments.trim());
    String expected;
    if (m.matches()) {
      String host = m.group(1);
      int port = Integer.parseInt(m.group(2));
      expected =
          (host != null && host.startsWith("[") ? host.substring(1, host.length() - 1) : host)
              + " "
              + port
              + " "
              + m.group(3);
    } else {
      expected = "no match";
    }
    String actual;
    try {
      AgentArguments parsed = AgentArguments.parse(arguments);
      actual =
          parsed.getPort() == 0
              ? "no match"
              : parsed.getHost() + " " + parsed.getPort() + " " + parsed.getConfigFile();
    } catch (IllegalArgumentException e) {
      actual = e.getMessage().contains("out of range") ? "null 0 " : "no match";
    }
    if (actual.startsWith("null 0 ")) {
      assertThat(m.matches()).as(arguments).isTrue();
      assertThat(Integer.parseInt(m.group(2))).as(arguments).isZero();
    } else {
      assertThat(actual).as(arguments).isEqualTo(expected);
    }
  }
}
