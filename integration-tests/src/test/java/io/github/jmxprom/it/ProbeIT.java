package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.app.App;
import io.github.jmxprom.it.harness.ChildJvm;
import io.github.jmxprom.it.harness.ChildJvms;
import io.github.jmxprom.it.harness.ConfigFiles;
import io.github.jmxprom.it.harness.Exposition;
import io.github.jmxprom.it.harness.FreePort;
import io.github.jmxprom.it.harness.Http;
import io.github.jmxprom.it.harness.Jars;
import io.github.jmxprom.it.servers.KafkaServer;
import io.github.jmxprom.it.servers.PrometheusServer;
import io.github.jmxprom.it.servers.PrometheusServer.Series;
import io.github.jmxprom.it.servers.Promtool;
import io.github.jmxprom.it.servers.RepoFiles;
import io.github.jmxprom.it.servers.ZooKeeperServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One standalone scraper as a JMX gateway for three real JVMs, scraped by a real Prometheus that
 * finds them through {@code /sd} and scrapes each through {@code /probe}: a Kafka broker (module
 * {@code kafka}, config-samples/kafka-broker.yaml) and a ZooKeeper server (module {@code
 * zookeeper}, config-samples/zookeeper.yaml), both with a JMX port, and a small JVM without one,
 * discovered as {@code pid:<n>} and reached through the Attach API. ZooKeeper is stopped and
 * started again on the same port mid-test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProbeIT {

  static final Duration START = Duration.ofSeconds(60);
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String JOB = "jmx";
  static final String PID = "io_github_jmxprom_it_Identity_Pid";

  @RegisterExtension static final ChildJvms JVMS = ChildJvms.perClass();
  @TempDir static Path dir;

  static KafkaServer kafka;
  static ZooKeeperServer.Builder zookeeperBuilder;
  static ZooKeeperServer zookeeper;
  static ChildJvm app;
  static ChildJvm gateway;
  static PrometheusServer prometheus;
  static String base;
  static String kafkaTarget;
  static String zookeeperTarget;
  static String appTarget;

  final Http http = Http.plain();

  @BeforeAll
  static void startJvmsGatewayAndPrometheus() {
    PrometheusServer.assumeInstalled();
    long start = System.nanoTime();
    KafkaServer.Builder kafkaBuilder = KafkaServer.builder(dir.resolve("kafka")).jmxRemote();
    zookeeperBuilder = ZooKeeperServer.builder(dir.resolve("zookeeper")).jmxRemote();
    kafkaTarget = kafkaBuilder.jmxHostPort();
    zookeeperTarget = zookeeperBuilder.jmxHostPort();
    CompletableFuture<KafkaServer> kafkaStart =
        CompletableFuture.supplyAsync(() -> kafkaBuilder.startTimeout(START).start());
    zookeeper = zookeeperBuilder.startTimeout(START).start();
    // No JMX port: reached only as pid:<n>.
    app = JVMS.start(ChildJvm.app("app").mainClass(App.class).args(600));
    app.waitFor("APP READY", START);
    appTarget = "pid:" + app.pid();
    kafka = kafkaStart.join();

    int port = FreePort.pick();
    base = "http://127.0.0.1:" + port;
    Path config = ConfigFiles.write(dir, "gateway.yaml", gatewayConfig());
    gateway =
        JVMS.start(ChildJvm.jar("gateway", Jars.standalone()).args("127.0.0.1:" + port, config));
    gateway.waitFor(Pattern.compile("jmxprom: serving http://"), START);
    long ready = System.nanoTime();

    prometheus =
        PrometheusServer.builder(dir.resolve("prometheus"))
            .scrapeInterval(Duration.ofSeconds(2))
            .job(sdJob(port, app.pid()))
            .start();
    prometheus.waitFor(
        "count(up{job=\"jmx\"} == 1)", r -> r.size() == 1 && r.get(0).value() == 3, WAIT);
    System.out.printf(
        "ProbeIT: Kafka, ZooKeeper, app and gateway ready in %d ms, all three up in Prometheus"
            + " after %d ms%n",
        KafkaIT.millis(start, ready), KafkaIT.millis(start, System.nanoTime()));
  }

  /** The top level (module default) for the app, one module per server sample. */
  static String gatewayConfig() {
    return "allowedTargets: [\"127.0.0.1:*\", \"pid:*\"]\n"
        + "discoverLocalJvms: true\n"
        + "includeObjectNames: [\"io.github.jmxprom.it:*\"]\n"
        + "modules:\n"
        + "  kafka:\n"
        + indented(RepoFiles.path("config-samples/kafka-broker.yaml"))
        + "  zookeeper:\n"
        + indented(RepoFiles.path("config-samples/zookeeper.yaml"))
        + "targets:\n"
        + "  - target: "
        + kafkaTarget
        + "\n    module: kafka\n    labels: {service: kafka}\n"
        + "  - target: "
        + zookeeperTarget
        + "\n    module: zookeeper\n    labels: {service: zookeeper}\n";
  }

  /**
   * Targets from {@code /sd}, the three standard relabel rules, and a keep rule for the JVMs this
   * test started (the machine runs other JVMs too, which {@code discoverLocalJvms} lists).
   */
  static String sdJob(int gatewayPort, long appPid) {
    return "  - job_name: "
        + JOB
        + "\n    metrics_path: /probe\n"
        + "    http_sd_configs:\n"
        + "      - url: http://127.0.0.1:"
        + gatewayPort
        + "/sd\n        refresh_interval: 2s\n"
        + "    relabel_configs:\n"
        + "      - source_labels: [__meta_jmxprom_pid]\n"
        + "        regex: '|"
        + appPid
        + "'\n        action: keep\n"
        + "      - source_labels: [__address__]\n"
        + "        target_label: __param_target\n"
        + "      - source_labels: [__param_target]\n"
        + "        target_label: instance\n"
        + "      - target_label: __address__\n"
        + "        replacement: 127.0.0.1:"
        + gatewayPort
        + "\n";
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
  @Order(1)
  void serviceDiscoveryListsTheConfiguredTargetsAndTheLocalJvm() {
    Http.Response sd = http.get(base + "/sd");

    assertThat(sd.status()).isEqualTo(200);
    assertThat(sd.text())
        .contains(
            "{\"targets\": [\""
                + kafkaTarget
                + "\"], \"labels\": {\"__param_module\": \"kafka\", \"service\": \"kafka\"}}")
        .contains(
            "{\"targets\": [\""
                + appTarget
                + "\"], \"labels\": {\"__param_module\": \"default\", \"__meta_jmxprom_pid\": \""
                + app.pid()
                + "\", \"__meta_jmxprom_main_class\": \""
                + App.class.getName()
                + "\"}}")
        .doesNotContain("\"pid:" + gateway.pid() + "\"");
  }

  @Test
  @Order(2)
  void everyTargetIsUpUnderItsOwnInstanceWithItsModulesSeries() {
    List<Series> up = prometheus.query("up{job=\"jmx\"}");
    assertThat(byInstance(up))
        .containsOnly(
            Map.entry(kafkaTarget, 1.0),
            Map.entry(zookeeperTarget, 1.0),
            Map.entry(appTarget, 1.0));
    assertThat(byInstance(prometheus.query("jmx_scrape_error{job=\"jmx\"}")))
        .containsOnly(
            Map.entry(kafkaTarget, 0.0),
            Map.entry(zookeeperTarget, 0.0),
            Map.entry(appTarget, 0.0));

    assertThat(byInstance(prometheus.query("kafka_server_broker_state{service=\"kafka\"}")))
        .containsOnly(Map.entry(kafkaTarget, 3.0));
    assertThat(byInstance(prometheus.query("count by (instance) (zookeeper_znodes)")))
        .containsOnlyKeys(zookeeperTarget);
    assertThat(byInstance(prometheus.query(PID)))
        .as("the pid: target's own MBeans, through the Attach API")
        .containsOnly(Map.entry(appTarget, (double) app.pid()));
    assertThat(
            byInstance(
                prometheus.query("sum by (instance) (jvm_memory_used_bytes{area=\"heap\"}) > 0")))
        .as("JVM metrics of each target, not of the gateway")
        .containsOnlyKeys(kafkaTarget, zookeeperTarget, appTarget);
  }

  @Test
  @Order(3)
  void aProbeAnswersWithTheTargetsMetricsAndTheGatewaysOwnMetricsStaySeparate() {
    Http.Response answer =
        http.get(
            base + "/probe?module=zookeeper&target=" + zookeeperTarget, "Accept", "text/plain");
    assertThat(answer.status()).isEqualTo(200);
    Exposition probe = Exposition.parse(answer.text());
    assertThat(probe.value("jmx_scrape_error")).isZero();
    assertThat(probe.find("zookeeper_znodes")).isNotEmpty();

    Exposition own = http.scrape(base);
    assertThat(own.find("jmx_scrape_error")).isEmpty();
    assertThat(own.value("jmx_probe_pool_targets")).isEqualTo(3);

    Http.Response refused = http.get(base + "/probe?target=10.0.0.1:9999");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.text()).contains("not allowed by allowedTargets");
  }

  @Test
  @Order(4)
  void aStoppedTargetShowsAScrapeErrorAndComesBackAfterARestart() {
    String error = "jmx_scrape_error{instance=\"" + zookeeperTarget + "\"}";
    zookeeper.close();

    prometheus.waitFor(error, r -> r.size() == 1 && r.get(0).value() == 1, WAIT);
    assertThat(prometheus.query("up{instance=\"" + zookeeperTarget + "\"}").get(0).value())
        .as("the gateway answered: up stays 1, the failure is data")
        .isEqualTo(1.0);
    assertThat(
            prometheus.query("jmx_scrape_error{instance=\"" + kafkaTarget + "\"}").get(0).value())
        .isZero();

    long stopped = System.nanoTime();
    zookeeper = zookeeperBuilder.start();
    prometheus.waitFor(error, r -> r.size() == 1 && r.get(0).value() == 0, WAIT);
    prometheus.waitFor(
        "zookeeper_znodes{instance=\"" + zookeeperTarget + "\"}", r -> r.size() == 1, WAIT);
    System.out.printf(
        "ProbeIT: ZooKeeper restarted and scraped without error %d ms after it was stopped%n",
        KafkaIT.millis(stopped, System.nanoTime()));
  }

  @Test
  @Order(5)
  void theExamplePrometheusConfigsAreValid() {
    for (String file : List.of("prometheus-http-sd.yml", "prometheus-static.yml")) {
      Path copy = dir.resolve(file);
      try {
        Files.copy(RepoFiles.path("examples/prometheus/probe/" + file), copy);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Promtool.Result result = Promtool.run(dir, "check", "config", copy.toString());
      assertThat(result.exitCode()).as(result.output()).isZero();
    }
  }

  static String indented(Path file) {
    try {
      return Files.readAllLines(file).stream()
          .map(line -> line.isBlank() ? "" : "    " + line)
          .collect(Collectors.joining("\n", "", "\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Double> byInstance(List<Series> series) {
    return series.stream().collect(Collectors.toMap(s -> s.label("instance"), Series::value));
  }
}
