package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jmxprom.it.app.App;
import io.github.jmxprom.it.app.AppMBeans;
import io.github.jmxprom.it.harness.ChildJvm;
import io.github.jmxprom.it.harness.ChildJvms;
import io.github.jmxprom.it.harness.ConfigFiles;
import io.github.jmxprom.it.harness.Exposition;
import io.github.jmxprom.it.harness.FreePort;
import io.github.jmxprom.it.harness.Http;
import io.github.jmxprom.it.harness.Jars;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The java agent on a small application: {@code -javaagent:jmxprom-javaagent.jar=host:port:config}.
 * One app with the agent is shared by the read-only tests; the others start their own.
 */
class AgentIT {

  static final Duration START = Duration.ofSeconds(30);

  @RegisterExtension static final ChildJvms SHARED = ChildJvms.perClass();
  @RegisterExtension final ChildJvms jvms = ChildJvms.perTest();

  @TempDir static Path dir;

  static final Http HTTP = Http.plain();
  static String base;
  static ChildJvm app;

  @BeforeAll
  static void startAppWithAgent() {
    int port = FreePort.pick();
    Path config = ConfigFiles.write(dir, "default.yaml", "{}\n");
    app =
        SHARED.start(
            ChildJvm.app("app-with-agent")
                .mainClass(App.class)
                .javaagent(Jars.agent(), "127.0.0.1:" + port + ":" + config)
                .args(120));
    app.waitFor("APP READY", START);
    base = "http://127.0.0.1:" + port;
  }

  @Test
  void exportsTheAppsMBeansWithTheDefaultFormat() {
    Exposition first = HTTP.scrape(base);

    assertThat(first.value("io_github_jmxprom_it_Identity_Pid")).isEqualTo(app.pid());
    assertThat(first.value("io_github_jmxprom_it_Pool_Usage_max", "name", "buffers"))
        .isEqualTo(AppMBeans.POOL_MAX);
    assertThat(first.find("io_github_jmxprom_it_Pool_Usage_used", "name", "buffers")).hasSize(1);
    assertThat(
            first.value(
                "Catalina_GlobalRequestProcessor_requestCount", "name", "\"http-nio-8080\""))
        .isPositive();
    assertThat(first.value("jmx_scrape_error")).isZero();

    app.waitForCount(
        Pattern.compile("APP ALIVE"), app.count(Pattern.compile("APP ALIVE")) + 2, START);
    Exposition second = HTTP.scrape(base);
    assertThat(second.value("io_github_jmxprom_it_Heartbeat_Beats"))
        .isGreaterThan(first.value("io_github_jmxprom_it_Heartbeat_Beats"));
  }

