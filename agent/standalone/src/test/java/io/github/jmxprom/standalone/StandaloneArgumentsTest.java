package io.github.jmxprom.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class StandaloneArgumentsTest {

  @Test
  void portAlone() {
    StandaloneArguments a = StandaloneArguments.parse(new String[] {"9404", "kafka.yaml"});
    assertThat(a.getHost()).isNull();
    assertThat(a.getPort()).isEqualTo(9404);
    assertThat(a.getConfigFile()).isEqualTo(Paths.get("kafka.yaml"));
    assertThat(a.address()).isEqualTo("0.0.0.0:9404");
  }

  @Test
  void hostAndPortSplitAtTheLastColon() {
    StandaloneArguments a = StandaloneArguments.parse(new String[] {"127.0.0.1:9404", "c.yaml"});
    assertThat(a.getHost()).isEqualTo("127.0.0.1");
    assertThat(a.getPort()).isEqualTo(9404);
  }

  @Test
  void bracketedIpv6() {
    StandaloneArguments a = StandaloneArguments.parse(new String[] {"[::1]:9404", "c.yaml"});
    assertThat(a.getHost()).isEqualTo("::1");
    assertThat(a.address()).isEqualTo("[::1]:9404");
  }

  @Test
  void wrongArgumentCountsPrintTheUsage() {
    assertThatThrownBy(() -> StandaloneArguments.parse(new String[] {}))
        .hasMessageStartingWith("too few arguments")
        .hasMessageContaining("usage: java -jar jmxprom-standalone.jar [host:]port config.yaml");
    assertThatThrownBy(() -> StandaloneArguments.parse(new String[] {"1", "2", "3"}))
        .hasMessageStartingWith("too many arguments");
  }

  @Test
  void aConfigAloneMeansOpenTelemetryPushOnly() {
    StandaloneArguments a = StandaloneArguments.parse(new String[] {"otel.yaml"});
    assertThat(a.getPort()).isZero();
    assertThat(a.getConfigFile()).isEqualTo(Paths.get("otel.yaml"));
  }

  @Test
  void badPorts() {
    assertThatThrownBy(() -> StandaloneArguments.parse(new String[] {"host:http", "c.yaml"}))
        .hasMessageContaining("the port must be a number");
    assertThatThrownBy(() -> StandaloneArguments.parse(new String[] {"70000", "c.yaml"}))
        .hasMessage("port 70000 is out of range 1-65535");
  }
}
