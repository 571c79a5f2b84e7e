package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.harness.ChildJvm;
import io.github.jmxprom.it.harness.ChildJvms;
import io.github.jmxprom.it.harness.ConfigFiles;
import io.github.jmxprom.it.harness.Exposition;
import io.github.jmxprom.it.harness.Exposition.Sample;
import io.github.jmxprom.it.harness.FreePort;
import io.github.jmxprom.it.harness.Http;
import io.github.jmxprom.it.harness.Jars;
import io.github.jmxprom.it.servers.ConfigLint;
import io.github.jmxprom.it.servers.KafkaServer;
import io.github.jmxprom.it.servers.RepoFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * config-samples/kafka-broker.yaml on a real Kafka 4 broker (KRaft, broker and controller in one
 * JVM) that has a topic with records produced and consumed: once by the java agent in the broker,
 * once by the standalone scraper over the broker's JMX remote port. Both serve the sample without a
 * scrape error and with the series the Kafka dashboard uses, and every rule of the sample matches
 * at least one attribute of the broker (the standalone jar's lint command).
 */
class KafkaIT {

  static final Duration START = Duration.ofSeconds(60);
  static final String TOPIC = "orders";
  static final int PARTITIONS = 3;
  static final int RECORDS = 100;

  @RegisterExtension static final ChildJvms SHARED = ChildJvms.perClass();
  @TempDir static Path dir;

  static final Http HTTP = Http.plain();
  static Path sample;
  static KafkaServer kafka;
  static String agent;
  static String standalone;

  @BeforeAll
  static void startBrokerWithAgentAndStandalone() {
    long start = System.nanoTime();
    sample = RepoFiles.path("config-samples/kafka-broker.yaml");
    int agentPort = FreePort.pick();
    kafka =
        KafkaServer.builder(dir.resolve("kafka"))
            .jmxRemote()
            .javaagent(Jars.agent(), "127.0.0.1:" + agentPort + ":" + sample)
            .startTimeout(START)
            .start();
    agent = "http://127.0.0.1:" + agentPort;
    long ready = System.nanoTime();
    assertThat(kafka.produceAndConsume(TOPIC, PARTITIONS, RECORDS)).isEqualTo(RECORDS);
    long traffic = System.nanoTime();

    int standalonePort = FreePort.pick();
    Path config =
        ConfigFiles.write(
            dir, "kafka-standalone.yaml", "hostPort: " + kafka.jmxHostPort() + "\n" + read(sample));
    SHARED
        .start(
            ChildJvm.jar("standalone", Jars.standalone())
                .args("127.0.0.1:" + standalonePort, config))
        .waitFor("jmxprom: serving", START);
    standalone = "http://127.0.0.1:" + standalonePort;
    System.out.printf(
        "KafkaIT: broker ready in %d ms, %d records produced and consumed in %d ms,"
            + " standalone up after %d ms%n",
        millis(start, ready), RECORDS, millis(ready, traffic), millis(start, System.nanoTime()));
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void theAgentServesTheSampleWithoutScrapeError() {
    Exposition metrics = scrape("agent", agent);
    assertKeySeries(metrics);
    assertThat(metrics.value("jmx_scrape_error")).isZero();
  }

  @Test
  void theStandaloneScraperServesTheSampleWithoutScrapeError() {
    Exposition metrics = scrape("standalone", standalone);
    assertKeySeries(metrics);
    assertThat(metrics.value("jmx_scrape_error")).isZero();
  }

  @Test
  void agentAndStandaloneMakeTheSameKafkaFamilies() {
    assertThat(kafkaFamilies(HTTP.scrape(standalone))).isEqualTo(kafkaFamilies(HTTP.scrape(agent)));
  }

  @Test
  void everyRuleOfTheSampleMatchesAnAttributeOfTheBroker() {
    ConfigLint.Result lint = ConfigLint.run(sample, kafka.jmxHostPort());
    System.out.println("KafkaIT: lint of kafka-broker.yaml\n" + lint.output());
    lint.assertEveryRuleMatches();
  }

  @Test
  void topicCountersRiseWithTraffic() {
    double before =
        HTTP.scrape(agent).value("kafka_server_topic_messages_in_total", "topic", TOPIC);
    assertThat(kafka.produceAndConsume(TOPIC, PARTITIONS, RECORDS)).isEqualTo(2 * RECORDS);
    Exposition after = HTTP.scrape(agent);
    assertThat(after.value("kafka_server_topic_messages_in_total", "topic", TOPIC))
        .isEqualTo(before + RECORDS);
    double logEnd =
        after.find("kafka_log_end_offset", "topic", TOPIC).stream()
            .mapToDouble(Sample::value)
            .sum();
    assertThat(logEnd).as("sum of the topic's log end offsets").isEqualTo(2 * RECORDS);
  }

  /** The series examples/dashboards/kafka.json and the alert rules need, with plausible values. */
  static void assertKeySeries(Exposition metrics) {
    assertThat(metrics.value("kafka_server_broker_state")).as("RUNNING").isEqualTo(3);
    assertThat(
            metrics.value("kafka_server_version", "version", KafkaServer.version(), "node_id", "1"))
        .isOne();
    assertThat(metrics.value("kafka_controller_active_controllers")).isOne();
    assertThat(metrics.value("kafka_controller_active_brokers")).isOne();
    assertThat(metrics.value("kafka_controller_offline_partitions")).isZero();
    assertThat(metrics.value("kafka_controller_topics")).isGreaterThanOrEqualTo(2);
    assertThat(metrics.value("kafka_server_under_replicated_partitions")).isZero();
    assertThat(metrics.value("kafka_server_partitions")).isGreaterThanOrEqualTo(PARTITIONS);
    assertThat(metrics.value("kafka_server_messages_in_total")).isGreaterThanOrEqualTo(RECORDS);
    assertThat(metrics.value("kafka_server_received_bytes_total")).isPositive();
    assertThat(metrics.value("kafka_server_sent_bytes_total")).isPositive();
    assertThat(metrics.value("kafka_server_topic_messages_in_total", "topic", TOPIC))
        .isGreaterThanOrEqualTo(RECORDS);
    assertThat(metrics.value("kafka_server_topic_received_bytes_total", "topic", TOPIC))
        .isPositive();
    assertThat(metrics.value("kafka_server_topic_sent_bytes_total", "topic", TOPIC)).isPositive();
    assertThat(metrics.find("kafka_log_size_bytes", "topic", TOPIC)).hasSize(PARTITIONS);
    assertThat(metrics.find("kafka_cluster_partition_replicas", "topic", TOPIC))
        .hasSize(PARTITIONS);
    assertThat(metrics.find("kafka_network_requests_total", "request", "Produce")).isNotEmpty();
    assertThat(
            metrics.value(
                "kafka_network_request_total_time_seconds",
                "request",
                "Produce",
                "quantile",
                "0.99"))
        .isGreaterThanOrEqualTo(0);
    assertThat(
            metrics.find(
                "kafka_network_request_phase_time_seconds",
                "request",
                "FetchConsumer",
                "phase",
                "Local"))
        .hasSize(6);
    assertThat(metrics.value("kafka_server_request_handler_idle_seconds_total")).isPositive();
    assertThat(metrics.value("kafka_network_processor_avg_idle_ratio")).isBetween(0.0, 1.0);
    assertThat(metrics.value("kafka_server_group_coordinator_offset_commits_total")).isPositive();
    assertThat(metrics.value("kafka_server_raft_current_leader")).isEqualTo(KafkaServer.NODE_ID);
    assertThat(metrics.find("kafka_server_socket_connections", "listener", "PLAINTEXT"))
        .isNotEmpty();
    assertThat(metrics.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
    assertThat(metrics.value("jvm_cpu_count")).isPositive();
  }

  static Exposition scrape(String name, String base) {
    long start = System.nanoTime();
    Exposition metrics = HTTP.scrape(base);
    long took = millis(start, System.nanoTime());
    List<Sample> samples = metrics.samples();
    System.out.printf(
        "KafkaIT: %s: %d series (%d kafka_*, %d from the rules), scrape %d ms,"
            + " jmx_scrape_duration_seconds %.3f%n",
        name,
        samples.size(),
        samples.stream().filter(s -> s.name().startsWith("kafka_")).count(),
        samples.stream().filter(s -> fromRules(s.name())).count(),
        took,
        metrics.value("jmx_scrape_duration_seconds"));
    return metrics;
  }

  /** Families the sample's rules make (kafka_* and the operating system gauges). */
  static boolean fromRules(String name) {
    return name.startsWith("kafka_")
        || name.startsWith("jvm_cpu_")
        || name.startsWith("jvm_system_");
  }

  static Set<String> kafkaFamilies(Exposition metrics) {
    return metrics.names().stream()
        .filter(n -> n.startsWith("kafka_"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long millis(long from, long to) {
    return (to - from) / 1_000_000;
  }
}
