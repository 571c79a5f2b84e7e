package io.github.jmxprom.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lint against this JVM's MBeans, served over a JMX connector on 127.0.0.1. */
class LintTest {

  private static Registry registry;
  private static JMXConnectorServer server;
  private static String target;

  @BeforeAll
  static void startJmxServer() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    registry = LocateRegistry.createRegistry(port);
    target = "127.0.0.1:" + port;
    server =
        JMXConnectorServerFactory.newJMXConnectorServer(
            new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + target + "/jmxrmi"),
            null,
            ManagementFactory.getPlatformMBeanServer());
    server.start();
  }

  @AfterAll
  static void stopJmxServer() throws IOException {
    server.stop();
    UnicastRemoteObject.unexportObject(registry, true);
  }

  private String out;
  private String err;

  private int lint(String... args) {
    Captured lint = Captured.run(Lint::run, args);
    out = lint.out();
    err = lint.err();
    return lint.status();
  }

  private static Path config(Path dir, String yaml) throws IOException {
    Path file = dir.resolve("c.yaml");
    Files.write(file, yaml.getBytes(StandardCharsets.UTF_8));
    return file;
  }

  @Test
  void everyRuleMatchingGivesStatusZeroAndCountsPerRule(@TempDir Path dir) throws IOException {
    Path file =
        config(
            dir,
            "rules:\n"
                + "- pattern: 'java.lang<type=Threading><>ThreadCount'\n"
                + "  name: threads\n"
                + "- pattern: 'java.lang<type=Memory><HeapMemoryUsage>used'\n"
                + "  name: heap_used_bytes\n");
    assertThat(lint(file.toString(), "--target", target)).isZero();
    assertThat(out)
        .contains("rules[0] 'java.lang<type=Threading><>ThreadCount': 1 attributes, 1 samples")
        .contains("2 samples, 2 series from 2 rules on " + target);
  }

  @Test
  void aRuleMatchingNothingIsAFinding(@TempDir Path dir) throws IOException {
    Path file =
        config(
            dir,
            "rules:\n- pattern: 'java.lang<type=Threading><>ThreadCount'\n"
                + "- pattern: 'kafka.server<type=Nothing>'\n");
    assertThat(lint(file.toString(), "--target", target)).isEqualTo(1);
    assertThat(out).contains("rules[1] 'kafka.server<type=Nothing>' matches nothing on " + target);
  }

  @Test
  void aConfigErrorIsAFindingAndAnUnreachableTargetCannotRun(@TempDir Path dir) throws IOException {
    Path bad = config(dir, "rules:\n- patern: x\n");
    assertThat(lint(bad.toString())).isEqualTo(1);
    assertThat(out).contains("rules[0].patern: unknown key, did you mean 'pattern'?");

    Path good = config(dir, "rules:\n- pattern: x\n");
    assertThat(lint(good.toString())).isZero();
    assertThat(lint(good.toString(), "--target", "127.0.0.1:1")).isEqualTo(2);
    assertThat(err)
        .isEqualTo(
            "lint: cannot read the MBeans of 127.0.0.1:1: connection refused: no JMX connector"
                + " listens there (a JVM opens one with"
                + " -Dcom.sun.management.jmxremote.port=<port>)"
                + System.lineSeparator());
  }

  @Test
  void helpAndUsage() {
    assertThat(lint("--help")).isZero();
    assertThat(out).contains("usage: java -jar jmxprom-standalone.jar lint");
    assertThat(lint()).isEqualTo(2);
    assertThat(err).contains("lint: needs a config file");
  }
}
