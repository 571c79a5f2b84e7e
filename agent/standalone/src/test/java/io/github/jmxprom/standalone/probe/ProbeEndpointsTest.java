package io.github.jmxprom.standalone.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.runtime.BuildInfo;
import io.github.jmxprom.runtime.Exporter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /probe} and {@code /sd} served by a real exporter on 127.0.0.1, probing this JVM's MBeans
 * through a JMX connector on an RMI registry of its own (and ports where nothing answers).
 */
class ProbeEndpointsTest {

  static final String BEAN = "io.github.jmxprom.probetest:type=Answer";

  /** The test bean: one attribute with a known value. */
  public interface AnswerMBean {
    int getValue();
  }

  /** Implements {@link AnswerMBean}. */
  public static final class Answer implements AnswerMBean {
    @Override
    public int getValue() {
      return 42;
    }
  }

  static Registry registry;
  static JMXConnectorServer server;
  static String target;

  @TempDir Path dir;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final List<AutoCloseable> started = new ArrayList<>();

  @BeforeAll
  static void startJmxServer() throws Exception {
    int port = freePort();
    registry = LocateRegistry.createRegistry(port);
    target = "127.0.0.1:" + port;
    MBeanServer platform = ManagementFactory.getPlatformMBeanServer();
    platform.registerMBean(new Answer(), new ObjectName(BEAN));
    server =
        JMXConnectorServerFactory.newJMXConnectorServer(
            new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + target + "/jmxrmi"),
            null,
            platform);
    server.start();
  }

  @AfterAll
  static void stopJmxServer() throws Exception {
    server.stop();
    UnicastRemoteObject.unexportObject(registry, true);
    ManagementFactory.getPlatformMBeanServer().unregisterMBean(new ObjectName(BEAN));
  }

  @AfterEach
  void stopExporters() throws Exception {
    for (AutoCloseable closeable : started) {
      closeable.close();
    }
  }

  static final String GATEWAY =
      """
      allowedTargets: ["127.0.0.1:*"]
      includeObjectNames: ["io.github.jmxprom.probetest:*"]
      excludeJvmMetrics: true
      modules:
        answers:
          includeObjectNames: ["io.github.jmxprom.probetest:*"]
          rules:
            - pattern: 'io.github.jmxprom.probetest<type=Answer><>Value'
              name: the_answer
              labels: {kind: ultimate}
      targets:
        - target: 127.0.0.1:9999
          module: answers
          labels: {env: prod}
        - target: 127.0.0.1:9998
      """;

  @Test
  void aProbeScrapesTheTargetWithTheDefaultModule() throws Exception {
    String base = start(GATEWAY);

    HttpResponse<String> response = get(base + "/probe?target=" + target);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("text/plain");
    assertThat(value(response.body(), "io_github_jmxprom_probetest_Answer_Value")).isEqualTo(42);
    assertThat(value(response.body(), "jmx_scrape_error")).isZero();
    assertThat(response.body()).doesNotContain("jvm_threads").doesNotContain("jmx_exporter_build");
  }

  @Test
  void theModuleParameterChoosesTheRules() throws Exception {
    String base = start(GATEWAY);

    String body = get(base + "/probe?module=answers&target=" + encode(target)).body();

    assertThat(body).contains("the_answer{kind=\"ultimate\"} 42.0");
    assertThat(body).doesNotContain("io_github_jmxprom_probetest_Answer_Value");
  }

  @Test
  void probesReuseOneConnectionPerTargetAndModule() throws Exception {
    String base = start(GATEWAY);
    int before = server.getConnectionIds().length;

    for (int i = 0; i < 3; i++) {
      assertThat(value(get(base + "/probe?target=" + target).body(), "jmx_scrape_error")).isZero();
    }
    get(base + "/probe?module=answers&target=" + target);

    assertThat(server.getConnectionIds().length - before).isEqualTo(2);
    assertThat(value(get(base + "/metrics").body(), "jmx_probe_pool_targets")).isEqualTo(2);
  }

  @Test
  void aTargetThatIsDownAnswers200WithTheErrorInTheSameAnswer() throws Exception {
    String base = start(GATEWAY);
    String down = "127.0.0.1:" + freePort();

    long start = System.nanoTime();
    HttpResponse<String> response = get(base + "/probe?target=" + down);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(value(response.body(), "jmx_scrape_error")).isEqualTo(1);
    assertThat(value(response.body(), "jmx_scrape_duration_seconds")).isPositive();
  }

  @Test
  void aTargetThatDoesNotAnswerIsCutOffAtPrometheusScrapeTimeout() throws Exception {
    String base = start(GATEWAY);
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      long start = System.nanoTime();
      HttpResponse<String> response =
          get(
              base + "/probe?target=127.0.0.1:" + silent.getLocalPort(),
              ProbeHandler.TIMEOUT_HEADER,
              "1.5");
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofMillis(1450));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(value(response.body(), "jmx_scrape_error")).isEqualTo(1);
      assertThat(value(response.body(), "jmx_scrape_duration_seconds")).isBetween(0.9, 1.45);
    }
  }

  @Test
  void probesAnswerInTheFormatTheScraperAsksFor() throws Exception {
    String base = start(GATEWAY);

    HttpResponse<String> response =
        get(
            base + "/probe?target=" + target,
            "Accept",
            "application/openmetrics-text; version=1.0.0; charset=utf-8");

    assertThat(response.headers().firstValue("Content-Type"))
        .get()
        .asString()
        .startsWith("application/openmetrics-text");
    assertThat(response.body()).endsWith("# EOF\n");

    String filtered = get(base + "/probe?target=" + target + "&name%5B%5D=jmx_scrape_error").body();
    assertThat(filtered).contains("jmx_scrape_error 0.0").doesNotContain("probetest");
  }

  @Test
  void withoutAllowedTargetsEveryProbeIsRefused() throws Exception {
    String base = start("modules: {kafka: {}}\n");

    HttpResponse<String> response = get(base + "/probe?target=" + target);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("no allowedTargets").contains("127.0.0.1:*");
  }

  @Test
  void badRequestsAreRefusedWithWhatIsWrong() throws Exception {
    String base = start(GATEWAY);

    assertRefused(get(base + "/probe"), 400, "missing parameter");
    assertRefused(get(base + "/probe?target=nonsense"), 400, "expected host:port");
    assertRefused(
        get(base + "/probe?target=" + target + "&module=kafka"),
        400,
        "unknown module 'kafka'; the modules are default, answers");
    assertRefused(
        get(base + "/probe?target=10.1.2.3:9999"),
        403,
        "10.1.2.3:9999 is not allowed by allowedTargets [127.0.0.1:*]");
    assertRefused(get(base + "/probe?target=pid:1"), 403, "not allowed");
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/probe?target=" + target))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertRefused(post, 405, "use GET");
  }

  @Test
  void serviceDiscoveryListsTheConfiguredTargets() throws Exception {
    String base = start(GATEWAY);

    HttpResponse<String> response = get(base + "/sd");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.body())
        .isEqualTo(
            """
            [
              {"targets": ["127.0.0.1:9999"], "labels": {"__param_module": "answers", "env": "prod"}},
              {"targets": ["127.0.0.1:9998"], "labels": {"__param_module": "default"}}
            ]
            """);
  }

  @Test
  void metricsHoldOnlyTheExportersOwnMetricsWithoutHostPort() throws Exception {
    String base = start(GATEWAY);

    String body = get(base + "/metrics").body();

    assertThat(body).contains("jmx_exporter_build_info").contains("jmx_probe_pool_targets 0");
    assertThat(body).doesNotContain("jmx_scrape_error").doesNotContain("probetest");
  }

  /** Starts an exporter with {@code yaml} on a free port; returns its base URL. */
  private String start(String yaml) throws IOException {
    Path file = dir.resolve("gateway.yaml");
    Files.writeString(file, yaml);
    CollectorConfig config = ConfigLoader.load(file);
    ProbeService probes = ProbeService.start(config);
    started.add(probes);
    Exporter exporter =
        Exporter.start(
            Exporter.Mode.STANDALONE,
            file,
            config,
            "127.0.0.1",
            freePort(),
            new BuildInfo("jmxprom-standalone", "test"),
            probes.handlers());
    started.add(0, exporter);
    exporter.getRegistry().register(probes.selfMetrics());
    return "http://127.0.0.1:" + exporter.getPort();
  }

  private HttpResponse<String> get(String url, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertRefused(HttpResponse<String> response, int status, String message) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.body()).contains(message);
  }

  /** The value of the first sample named exactly {@code name} (no labels) in a text exposition. */
  static double value(String exposition, String name) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim().split(" ")[0]);
      }
    }
    throw new AssertionError("no sample " + name + " in\n" + exposition);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
