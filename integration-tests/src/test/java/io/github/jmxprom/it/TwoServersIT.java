package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.harness.FreePort;
import io.github.jmxprom.it.harness.Jars;
import io.github.jmxprom.it.servers.DashboardQueries;
import io.github.jmxprom.it.servers.KafkaServer;
import io.github.jmxprom.it.servers.PrometheusServer;
import io.github.jmxprom.it.servers.PrometheusServer.Series;
import io.github.jmxprom.it.servers.RepoFiles;
import io.github.jmxprom.it.servers.ZooKeeperServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real servers scraped at once by one real Prometheus, asserted through Prometheus' HTTP API: a
 * Kafka broker with the java agent and config-samples/kafka-broker.yaml (job {@code kafka}) and a
 * ZooKeeper server with the agent and config-samples/zookeeper.yaml (job {@code zookeeper}). Each
 * job has its own series under its own job label, and every query of the Kafka dashboard
 * (examples/dashboards/kafka.json) returns series.
 */
class TwoServersIT {

  static final Duration START = Duration.ofSeconds(60);
  static final Duration UP = Duration.ofSeconds(40);
  static final String KAFKA = "kafka";
  static final String ZOOKEEPER = "zookeeper";
  static final String TOPIC = "payments";

  @TempDir static Path dir;

  static KafkaServer kafka;
  static ZooKeeperServer zookeeper;
  static PrometheusServer prometheus;

  @BeforeAll
  static void startServersAndPrometheus() {
    PrometheusServer.assumeInstalled();
    long start = System.nanoTime();
    int kafkaAgentPort = FreePort.pick();
    int zookeeperAgentPort = FreePort.pick();
    Path kafkaSample = RepoFiles.path("config-samples/kafka-broker.yaml");
    Path zookeeperSample = RepoFiles.path("config-samples/zookeeper.yaml");
    CompletableFuture<KafkaServer> kafkaStart =
        CompletableFuture.supplyAsync(
            () ->
                KafkaServer.builder(dir.resolve(KAFKA))
                    .javaagent(Jars.agent(), "127.0.0.1:" + kafkaAgentPort + ":" + kafkaSample)
                    .startTimeout(START)
                    .start());
    CompletableFuture<ZooKeeperServer> zookeeperStart =
        CompletableFuture.supplyAsync(
            () ->
                ZooKeeperServer.builder(dir.resolve(ZOOKEEPER))
                    .javaagent(
                        Jars.agent(), "127.0.0.1:" + zookeeperAgentPort + ":" + zookeeperSample)
                    .startTimeout(START)
                    .start());
    kafka = kafkaStart.join();
    zookeeper = zookeeperStart.join();
    kafka.produceAndConsume(TOPIC, 2, 50);
    long serversReady = System.nanoTime();

    prometheus =
        PrometheusServer.builder(dir.resolve("prometheus"))
            .scrapeInterval(Duration.ofSeconds(2))
            .scrape(KAFKA, "127.0.0.1:" + kafkaAgentPort)
            .scrape(ZOOKEEPER, "127.0.0.1:" + zookeeperAgentPort)
            .start();
    prometheus.waitFor("count(up == 1)", r -> r.size() == 1 && r.get(0).value() == 2, UP);
    // Traffic between scrapes, so that rates are above zero.
    kafka.produceAndConsume(TOPIC, 2, 50);
    System.out.printf(
        "TwoServersIT: Kafka and ZooKeeper ready in %d ms, both up in Prometheus after %d ms%n",
        KafkaIT.millis(start, serversReady), KafkaIT.millis(start, System.nanoTime()));
  }

  @AfterAll
  static void stopServers() {
    for (AutoCloseable server : new AutoCloseable[] {prometheus, kafka, zookeeper}) {
      if (server != null) {
        try {
          server.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  @Test
  void bothTargetsAreUpUnderTheirOwnJobLabel() {
    List<Series> up = prometheus.query("up");
    assertThat(byJob(up)).containsOnly(Map.entry(KAFKA, 1.0), Map.entry(ZOOKEEPER, 1.0));
    assertThat(up.stream().map(s -> s.label("instance")).distinct()).hasSize(2);
    assertThat(byJob(prometheus.query("jmx_scrape_error")))
        .containsOnly(Map.entry(KAFKA, 0.0), Map.entry(ZOOKEEPER, 0.0));
  }

  @Test
  void jvmSeriesComeFromBothJobs() {
    Map<String, Double> heap =
        byJob(prometheus.query("sum by (job) (jvm_memory_used_bytes{area=\"heap\"})"));
    assertThat(heap).containsOnlyKeys(KAFKA, ZOOKEEPER);
    assertThat(heap.values()).allSatisfy(bytes -> assertThat(bytes).isPositive());
  }

  @Test
  void eachServersSeriesCarryOnlyItsOwnJob() {
    assertThat(byJob(prometheus.query("kafka_server_broker_state")))
        .containsOnly(Map.entry(KAFKA, 3.0));
    assertThat(byJob(prometheus.query("count by (job) ({__name__=~\"kafka_.+\"})")))
        .containsOnlyKeys(KAFKA);
    assertThat(byJob(prometheus.query("zookeeper_znodes"))).containsOnlyKeys(ZOOKEEPER);
    assertThat(byJob(prometheus.query("count by (job) ({__name__=~\"zookeeper_.+\"})")))
        .containsOnlyKeys(ZOOKEEPER);
  }

  @Test
  void kafkaMessageRateIsSeenByPrometheus() {
    List<Series> rate =
        prometheus.waitFor(
            "sum by (topic) (rate(kafka_server_topic_messages_in_total{job=\"kafka\"}[1m]))",
            r -> r.stream().anyMatch(s -> TOPIC.equals(s.label("topic")) && s.value() > 0),
            UP);
    assertThat(rate).isNotEmpty();
  }

  @Test
  void everyQueryOfTheKafkaDashboardReturnsSeries() {
    List<DashboardQueries.Result> results =
        DashboardQueries.check(
            prometheus, RepoFiles.path("examples/dashboards/kafka.json"), Map.of("job", KAFKA));
    System.out.printf("TwoServersIT: %d Kafka dashboard queries gave series%n", results.size());
  }

  static Map<String, Double> byJob(List<Series> series) {
    return series.stream().collect(Collectors.toMap(s -> s.label("job"), Series::value));
  }
}
