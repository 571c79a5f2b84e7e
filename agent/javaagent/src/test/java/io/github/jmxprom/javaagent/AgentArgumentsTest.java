package io.github.jmxprom.javaagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
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
}
