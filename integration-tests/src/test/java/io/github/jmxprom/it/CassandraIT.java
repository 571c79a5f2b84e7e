package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.harness.ChildJvm;
import io.github.jmxprom.it.harness.ChildJvms;
import io.github.jmxprom.it.harness.Exposition;
import io.github.jmxprom.it.harness.FreePort;
import io.github.jmxprom.it.harness.Http;
import io.github.jmxprom.it.harness.Jars;
import io.github.jmxprom.it.servers.CassandraServer;
import io.github.jmxprom.it.servers.ConfigLint;
import io.github.jmxprom.it.servers.CqlClient;
import io.github.jmxprom.it.servers.PrometheusServer;
import io.github.jmxprom.it.servers.RepoFiles;
import io.github.jmxprom.it.servers.SampleChecks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * config-samples/cassandra.yaml on a real single-node Cassandra 5 ({@link CassandraServer}), read
 * by the agent in the node's JVM and by the standalone scraper over the node's JMX port; both
 * scraped by a real Prometheus when it is installed. Before the tests a CQL client creates the
 * table {@code it.kv} and writes and reads {@value #ROWS} rows. Heavy (1 GiB heap, about 10 s to
 * start): runs only with {@code -Pheavy}.
 */
@Tag("heavy")
@EnabledForJreRange(
    max = JRE.JAVA_23,
    disabledReason =
        "Cassandra 5.0 does not start on Java 24 and newer: it sets a security policy, which they"
            + " refuse")
class CassandraIT {

  static final Duration UP = Duration.ofSeconds(60);
  static final String AGENT = "cassandra-agent";
  static final String STANDALONE = "cassandra-standalone";
  static final int ROWS = 50;

  /**
   * Measured on Cassandra 5.0.4 (see the header): 5 node state, 54 client requests, 14 for the one
   * user table, 120 thread pools, 96 dropped message types, 34 compaction, commit log, storage,
   * caches, clients and CQL.
   */
  static final int SERIES_FROM_RULES = 5 + 54 + 14 + 120 + 96 + 34;

  @RegisterExtension static final ChildJvms SHARED = ChildJvms.perClass();
  @TempDir static Path dir;

  static final Path SAMPLE = RepoFiles.path("config-samples/cassandra.yaml");
  static CassandraServer cassandra;
  static PrometheusServer prometheus;
  static Map<String, String> exporters;

  @BeforeAll
  static void startNodeExportersAndPrometheus() {
    long start = System.nanoTime();
    int agentPort = FreePort.pick();
    cassandra =
        CassandraServer.builder(dir.resolve("cassandra"))
            .javaagent(Jars.agent(), "127.0.0.1:" + agentPort + ":" + SAMPLE)
            .start();
    log("node with the agent ready", start);
    try (CqlClient cql = cassandra.cql()) {
      cql.execute(
          "CREATE KEYSPACE it WITH replication = {'class': 'SimpleStrategy',"
              + " 'replication_factor': 1}");
      cql.execute("CREATE TABLE it.kv (k int PRIMARY KEY, v text)");
      for (int i = 0; i < ROWS; i++) {
        cql.execute("INSERT INTO it.kv (k, v) VALUES (" + i + ", 'value " + i + "')");
      }
      for (int i = 0; i < ROWS; i++) {
        cql.execute("SELECT v FROM it.kv WHERE k = " + i);
      }
    }
    log("table written and read", start);

    int standalonePort = FreePort.pick();
    Path config =
        SampleChecks.standaloneConfig(SAMPLE, cassandra.jmxHostPort(), dir, "cassandra-sa.yaml");
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
              .scrapeInterval(Duration.ofSeconds(5))
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
    if (cassandra != null) {
      cassandra.close();
    }
  }

  @Test
  void everyRuleOfTheSampleMatchesOnCassandra() {
    ConfigLint.Result lint = ConfigLint.run(SAMPLE, cassandra.jmxHostPort());
    System.out.println(lint.output());
    lint.assertEveryRuleMatches();
  }

