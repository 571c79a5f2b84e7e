package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.harness.ChildJvm;
import io.github.jmxprom.it.harness.ChildJvms;
import io.github.jmxprom.it.harness.Exposition;
import io.github.jmxprom.it.harness.FreePort;
import io.github.jmxprom.it.harness.Http;
import io.github.jmxprom.it.harness.Jars;
import io.github.jmxprom.it.servers.ConfigLint;
import io.github.jmxprom.it.servers.JettyServer;
import io.github.jmxprom.it.servers.PrometheusServer;
import io.github.jmxprom.it.servers.RepoFiles;
import io.github.jmxprom.it.servers.SampleChecks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * config-samples/jetty.yaml on a real Jetty 12 ({@link JettyServer}: modules jmx and statistics,
 * one HTTP connector, one web application), read by the agent in Jetty's JVM and by the standalone
 * scraper over JMX remote; both scraped by a real Prometheus when it is installed. One Jetty is
 * shared by the tests.
 */
class JettyIT {

  static final Duration UP = Duration.ofSeconds(40);
  static final String AGENT = "jetty-agent";
  static final String STANDALONE = "jetty-standalone";

  /** Measured on Jetty 12.0.16 with one connector and one web application (see the header). */
  static final int SERIES_FROM_RULES = 43;

  @RegisterExtension static final ChildJvms SHARED = ChildJvms.perClass();
  @TempDir static Path dir;

  static final Path SAMPLE = RepoFiles.path("config-samples/jetty.yaml");
  static JettyServer jetty;
  static PrometheusServer prometheus;
  static Map<String, String> exporters;

  @BeforeAll
  static void startJettyExportersAndPrometheus() {
    long start = System.nanoTime();
    int agentPort = FreePort.pick();
    jetty =
        JettyServer.builder(dir.resolve("jetty"))
            .javaagent(Jars.agent(), "127.0.0.1:" + agentPort + ":" + SAMPLE)
            .start();
    log("Jetty with the agent ready", start);
    for (int i = 0; i < 5; i++) {
      assertThat(jetty.get("/")).isEqualTo(200);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(jetty.get("/no-such-page")).isEqualTo(404);
    }
    for (int i = 0; i < 2; i++) {
      assertThat(jetty.getAndClose("/")).isEqualTo(200);
    }

    int standalonePort = FreePort.pick();
    Path config = SampleChecks.standaloneConfig(SAMPLE, jetty.jmxHostPort(), dir, "jetty-sa.yaml");
    SHARED
        .start(
            ChildJvm.jar(STANDALONE, Jars.standalone()).args("127.0.0.1:" + standalonePort, config))
        .waitFor("jmxprom: serving", UP);
    exporters =
        Map.of(
            AGENT, "http://127.0.0.1:" + agentPort,
            STANDALONE, "http://127.0.0.1:" + standalonePort);

    if (PrometheusServer.installed()) {
      prometheus =
          PrometheusServer.builder(dir.resolve("prometheus"))
              .scrape(AGENT, "127.0.0.1:" + agentPort)
              .scrape(STANDALONE, "127.0.0.1:" + standalonePort)
              .start();
      prometheus.waitFor("count(up == 1)", r -> r.size() == 1 && r.get(0).value() == 2, UP);
      log("both exporters up in Prometheus", start);
    }
  }

