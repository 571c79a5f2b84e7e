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
import io.github.jmxprom.it.servers.RepoFiles;
import io.github.jmxprom.it.servers.ZooKeeperServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * config-samples/zookeeper.yaml on a real ZooKeeper 3.9 server in standalone mode: once by the java
 * agent in the server, once by the standalone scraper over the server's JMX remote port. Both serve
 * the sample without a scrape error and with its key series, and every rule of the sample matches
 * at least one attribute of the server (the standalone jar's lint command).
 */
class ZooKeeperIT {

  static final Duration START = Duration.ofSeconds(30);

  @RegisterExtension static final ChildJvms SHARED = ChildJvms.perClass();
  @TempDir static Path dir;

  static final Http HTTP = Http.plain();
  static Path sample;
  static ZooKeeperServer zookeeper;
  static String agent;
  static String standalone;

  @BeforeAll
  static void startServerWithAgentAndStandalone() {
    long start = System.nanoTime();
    sample = RepoFiles.path("config-samples/zookeeper.yaml");
    int agentPort = FreePort.pick();
    zookeeper =
        ZooKeeperServer.builder(dir.resolve("zookeeper"))
            .jmxRemote()
            .javaagent(Jars.agent(), "127.0.0.1:" + agentPort + ":" + sample)
            .startTimeout(START)
            .start();
    agent = "http://127.0.0.1:" + agentPort;
    long ready = System.nanoTime();

    int standalonePort = FreePort.pick();
    Path config =
        ConfigFiles.write(
            dir,
            "zookeeper-standalone.yaml",
            "hostPort: " + zookeeper.jmxHostPort() + "\n" + KafkaIT.read(sample));
    SHARED
        .start(
            ChildJvm.jar("standalone", Jars.standalone())
                .args("127.0.0.1:" + standalonePort, config))
        .waitFor("jmxprom: serving", START);
    standalone = "http://127.0.0.1:" + standalonePort;
    System.out.printf(
        "ZooKeeperIT: server ready in %d ms, standalone up after %d ms%n",
        KafkaIT.millis(start, ready), KafkaIT.millis(start, System.nanoTime()));
  }

  @AfterAll
  static void stopServer() {
    if (zookeeper != null) {
      zookeeper.close();
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
  void everyRuleOfTheSampleMatchesAnAttributeOfTheServer() {
    ConfigLint.Result lint = ConfigLint.run(sample, zookeeper.jmxHostPort());
    System.out.println("ZooKeeperIT: lint of zookeeper.yaml\n" + lint.output());
    lint.assertEveryRuleMatches();
  }

  @Test
  void packetCountersRiseWithRequests() {
    double before = HTTP.scrape(agent).value("zookeeper_received_packets_total");
    for (int i = 0; i < 3; i++) {
      assertThat(zookeeper.fourLetterWord("srvr")).contains("Mode: standalone");
    }
    assertThat(HTTP.scrape(agent).value("zookeeper_received_packets_total"))
        .isGreaterThanOrEqualTo(before + 3);
  }

  /** The series a ZooKeeper dashboard needs, with plausible values. */
  static void assertKeySeries(Exposition metrics) {
    assertThat(metrics.value("zookeeper_version", "version", ZooKeeperServer.version())).isOne();
    assertThat(metrics.find("zookeeper_version").get(0).labels()).doesNotContainKey("role");
    assertThat(metrics.value("zookeeper_znodes")).as("/, /zookeeper and its children").isPositive();
    assertThat(metrics.value("zookeeper_watches")).isZero();
    assertThat(metrics.value("zookeeper_connections")).isGreaterThanOrEqualTo(0);
    assertThat(metrics.value("zookeeper_outstanding_requests")).isZero();
    assertThat(metrics.value("zookeeper_received_packets_total")).isPositive();
    assertThat(metrics.value("zookeeper_sent_packets_total")).isPositive();
    assertThat(metrics.value("zookeeper_tick_time_seconds")).isEqualTo(2.0);
    assertThat(metrics.value("zookeeper_session_timeout_min_seconds")).isEqualTo(4.0);
    assertThat(metrics.value("zookeeper_session_timeout_max_seconds")).isEqualTo(40.0);
    assertThat(metrics.value("zookeeper_data_dir_size_bytes")).isPositive();
    assertThat(metrics.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
    assertThat(metrics.value("jvm_cpu_count")).isPositive();
  }

  static Exposition scrape(String name, String base) {
    long start = System.nanoTime();
    Exposition metrics = HTTP.scrape(base);
    long took = KafkaIT.millis(start, System.nanoTime());
    List<Sample> samples = metrics.samples();
    System.out.printf(
        "ZooKeeperIT: %s: %d series (%d zookeeper_*, %d from the rules), scrape %d ms%n",
        name,
        samples.size(),
        samples.stream().filter(s -> s.name().startsWith("zookeeper_")).count(),
        samples.stream()
            .filter(s -> s.name().startsWith("zookeeper_") || KafkaIT.fromRules(s.name()))
            .count(),
        took);
    return metrics;
  }
}
