package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.app.App;
import io.github.jmxprom.it.app.OwnLibrariesApp;
import io.github.jmxprom.it.harness.ChildJvm;
import io.github.jmxprom.it.harness.ChildJvms;
import io.github.jmxprom.it.harness.ConfigFiles;
import io.github.jmxprom.it.harness.Exposition;
import io.github.jmxprom.it.harness.FreePort;
import io.github.jmxprom.it.harness.Http;
import io.github.jmxprom.it.harness.Jars;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever goes wrong with the agent, the application runs on: one {@code jmxprom: NOT STARTED:}
 * block on stderr, nothing listening, the app's heartbeat going on. And the agent works in an app
 * that brings its own, other versions of snakeyaml and client_java.
 */
class FailOpenIT {

  static final Duration START = Duration.ofSeconds(30);
  static final String NOT_STARTED = "jmxprom: NOT STARTED: ";
  static final Pattern ALIVE = Pattern.compile("^APP ALIVE \\d+");

  @RegisterExtension final ChildJvms jvms = ChildJvms.perTest();
  @TempDir Path dir;

  @Test
  void aTakenPort() throws IOException {
    Path config = ConfigFiles.write(dir, "config.yaml", "{}\n");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      ChildJvm app = startApp("taken-port", "127.0.0.1:" + port + ":" + config);

      assertThat(failsOpen(app)).contains(String.valueOf(port));
    }
  }

  @Test
  void aTakenPortAfterStartDelaySeconds() throws IOException {
    Path config = ConfigFiles.write(dir, "delayed.yaml", "startDelaySeconds: 1\n");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      ChildJvm app = startApp("taken-port-delayed", "127.0.0.1:" + port + ":" + config);
      app.waitFor(NOT_STARTED, START);

      assertThat(failsOpen(app)).contains(String.valueOf(port));
    }
  }

  @Test
  void aMissingKeyStoreFile() {
    int port = FreePort.pick();
    Path keyStore = dir.resolve("missing.p12");
    Path config =
        ConfigFiles.write(
            dir,
            "tls.yaml",
            "httpServer:\n  ssl:\n    keyStore:\n      filename: "
                + keyStore
                + "\n      password: changeit\n");
    ChildJvm app = startApp("missing-keystore", "127.0.0.1:" + port + ":" + config);

    assertThat(failsOpen(app)).contains(keyStore.toString());
    assertThat(FreePort.isListening("127.0.0.1", port)).isFalse();
  }

  @Test
  void aMissingConfigFile() {
    int port = FreePort.pick();
    Path missing = dir.resolve("no-such-dir").resolve("missing.yaml");
    ChildJvm app = startApp("missing-config", "127.0.0.1:" + port + ":" + missing);

    assertThat(failsOpen(app)).contains(missing.toString()).contains("not found");
    assertThat(FreePort.isListening("127.0.0.1", port)).isFalse();
  }

  @Test
  void aYamlSyntaxError() {
    int port = FreePort.pick();
    Path config =
        ConfigFiles.write(dir, "syntax.yaml", "rules:\n  - pattern: \"unclosed\n    name: x\n");
    ChildJvm app = startApp("yaml-syntax", "127.0.0.1:" + port + ":" + config);

    assertThat(failsOpen(app)).contains(config.toString()).contains("YAML syntax error");
    assertThat(FreePort.isListening("127.0.0.1", port)).isFalse();
  }

  @Test
  void anUnknownKey() {
    int port = FreePort.pick();
    Path config =
        ConfigFiles.write(
            dir,
            "unknown-key.yaml",
            "rules:\n  - pattern: 'java.lang<type=(\\w+)>'\n    lables:\n      type: $1\n");
    ChildJvm app = startApp("unknown-key", "127.0.0.1:" + port + ":" + config);

    assertThat(failsOpen(app))
        .contains(config.toString())
        .contains("rules[0].lables: unknown key, did you mean 'labels'? (line 3, column 5)");
    assertThat(FreePort.isListening("127.0.0.1", port)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:9404", "99999:config.yaml", "localhost:port:config.yaml"})
  void badAgentArguments(String arguments) {
    ChildJvm app = startApp("bad-arguments", arguments);

    assertThat(failsOpen(app)).contains(arguments);
  }

  @Test
  void anAppWithItsOwnSnakeyamlAndClientJava() {
    int agentPort = FreePort.pick();
    int appPort = FreePort.pick();
    Path config = ConfigFiles.write(dir, "config.yaml", "{}\n");
    ChildJvm app =
        jvms.start(
            ChildJvm.app("own-libraries")
                .classPath(Jars.appLibs())
                .mainClass(OwnLibrariesApp.class)
                .javaagent(Jars.agent(), "127.0.0.1:" + agentPort + ":" + config)
                .args(60, appPort));
    app.waitFor("APP READY", START);

    assertThat(app.waitFor("APP YAML", START))
        .isEqualTo("APP YAML {greeting=hello, items=[1, 2]} from snakeyaml-1.33.jar");
    assertThat(app.waitFor("APP SIMPLECLIENT", START))
        .isEqualTo(
            "APP SIMPLECLIENT http://127.0.0.1:"
                + appPort
                + "/metrics from simpleclient-0.16.0.jar");
    Http http = Http.plain();
    Exposition agent = http.scrape("http://127.0.0.1:" + agentPort);
    assertThat(agent.value("jmx_scrape_error")).isZero();
    assertThat(agent.value("io_github_jmxprom_it_Identity_Pid")).isEqualTo(app.pid());
    assertThat(agent.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
    String own = http.get("http://127.0.0.1:" + appPort + "/metrics").text();
    assertThat(Exposition.parse(own).value("app_beats_total")).isPositive();
    assertThat(own).doesNotContain("jmx_scrape_error").doesNotContain("jvm_memory_used_bytes");
    assertThat(app.stderr()).doesNotContain("Exception").doesNotContain("NOT STARTED");
  }

  private ChildJvm startApp(String name, String agentArguments) {
    ChildJvm app =
        jvms.start(
            ChildJvm.app(name)
                .mainClass(App.class)
                .javaagent(Jars.agent(), agentArguments)
                .args(60));
    app.waitFor("APP READY", START);
    return app;
  }

  /**
   * Checks that the app runs on (a second of heartbeats after the agent gave up) with exactly one
   * NOT STARTED block and no stack trace; returns the block.
   */
  private static String failsOpen(ChildJvm app) {
    app.waitForCount(ALIVE, app.count(ALIVE) + 5, START);
    assertThat(app.isAlive()).isTrue();
    List<String> stderr = app.stderrLines();
    List<String> starts =
        stderr.stream().filter(l -> l.startsWith(NOT_STARTED)).collect(Collectors.toList());
    assertThat(starts).as("NOT STARTED blocks in\n%s", app.stderr()).hasSize(1);
    assertThat(stderr).as("stack trace lines").noneMatch(l -> l.startsWith("\tat "));
    int first = stderr.indexOf(starts.get(0));
    return String.join("\n", stderr.subList(first, stderr.size()));
  }
}
