package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.harness.ChildJvm;
import io.github.jmxprom.it.harness.ChildJvms;
import io.github.jmxprom.it.harness.ConfigFiles;
import io.github.jmxprom.it.harness.Exposition;
import io.github.jmxprom.it.harness.FreePort;
import io.github.jmxprom.it.harness.Http;
import io.github.jmxprom.it.harness.Jars;
import io.github.jmxprom.it.servers.ConfigLint;
import io.github.jmxprom.it.servers.DashboardQueries;
import io.github.jmxprom.it.servers.PrometheusServer;
import io.github.jmxprom.it.servers.PrometheusServer.Series;
import io.github.jmxprom.it.servers.PrometheusServer.Target;
import io.github.jmxprom.it.servers.RepoFiles;
import io.github.jmxprom.it.servers.TomcatServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real Tomcat 10.1, scraped by a real Prometheus, asserted through Prometheus' HTTP API:
 *
 * <ul>
 *   <li>job {@code tomcat-issue-b}: the set-up of issue B exactly: JMX remote on a port, the agent
 *       with a jmx_exporter 0.x config whose {@code hostPort} is that port, no rules;
 *   <li>job {@code tomcat-agent}: a second Tomcat with the agent and config-samples/tomcat.yaml;
 *   <li>job {@code tomcat-standalone}: the standalone scraper with the same sample (plus {@code
 *       hostPort}) reading that second Tomcat over JMX remote.
 * </ul>
 *
 * One Prometheus scrapes all three every second; the servers are shared by the tests.
 */
class TomcatPrometheusIT {

  static final Duration UP = Duration.ofSeconds(40);
  static final Duration SCRAPED = Duration.ofSeconds(15);
  static final String ISSUE_B = "tomcat-issue-b";
  static final String AGENT = "tomcat-agent";
  static final String STANDALONE = "tomcat-standalone";

  /** The alert expression of issue B, as users write it. */
  static final String HEAP_PERCENT =
      "sum(jvm_memory_used_bytes{area=\"heap\"})by(job)*100"
          + "/sum(jvm_memory_max_bytes{area=\"heap\"})by(job)";

  @RegisterExtension static final ChildJvms SHARED = ChildJvms.perClass();
  @TempDir static Path dir;

  static TomcatServer issueB;
  static TomcatServer sampled;
  static PrometheusServer prometheus;
  static int sampledAgentPort;
  static ChildJvm standalone;

  @BeforeAll
  static void startTomcatsExportersAndPrometheus() {
    PrometheusServer.assumeInstalled();
    long start = System.nanoTime();

    TomcatServer.Builder issueBBuilder = TomcatServer.builder(dir.resolve(ISSUE_B));
    int issueBAgentPort = FreePort.pick();
    Path issueBConfig =
        ConfigFiles.write(
            dir,
            "tomcat_8181.yaml",
            "startDelaySeconds: 0\n"
                + "hostPort: 127.0.0.1:"
                + issueBBuilder.jmxPort()
                + "\n"
                + "ssl: false\n"
                + "lowercaseOutputName: false\n"
                + "lowercaseOutputLabelNames: false\n");
    // As in the issue (-javaagent:...=8181:...tomcat_8181.yaml), but bound to the loopback address.
    issueBBuilder.javaagent(Jars.agent(), "127.0.0.1:" + issueBAgentPort + ":" + issueBConfig);

    TomcatServer.Builder sampledBuilder = TomcatServer.builder(dir.resolve(AGENT));
    sampledAgentPort = FreePort.pick();
    Path sample = RepoFiles.path("config-samples/tomcat.yaml");
    sampledBuilder.javaagent(Jars.agent(), "127.0.0.1:" + sampledAgentPort + ":" + sample);

    CompletableFuture<TomcatServer> first = CompletableFuture.supplyAsync(issueBBuilder::start);
    CompletableFuture<TomcatServer> second = CompletableFuture.supplyAsync(sampledBuilder::start);
    issueB = first.join();
    sampled = second.join();
    System.out.printf(
        "TomcatPrometheusIT: 2 Tomcats ready in %d ms%n", (System.nanoTime() - start) / 1_000_000);

    int standalonePort = FreePort.pick();
    Path standaloneConfig =
        ConfigFiles.write(
            dir,
            "tomcat-standalone.yaml",
            "hostPort: " + sampled.jmxHostPort() + "\n" + read(sample));
    standalone =
        SHARED.start(
            ChildJvm.jar(STANDALONE, Jars.standalone())
                .args("127.0.0.1:" + standalonePort, standaloneConfig));
    standalone.waitFor("jmxprom: serving", UP);

    prometheus =
        PrometheusServer.builder(dir.resolve("prometheus"))
            .scrape(ISSUE_B, "127.0.0.1:" + issueBAgentPort)
            .scrape(AGENT, "127.0.0.1:" + sampledAgentPort)
            .scrape(STANDALONE, "127.0.0.1:" + standalonePort)
            .start();
    prometheus.waitFor("count(up == 1)", r -> r.size() == 1 && r.get(0).value() == 3, UP);
    System.out.printf(
        "TomcatPrometheusIT: 3 targets up in Prometheus after %d ms%n",
        (System.nanoTime() - start) / 1_000_000);
  }