  @ParameterizedTest
  @ValueSource(strings = {AGENT, STANDALONE})
  void servesTheSampleWithoutScrapeErrors(String exporter) {
    long before = System.nanoTime();
    Exposition metrics =
        SampleChecks.assertCleanScrape(Http.plain().scrape(exporters.get(exporter)));
    System.out.printf(
        "config-samples/cassandra.yaml by %s: %d series, %d from the rules, scrape %d ms%n",
        exporter,
        metrics.samples().size(),
        SampleChecks.count(metrics, "cassandra_"),
        (System.nanoTime() - before) / 1_000_000);
    SampleChecks.assertTypedFamilies(metrics, "cassandra_");

    assertThat(SampleChecks.count(metrics, "cassandra_")).isEqualTo(SERIES_FROM_RULES);
    assertThat(metrics.value("cassandra_version", "version", "5.0.4")).isEqualTo(1.0);
    assertThat(metrics.value("cassandra_operation_mode", "mode", "NORMAL")).isEqualTo(1.0);
    assertThat(metrics.value("cassandra_native_transport_running")).isEqualTo(1.0);
    assertThat(metrics.value("cassandra_client_requests_total", "operation", "Write"))
        .isGreaterThanOrEqualTo(ROWS);
    assertThat(metrics.value("cassandra_client_requests_total", "operation", "Read"))
        .isGreaterThanOrEqualTo(ROWS);
    assertThat(
            metrics.value("cassandra_client_request_duration_seconds_total", "operation", "Read"))
        .isPositive()
        .isLessThan(ROWS * 10.0);
    assertThat(
            metrics.value(
                "cassandra_client_request_latency_seconds",
                "operation",
                "Read",
                "quantile",
                "0.99"))
        .isNotNegative()
        .isLessThan(10.0);
    String[] kv = {"keyspace", "it", "table", "kv"};
    assertThat(metrics.value("cassandra_table_writes_total", kv)).isEqualTo(ROWS);
    assertThat(metrics.value("cassandra_table_reads_total", kv)).isEqualTo(ROWS);
    assertThat(metrics.value("cassandra_table_estimated_partitions", kv)).isPositive();
    assertThat(metrics.find("cassandra_table_reads_total", "keyspace", "system"))
        .as("Cassandra's own keyspaces are left out")
        .isEmpty();
    assertThat(metrics.value("cassandra_thread_pool_completed_tasks_total", "pool", "ReadStage"))
        .isPositive();
    assertThat(metrics.value("cassandra_dropped_messages_total", "message_type", "MUTATION_REQ"))
        .isZero();
    assertThat(metrics.value("cassandra_cache_requests_total", "cache", "KeyCache")).isPositive();
    assertThat(metrics.value("cassandra_storage_load_bytes")).isNotNegative();
    assertThat(metrics.value("cassandra_cql_statements_executed_total", "kind", "regular"))
        .isGreaterThanOrEqualTo(2 * ROWS);
    assertThat(metrics.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
  }

  @Test
  void agentAndStandaloneExportTheSameSeries() {
    Exposition agent = Http.plain().scrape(exporters.get(AGENT));
    Exposition standalone = Http.plain().scrape(exporters.get(STANDALONE));

    assertThat(SampleChecks.series(standalone, "cassandra_"))
        .isEqualTo(SampleChecks.series(agent, "cassandra_"));
  }

  @Test
  void keySeriesReachPrometheusFromBothExporters() {
    PrometheusServer.assumeInstalled();
    for (String job : exporters.keySet()) {
      String selector = "{job=\"" + job + "\"}";
      for (String query :
          List.of(
              "cassandra_client_requests_total" + selector,
              "cassandra_client_request_latency_seconds{job=\"" + job + "\",quantile=\"0.99\"}",
              "cassandra_table_reads_total{job=\"" + job + "\",keyspace=\"it\"}",
              "cassandra_thread_pool_pending_tasks" + selector,
              "cassandra_compaction_pending_tasks" + selector,
              "cassandra_storage_load_bytes" + selector,
              "cassandra_native_transport_running" + selector + " == 1")) {
        assertThat(prometheus.waitForSeries(query, UP)).as(query).isNotEmpty();
      }
      assertThat(prometheus.query("jmx_scrape_error" + selector))
          .singleElement()
          .satisfies(s -> assertThat(s.value()).isZero());
    }
  }

  private static void log(String what, long start) {
    System.out.printf(
        "CassandraIT: %s after %d ms%n", what, (System.nanoTime() - start) / 1_000_000);
  }
}