  @AfterAll
  static void stopServers() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (jetty != null) {
      jetty.close();
    }
  }

  @Test
  void everyRuleOfTheSampleMatchesOnJetty() {
    ConfigLint.Result lint = ConfigLint.run(SAMPLE, jetty.jmxHostPort());
    System.out.println(lint.output());
    lint.assertEveryRuleMatches();
  }

  @ParameterizedTest
  @ValueSource(strings = {AGENT, STANDALONE})
  void servesTheSampleWithoutScrapeErrors(String exporter) {
    // Jetty counts a connection's bytes when it has closed.
    Exposition metrics =
        SampleChecks.scrapeUntil(
            exporters.get(exporter),
            "bytes of closed connections",
            m ->
                SampleChecks.valueOrNaN(
                        m, "jetty_connection_received_bytes_total", "connector", "HTTP_1_1")
                    > 0,
            UP);
    SampleChecks.assertCleanScrape(metrics);
    SampleChecks.assertTypedFamilies(metrics, "jetty_");
    System.out.printf(
        "config-samples/jetty.yaml by %s: %d series, %d from the rules%n",
        exporter, metrics.samples().size(), SampleChecks.count(metrics, "jetty_"));

    assertThat(SampleChecks.count(metrics, "jetty_")).isEqualTo(SERIES_FROM_RULES);
    assertThat(metrics.value("jetty_version", "version", "12.0.16")).isEqualTo(1.0);
    assertThat(metrics.value("jetty_responses_total", "code", "2xx")).isGreaterThanOrEqualTo(7);
    assertThat(metrics.value("jetty_responses_total", "code", "4xx")).isGreaterThanOrEqualTo(3);
    assertThat(metrics.value("jetty_request_time_seconds_total")).isPositive();
    assertThat(metrics.value("jetty_request_time_max_seconds")).isPositive().isLessThan(60);
    assertThat(metrics.value("jetty_connections_opened_total", "connector", "HTTP_1_1"))
        .isPositive();
    assertThat(metrics.value("jetty_connection_sent_messages_total", "connector", "HTTP_1_1"))
        .isGreaterThanOrEqualTo(2);
    assertThat(metrics.value("jetty_threadpool_max_threads")).isEqualTo(200);
    assertThat(metrics.value("jetty_threadpool_threads")).isPositive();
    assertThat(metrics.value("jetty_threadpool_utilization_ratio")).isBetween(0.0, 1.0);
    assertThat(metrics.value("jetty_bytebufferpool_memory_bytes", "memory", "direct"))
        .isNotNegative();
    assertThat(metrics.value("jetty_sessions", "context", "ROOT")).isZero();
    assertThat(metrics.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
  }

  @Test
  void agentAndStandaloneExportTheSameSeries() {
    Exposition agent = Http.plain().scrape(exporters.get(AGENT));
    Exposition standalone = Http.plain().scrape(exporters.get(STANDALONE));

    assertThat(SampleChecks.series(standalone, "jetty_"))
        .isEqualTo(SampleChecks.series(agent, "jetty_"));
  }

  @Test
  void requestCountersRiseWithRequests() {
    String agent = exporters.get(AGENT);
    double before = Http.plain().scrape(agent).value("jetty_requests_total");

    for (int i = 0; i < 3; i++) {
      assertThat(jetty.get("/")).isEqualTo(200);
    }

    assertThat(Http.plain().scrape(agent).value("jetty_requests_total"))
        .isGreaterThanOrEqualTo(before + 3);
  }

  @Test
  void keySeriesReachPrometheusFromBothExporters() {
    PrometheusServer.assumeInstalled();
    for (String job : exporters.keySet()) {
      String selector = "{job=\"" + job + "\"}";
      for (String query :
          List.of(
              "jetty_requests_total" + selector,
              "rate(jetty_requests_total" + selector + "[1m])",
              "sum by (code) (rate(jetty_responses_total" + selector + "[1m]))",
              "jetty_threadpool_busy_threads"
                  + selector
                  + " / jetty_threadpool_max_threads"
                  + selector,
              "jetty_connections" + selector,
              "jetty_sessions" + selector)) {
        assertThat(prometheus.waitForSeries(query, UP)).as(query).isNotEmpty();
      }
      assertThat(prometheus.query("jmx_scrape_error" + selector))
          .singleElement()
          .satisfies(s -> assertThat(s.value()).isZero());
    }
  }

  private static void log(String what, long start) {
    System.out.printf("JettyIT: %s after %d ms%n", what, (System.nanoTime() - start) / 1_000_000);
  }
}