  @AfterAll
  static void stopServers() {
    for (AutoCloseable server : new AutoCloseable[] {prometheus, issueB, sampled}) {
      if (server != null) {
        try {
          server.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  // ---- (a) issue B's set-up ----

  @Test
  void issueBSetUpIsUpAndItsHeapShareIsAPercentage() {
    prometheus.waitFor(
        "up{job=\"" + ISSUE_B + "\"}", r -> r.size() == 1 && r.get(0).value() == 1, SCRAPED);

    Map<String, Double> heapPercent =
        prometheus.query(HEAP_PERCENT).stream()
            .collect(Collectors.toMap(s -> s.label("job"), Series::value));
    assertThat(heapPercent).containsOnlyKeys(ISSUE_B, AGENT, STANDALONE);
    assertThat(heapPercent.values()).allSatisfy(p -> assertThat(p).isStrictlyBetween(0.0, 100.0));

    assertThat(issueB.process().logText())
        .as("the agent read its own JMX port directly")
        .contains(
            "/jndi/rmi://127.0.0.1:"
                + issueB.jmxPort()
                + "/jmxrmi is this JVM's own JMX port; reading the platform MBeanServer directly");
  }

  @Test
  void issueBRequestCountersRiseAfterHttpRequestsToTomcat() {
    String requests = "sum(Catalina_GlobalRequestProcessor_requestCount{job=\"" + ISSUE_B + "\"})";
    String errors = "sum(Catalina_GlobalRequestProcessor_errorCount{job=\"" + ISSUE_B + "\"})";
    prometheus.waitForSeries(requests, SCRAPED);
    double requestsBefore = value(requests);
    double errorsBefore = value(errors);

    for (int i = 0; i < 10; i++) {
      assertThat(issueB.get("/")).isEqualTo(200);
    }
    for (int i = 0; i < 3; i++) {
      assertThat(issueB.get("/no-such-page")).isEqualTo(404);
    }

    prometheus.waitFor(
        requests, r -> !r.isEmpty() && r.get(0).value() >= requestsBefore + 13, SCRAPED);
    prometheus.waitFor(errors, r -> !r.isEmpty() && r.get(0).value() >= errorsBefore + 3, SCRAPED);
  }

  @Test
  void oneJobPerExporterAllUp() {
    assertThat(prometheus.targets())
        .extracting(Target::job)
        .containsExactlyInAnyOrder(ISSUE_B, AGENT, STANDALONE);
    prometheus.waitFor("count by (job) (up == 1)", r -> r.size() == 3, SCRAPED);
  }

  // ---- (b) config-samples/tomcat.yaml by agent and by standalone ----

  @ParameterizedTest
  @ValueSource(strings = {AGENT, STANDALONE})
  void tomcatSampleIsScrapedWithoutErrors(String job) {
    Target target =
        prometheus.targets().stream().filter(t -> t.job().equals(job)).findFirst().orElseThrow();
    assertThat(target.health()).isEqualTo("up");
    assertThat(target.lastError()).isEmpty();

    String selector = "{job=\"" + job + "\"}";
    prometheus.waitFor(
        "count_over_time(jmx_scrape_error" + selector + "[1m])",
        r -> !r.isEmpty() && r.get(0).value() >= 3,
        SCRAPED);
    assertThat(value("max_over_time(jmx_scrape_error" + selector + "[1m])"))
        .as("jmx_scrape_error of %s; its log:%n%s", job, exporterLog(job))
        .isZero();
    assertThat(value("sum(jmx_scrape_dropped_samples_total" + selector + ")")).isZero();
    assertThat(value("max(jmx_scrape_beans_failed" + selector + ")")).isZero();
  }

  /** What the exporter of {@code job} printed: the standalone's output, or the agent's Tomcat's. */
  static String exporterLog(String job) {
    return job.equals(STANDALONE) ? standalone.output() : sampled.process().logText();
  }

  @ParameterizedTest
  @ValueSource(strings = {AGENT, STANDALONE})
  void tomcatSampleRequestCountersRiseAfterHttpRequests(String job) {
    String requests = "sum(tomcat_requests_total{job=\"" + job + "\"})";
    String servlet =
        "sum(tomcat_servlet_requests_total{job=\"" + job + "\", context=\"/\", servlet=\"jsp\"})";
    prometheus.waitForSeries(requests, SCRAPED);
    double before = value(requests);
    double servletBefore = value(servlet);

    for (int i = 0; i < 5; i++) {
      assertThat(sampled.get("/")).isEqualTo(200);
    }

    prometheus.waitFor(requests, r -> !r.isEmpty() && r.get(0).value() >= before + 5, SCRAPED);
    prometheus.waitFor(
        servlet, r -> !r.isEmpty() && r.get(0).value() >= servletBefore + 5, SCRAPED);
  }

  @ParameterizedTest
  @ValueSource(strings = {AGENT, STANDALONE})
  void everySeriesTheDashboardsUseExists(String job) {
    sampled.get("/"); // traffic, so that the ratios have something to divide
    for (String dashboard : List.of("tomcat.json", "jvm.json")) {
      List<DashboardQueries.Result> results =
          DashboardQueries.check(
              prometheus, RepoFiles.path("examples/dashboards/" + dashboard), Map.of("job", job));
      System.out.printf("%s on %s: %d expressions gave series%n", dashboard, job, results.size());
    }
  }

  @Test
  void everyRuleOfTheSamplesMatchesOnTomcat() {
    for (String sample : List.of("tomcat.yaml", "jvm-only.yaml")) {
      ConfigLint.Result lint =
          ConfigLint.run(RepoFiles.path("config-samples/" + sample), sampled.jmxHostPort());
      System.out.println(lint.output());
      lint.assertEveryRuleMatches();
    }
  }

  @Test
  void tomcatSampleMakesTheSeriesItsHeaderPromises() {
    Exposition metrics = Http.plain().scrape("http://127.0.0.1:" + sampledAgentPort);
    List<Exposition.Sample> samples = metrics.samples();
    long fromTomcatRules = samples.stream().filter(s -> s.name().startsWith("tomcat_")).count();
    long fromOsRules =
        samples.stream()
            .filter(s -> s.name().startsWith("jvm_cpu_") || s.name().startsWith("jvm_system_"))
            .count();
    System.out.printf(
        "config-samples/tomcat.yaml on Tomcat 10.1 (ROOT only, one connector): %d samples, %d"
            + " from Tomcat rules, %d from OS rules%n",
        samples.size(), fromTomcatRules, fromOsRules);
    // 13 per connector + 11 per web application + 3 per servlet (default, jsp)
    assertThat(fromTomcatRules).isEqualTo(13 + 11 + 3 * 2);
    assertThat(fromOsRules).isEqualTo(6);
  }

  private static double value(String promql) {
    List<Series> result = prometheus.query(promql);
    assertThat(result).as(promql).hasSize(1);
    return result.get(0).value();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
