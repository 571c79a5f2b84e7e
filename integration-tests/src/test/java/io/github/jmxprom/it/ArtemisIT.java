package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.harness.ChildJvm;
import io.github.jmxprom.it.harness.ChildJvms;
import io.github.jmxprom.it.harness.Exposition;
import io.github.jmxprom.it.harness.FreePort;
import io.github.jmxprom.it.harness.Http;
import io.github.jmxprom.it.harness.Jars;
import io.github.jmxprom.it.servers.ArtemisServer;
import io.github.jmxprom.it.servers.ConfigLint;
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
 * config-samples/artemis.yaml on a real ActiveMQ Artemis broker ({@link ArtemisServer}, queues
 * {@value #ORDERS} and {@value #AUDIT}), read by the agent in the broker's JVM and by the
 * standalone scraper over JMX remote; both scraped by a real Prometheus when it is installed.
 * Before the tests, the distribution's own producer and consumer send {@value #SENT} messages to
 * {@value #ORDERS} and take {@value #TAKEN} of them (so that some wait and have an age), and send
 * and take {@value #AUDITED} on {@value #AUDIT}. One broker is shared by the tests.
 */
class ArtemisIT {

  static final Duration UP = Duration.ofSeconds(40);
  static final String AGENT = "artemis-agent";
  static final String STANDALONE = "artemis-standalone";
  static final String ORDERS = "orders";
  static final String AUDIT = "audit";
  static final int SENT = 10;
  static final int TAKEN = 4;
  static final int AUDITED = 3;

  /**
   * Measured on Artemis 2.39.0 (see the header): 19 broker, 7 for each of 6 addresses, 17 for each
   * of 5 queues, the age of the one queue that holds messages, 1 acceptor.
   */
  static final int SERIES_FROM_RULES = 19 + 7 * 6 + 17 * 5 + 1 + 1;

  @RegisterExtension static final ChildJvms SHARED = ChildJvms.perClass();
  @TempDir static Path dir;

  static final Path SAMPLE = RepoFiles.path("config-samples/artemis.yaml");
  static ArtemisServer artemis;
  static PrometheusServer prometheus;
  static Map<String, String> exporters;

  @BeforeAll
  static void startBrokerExportersAndPrometheus() {
    long start = System.nanoTime();
    int agentPort = FreePort.pick();
    artemis =
        ArtemisServer.builder(dir.resolve("artemis"))
            .queues(ORDERS, AUDIT)
            .javaagent(Jars.agent(), "127.0.0.1:" + agentPort + ":" + SAMPLE)
            .start();
    log("broker with the agent active", start);
    artemis.produce(ORDERS, SENT);
    artemis.consume(ORDERS, TAKEN);
    artemis.produce(AUDIT, AUDITED);
    artemis.consume(AUDIT, AUDITED);
    log("messages sent and received", start);

    int standalonePort = FreePort.pick();
    Path config =
        SampleChecks.standaloneConfig(SAMPLE, artemis.jmxHostPort(), dir, "artemis-sa.yaml");
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
    if (artemis != null) {
      artemis.close();
    }
  }

  @Test
  void everyRuleOfTheSampleMatchesOnArtemis() {
    ConfigLint.Result lint = ConfigLint.run(SAMPLE, artemis.jmxHostPort());
    System.out.println(lint.output());
    lint.assertEveryRuleMatches();
  }

  @ParameterizedTest
  @ValueSource(strings = {AGENT, STANDALONE})
  void servesTheSampleWithoutScrapeErrors(String exporter) {
    // Acknowledgements reach the queue's counters shortly after the consumer has gone.
    Exposition metrics =
        SampleChecks.scrapeUntil(
            exporters.get(exporter),
            "acknowledged messages",
            m ->
                SampleChecks.valueOrNaN(
                        m, "artemis_queue_messages_acknowledged_total", "queue", ORDERS)
                    == TAKEN,
            UP);
    SampleChecks.assertCleanScrape(metrics);
    SampleChecks.assertTypedFamilies(metrics, "artemis_");
    System.out.printf(
        "config-samples/artemis.yaml by %s: %d series, %d from the rules%n",
        exporter, metrics.samples().size(), SampleChecks.count(metrics, "artemis_"));

    assertThat(SampleChecks.count(metrics, "artemis_")).isEqualTo(SERIES_FROM_RULES);
    String[] orders = {"queue", ORDERS, "address", ORDERS, "routing_type", "anycast"};
    assertThat(metrics.value("artemis_queue_messages", orders)).isEqualTo(SENT - TAKEN);
    assertThat(metrics.value("artemis_queue_messages_added_total", orders)).isEqualTo(SENT);
    assertThat(metrics.value("artemis_queue_consumers", orders)).isZero();
    assertThat(metrics.value("artemis_queue_oldest_message_age_seconds", orders))
        .isPositive()
        .isLessThan(300);
    assertThat(metrics.find("artemis_queue_oldest_message_age_seconds", "queue", AUDIT))
        .as("no age for an empty queue")
        .isEmpty();
    assertThat(metrics.value("artemis_queue_messages", "queue", AUDIT)).isZero();
    assertThat(metrics.value("artemis_queue_messages_acknowledged_total", "queue", AUDIT))
        .isEqualTo(AUDITED);
    assertThat(metrics.value("artemis_address_routed_messages_total", "address", ORDERS))
        .isEqualTo(SENT);
    assertThat(metrics.value("artemis_address_size_bytes", "address", ORDERS)).isPositive();
    assertThat(metrics.value("artemis_broker_active", "broker", "127.0.0.1")).isEqualTo(1.0);
    assertThat(metrics.value("artemis_messages")).isEqualTo(SENT - TAKEN);
    assertThat(metrics.value("artemis_messages_added_total"))
        .isGreaterThanOrEqualTo(SENT + AUDITED);
    assertThat(metrics.value("artemis_connections_opened_total")).isGreaterThanOrEqualTo(4);
    assertThat(metrics.value("artemis_address_memory_max_bytes")).isPositive();
    assertThat(metrics.value("artemis_disk_store_used_ratio")).isBetween(0.0, 1.0);
    assertThat(metrics.value("artemis_acceptor_started", "acceptor", "artemis")).isEqualTo(1.0);
    assertThat(metrics.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
  }

  @Test
  void agentAndStandaloneExportTheSameSeries() {
    Exposition agent = Http.plain().scrape(exporters.get(AGENT));
    Exposition standalone = Http.plain().scrape(exporters.get(STANDALONE));

    assertThat(SampleChecks.series(standalone, "artemis_"))
        .isEqualTo(SampleChecks.series(agent, "artemis_"));
  }

  @Test
  void keySeriesReachPrometheusFromBothExporters() {
    PrometheusServer.assumeInstalled();
    for (String job : exporters.keySet()) {
      String selector = "{job=\"" + job + "\"}";
      String orders = "{job=\"" + job + "\",queue=\"" + ORDERS + "\"}";
      for (String query :
          List.of(
              "artemis_queue_messages" + orders + " == " + (SENT - TAKEN),
              "artemis_queue_oldest_message_age_seconds" + orders,
              "rate(artemis_queue_messages_added_total" + orders + "[1m])",
              "artemis_queue_consumers" + selector,
              "artemis_address_memory_used_ratio" + selector,
              "artemis_connections" + selector,
              "artemis_broker_active" + selector + " == 1")) {
        assertThat(prometheus.waitForSeries(query, UP)).as(query).isNotEmpty();
      }
      assertThat(prometheus.query("jmx_scrape_error" + selector))
          .singleElement()
          .satisfies(s -> assertThat(s.value()).isZero());
    }
  }

  private static void log(String what, long start) {
    System.out.printf("ArtemisIT: %s after %d ms%n", what, (System.nanoTime() - start) / 1_000_000);
  }
}