  @Test
  void servesJvmMetricsAndBuildInfo() {
    Exposition metrics = HTTP.scrape(base);

    assertThat(metrics.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
    assertThat(metrics.value("jvm_memory_max_bytes", "area", "heap")).isPositive();
    assertThat(metrics.value("jvm_threads_current")).isPositive();
    assertThat(metrics.find("jvm_runtime_info")).hasSize(1);
    assertThat(
            metrics.value(
                "jmx_exporter_build_info", "name", "jmxprom-javaagent", "version", Jars.version()))
        .isEqualTo(1.0);
  }

  @Test
  void negotiatesOpenMetricsAndProtobuf() {
    Http.Response openMetrics =
        HTTP.get(
            base + "/metrics",
            "Accept",
            "application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(openMetrics.status()).isEqualTo(200);
    assertThat(openMetrics.header("Content-Type")).startsWith("application/openmetrics-text");
    assertThat(openMetrics.text()).contains("jvm_threads_current ").endsWith("# EOF\n");

    Http.Response protobuf =
        HTTP.get(
            base + "/metrics",
            "Accept",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                + "encoding=delimited");
    assertThat(protobuf.status()).isEqualTo(200);
    assertThat(protobuf.header("Content-Type")).startsWith("application/vnd.google.protobuf");
    // Protobuf strings are plain UTF-8: the family names are in the bytes.
    assertThat(new String(protobuf.body(), StandardCharsets.ISO_8859_1))
        .contains("jvm_memory_used_bytes")
        .contains("io_github_jmxprom_it_Heartbeat_Beats");
  }

  @Test
  void gzipsAndFiltersByName() {
    Http.Response gzipped =
        HTTP.get(base + "/metrics", "Accept-Encoding", "gzip", "Accept", "text/plain");
    assertThat(gzipped.status()).isEqualTo(200);
    assertThat(gzipped.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(gzipped.text()).contains("jvm_threads_current ");

    Http.Response filtered = HTTP.get(base + "/metrics?name[]=jvm_threads_current");
    assertThat(Exposition.parse(filtered.text()).names()).containsExactly("jvm_threads_current");
  }

  @Test
  void answersTheHealthCheck() {
    Http.Response healthy = HTTP.get(base + "/-/healthy");

    assertThat(healthy.status()).isEqualTo(200);
    assertThat(healthy.text()).isEqualTo("Exporter is healthy.\n");
  }

  @Test
  void listensOnIpv6LoopbackGivenInBrackets() {
    assumeTrue(FreePort.hasIpv6Loopback(), "this machine has no IPv6 loopback");
    int port = FreePort.pick();
    Path config = ConfigFiles.write(dir, "ipv6.yaml", "{}\n");
    ChildJvm ipv6 =
        jvms.start(
            ChildJvm.app("app-agent-ipv6")
                .mainClass(App.class)
                .javaagent(Jars.agent(), "[::1]:" + port + ":" + config)
                .args(60));
    ipv6.waitFor("APP READY", START);

    Exposition metrics = HTTP.scrape("http://[::1]:" + port);
    assertThat(metrics.value("io_github_jmxprom_it_Identity_Pid")).isEqualTo(ipv6.pid());
    assertThat(FreePort.isListening("127.0.0.1", port)).as("bound to ::1 only").isFalse();
  }

  @Test
  void startDelaySecondsOpensThePortLaterWithoutHoldingUpTheApp() {
    int port = FreePort.pick();
    Path config = ConfigFiles.write(dir, "delay.yaml", "startDelaySeconds: 3\n");
    ChildJvm delayed =
        jvms.start(
            ChildJvm.app("app-agent-delay")
                .mainClass(App.class)
                .javaagent(Jars.agent(), "127.0.0.1:" + port + ":" + config)
                .args(60));
    delayed.waitFor("APP READY", START);

    assertThat(FreePort.isListening("127.0.0.1", port)).as("listening before the delay").isFalse();
    assertThat(FreePort.awaitListening("127.0.0.1", port, Duration.ofSeconds(15))).isTrue();
    assertThat(HTTP.scrape("http://127.0.0.1:" + port).value("io_github_jmxprom_it_Identity_Pid"))
        .isEqualTo(delayed.pid());
  }

  @Test
  void doesNotKeepTheJvmAliveWhenMainReturns() {
    int port = FreePort.pick();
    Path config = ConfigFiles.write(dir, "exit.yaml", "{}\n");
    ChildJvm shortLived =
        jvms.start(
            ChildJvm.app("app-agent-exit")
                .mainClass(App.class)
                .javaagent(Jars.agent(), "127.0.0.1:" + port + ":" + config)
                .args(3));
    shortLived.waitFor("APP READY", START);
    // Scrape first, so the HTTP server's worker threads exist too.
    HTTP.scrape("http://127.0.0.1:" + port);
    HTTP.scrape("http://127.0.0.1:" + port);

    shortLived.waitFor("APP MAIN RETURNS", START);
    long returned = System.nanoTime();
    assertThat(shortLived.waitForExit(Duration.ofSeconds(10))).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - returned)).isLessThan(Duration.ofSeconds(3));
  }
}
