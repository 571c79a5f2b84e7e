package io.github.jmxprom.runtime.http;

import static io.github.jmxprom.runtime.http.TestHttp.client;
import static io.github.jmxprom.runtime.http.TestHttp.config;
import static io.github.jmxprom.runtime.http.TestHttp.get;
import static io.github.jmxprom.runtime.http.TestHttp.registry;
import static io.github.jmxprom.runtime.http.TestHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jmxprom.collector.config.ConfigException;
import io.github.jmxprom.collector.config.HttpServerConfig;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExporterHttpServerTest {

  private static final String OPENMETRICS =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";
  private static final String PROTOBUF =
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;"
          + " encoding=delimited";

  private final HttpClient client = client();
  private ExporterHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private String start(HttpServerConfig config, PrometheusRegistry registry) {
    server = ExporterHttpServer.start(config, "127.0.0.1", 0, registry);
    return "http://127.0.0.1:" + server.getPort();
  }

  @Test
  void servesTheTextFormatByDefault() throws Exception {
    String base = start(HttpServerConfig.defaults(), registry());

    HttpResponse<byte[]> response = get(client, base + "/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(text(response))
        .isEqualTo(
            """
            # HELP test_events_total Events seen
            # TYPE test_events_total counter
            test_events_total 3.0
            # HELP test_temperature_celsius Temperature
            # TYPE test_temperature_celsius gauge
            test_temperature_celsius 21.5
            """);
  }

  @Test
  void servesOpenMetricsWhenAsked() throws Exception {
    String base = start(HttpServerConfig.defaults(), registry());

    HttpResponse<byte[]> response =
        get(client, base + "/metrics", "Accept", "application/openmetrics-text; version=1.0.0");

    assertThat(response.headers().firstValue("Content-Type")).hasValue(OPENMETRICS);
    assertThat(text(response)).contains("test_events_total 3.0\n").endsWith("# EOF\n");
  }

  @Test
  void servesProtobufWhenAsked() throws Exception {
    String base = start(HttpServerConfig.defaults(), registry());

    HttpResponse<byte[]> response =
        get(
            client,
            base + "/metrics",
            "Accept",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                + "encoding=delimited");

    assertThat(response.headers().firstValue("Content-Type")).hasValue(PROTOBUF);
    assertThat(new String(response.body(), StandardCharsets.ISO_8859_1))
        .contains("test_events_total", "test_temperature_celsius");
  }

  @Test
  void compressesWithGzipWhenAccepted() throws Exception {
    String base = start(HttpServerConfig.defaults(), registry());

    HttpResponse<byte[]> response = get(client, base + "/metrics", "Accept-Encoding", "gzip");

    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .contains("test_events_total 3.0\n");
    }
  }

  @Test
  void filtersFamiliesByName() throws Exception {
    String base = start(HttpServerConfig.defaults(), registry());

    HttpResponse<byte[]> response =
        get(client, base + "/metrics?name%5B%5D=test_temperature_celsius");

    assertThat(text(response))
        .isEqualTo(
            """
            # HELP test_temperature_celsius Temperature
            # TYPE test_temperature_celsius gauge
            test_temperature_celsius 21.5
            """);
  }

  @Test
  void answersTheHealthCheck() throws Exception {
    String base = start(HttpServerConfig.defaults(), registry());

    HttpResponse<byte[]> response = get(client, base + "/-/healthy");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(text(response)).isEqualTo("Exporter is healthy.\n");
  }

  @Test
  void rootPageLinksToTheMetrics() throws Exception {
    String base = start(HttpServerConfig.defaults(), registry());

    HttpResponse<byte[]> response = get(client, base + "/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(text(response)).contains("<a href=\"/metrics\">/metrics</a>");
  }

  @Test
  void unknownPathsAreNotFound() throws Exception {
    String base = start(HttpServerConfig.defaults(), registry());

    HttpResponse<byte[]> response = get(client, base + "/favicon.ico");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(text(response)).isEqualTo("Not found. The metrics are at /metrics\n");
  }

  @Test
  void everyResponseCarriesTheSecurityHeaders() throws Exception {
    String base = start(HttpServerConfig.defaults(), registry());

    for (String path : List.of("/metrics", "/-/healthy", "/", "/nothing-here")) {
      HttpResponse<byte[]> response = get(client, base + path);
      assertThat(response.headers().firstValue("X-Content-Type-Options"))
          .as(path)
          .hasValue("nosniff");
      assertThat(response.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
      assertThat(response.headers().firstValue("Strict-Transport-Security")).as(path).isEmpty();
    }
  }

  @Test
  void customMetricsPathServesMetricsAndKeepsSlashMetrics() throws Exception {
    String base = start(config("httpServer:\n  metrics:\n    path: /prometheus\n"), registry());

    HttpResponse<byte[]> custom = get(client, base + "/prometheus");
    HttpResponse<byte[]> legacy = get(client, base + "/metrics", "Accept-Encoding", "gzip");
    HttpResponse<byte[]> root = get(client, base + "/");

    assertThat(custom.statusCode()).isEqualTo(200);
    assertThat(text(custom)).contains("test_events_total 3.0\n");
    assertThat(custom.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(legacy.statusCode()).isEqualTo(200);
    assertThat(legacy.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(legacy.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(text(root)).contains("<a href=\"/prometheus\">/prometheus</a>");
  }

  @Test
  void metricsPathAtTheRootServesMetricsEverywhereButTheHealthCheck() throws Exception {
    String base = start(config("httpServer:\n  metrics:\n    path: /\n"), registry());

    assertThat(text(get(client, base + "/"))).contains("test_events_total 3.0\n");
    assertThat(text(get(client, base + "/anything"))).contains("test_events_total 3.0\n");
    assertThat(text(get(client, base + "/-/healthy"))).isEqualTo("Exporter is healthy.\n");
  }

  @Test
  void metricsPathOfTheHealthCheckIsRefused() {
    assertThatThrownBy(
            () -> start(config("httpServer:\n  metrics:\n    path: /-/healthy\n"), registry()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "httpServer.metrics.path: /-/healthy is taken by the health check; choose another"
                + " path");
  }

  @Test
  void takenPortIsReportedClearly() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();

      assertThatThrownBy(
              () ->
                  ExporterHttpServer.start(
                      HttpServerConfig.defaults(), "127.0.0.1", port, registry()))
          .isInstanceOf(ExporterStartException.class)
          .hasMessage(
              "port "
                  + port
                  + " on 127.0.0.1 is already in use; choose another port or stop the other"
                  + " process");
    }
  }

  @Test
  void takenPortOnAllInterfacesIsReportedAsZeroAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();

      assertThatThrownBy(
              () -> ExporterHttpServer.start(HttpServerConfig.defaults(), null, port, registry()))
          .isInstanceOf(ExporterStartException.class)
          .hasMessage(
              "port "
                  + port
                  + " on 0.0.0.0 is already in use; choose another port or stop the other"
                  + " process");
    }
  }

  @Test
  void prepareFindsTheTakenPortWithoutStartingAndLeavesAFreePortFree() throws Exception {
    int port;
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      port = taken.getLocalPort();
      int takenPort = port;
      assertThatThrownBy(
              () -> ExporterHttpServer.prepare(HttpServerConfig.defaults(), "127.0.0.1", takenPort))
          .isInstanceOf(ExporterStartException.class)
          .hasMessageContaining("port " + port + " on 127.0.0.1 is already in use");
    }
    // Free now: the check binds only for a moment, so the prepared server can take the port.
    ExporterHttpServer.Prepared prepared =
        ExporterHttpServer.prepare(HttpServerConfig.defaults(), "127.0.0.1", port);
    try (ServerSocket other = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
      assertThat(other.getLocalPort()).isEqualTo(port);
    }
    try (ExporterHttpServer server = prepared.start(registry(), java.util.Collections.emptyMap())) {
      assertThat(server.getPort()).isEqualTo(port);
    }
  }

  @Test
  void anEarlyAddressCheckReportsWhatPrepareWouldAndLeavesTheFreePortFree() throws Exception {
    int port;
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      port = taken.getLocalPort();
      int takenPort = port;
      AddressCheck early = AddressCheck.start("127.0.0.1", takenPort);
      assertThatThrownBy(
              () ->
                  ExporterHttpServer.prepare(
                      HttpServerConfig.defaults(), "127.0.0.1", takenPort, early))
          .isInstanceOf(ExporterStartException.class)
          .hasMessage(
              "port "
                  + port
                  + " on 127.0.0.1 is already in use; choose another port or stop"
                  + " the other process");
    }
    AddressCheck early = AddressCheck.start("127.0.0.1", port);
    ExporterHttpServer.Prepared prepared =
        ExporterHttpServer.prepare(HttpServerConfig.defaults(), "127.0.0.1", port, early);
    try (ExporterHttpServer server = prepared.start(registry(), java.util.Collections.emptyMap())) {
      assertThat(server.getPort()).isEqualTo(port);
    }
    AddressCheck unresolvable = AddressCheck.start("no-such-host.invalid", 9404);
    assertThatThrownBy(
            () ->
                ExporterHttpServer.prepare(
                    HttpServerConfig.defaults(), "no-such-host.invalid", 9404, unresolvable))
        .isInstanceOf(ExporterStartException.class)
        .hasMessageStartingWith("cannot resolve host 'no-such-host.invalid'");
  }

  @Test
  void unresolvableHostIsReportedClearly() {
    assertThatThrownBy(
            () ->
                ExporterHttpServer.start(
                    HttpServerConfig.defaults(), "no-such-host.invalid", 0, registry()))
        .isInstanceOf(ExporterStartException.class)
        .hasMessageStartingWith("cannot resolve host 'no-such-host.invalid'");
  }

  @Test
  void listensOnAllInterfacesWithoutHost() throws Exception {
    server = ExporterHttpServer.start(HttpServerConfig.defaults(), null, 0, registry());

    HttpResponse<byte[]> response =
        get(client, "http://127.0.0.1:" + server.getPort() + "/-/healthy");

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void answers503AtOnceWhenAllThreadsAreBusy() throws Exception {
    CountDownLatch scraping = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    String base =
        start(
            config("httpServer:\n  threads: {minimum: 1, maximum: 1, keepAliveTime: 1}\n"),
            blockingRegistry(scraping, release));
    try {
      CompletableFuture<HttpResponse<byte[]>> slow =
          client.sendAsync(
              TestHttp.request(base + "/metrics"), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(scraping.await(10, TimeUnit.SECONDS)).isTrue();

      long started = System.nanoTime();
      HttpResponse<byte[]> rejected = get(client(), base + "/metrics");
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

      assertThat(rejected.statusCode()).isEqualTo(503);
      assertThat(text(rejected)).isEqualTo("too many concurrent scrapes\n");
      assertThat(rejected.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(millis).isLessThan(2000);

      release.countDown();
      HttpResponse<byte[]> finished = slow.get(10, TimeUnit.SECONDS);
      assertThat(finished.statusCode()).isEqualTo(200);
      assertThat(text(finished)).contains("test_slow 1.0");
      assertThat(get(client, base + "/-/healthy").statusCode()).isEqualTo(200);
    } finally {
      release.countDown();
    }
  }

  @Test
  void closesRequestsThatRunLongerThanMaximumRequestSeconds() throws Exception {
    CountDownLatch scraping = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    String base =
        start(
            config("httpServer:\n  maximumRequestSeconds: 1\n"),
            blockingRegistry(scraping, release));
    try {
      long started = System.nanoTime();

      // The connection closes after 1 s (HttpClient then retries the GET once, closed again).
      assertThatThrownBy(() -> get(client, base + "/metrics"))
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(HttpTimeoutException.class);

      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(millis).isBetween(900L, 8000L);
    } finally {
      release.countDown();
    }
    // Fast requests are not affected.
    assertThat(get(client(), base + "/-/healthy").statusCode()).isEqualTo(200);
  }

  @Test
  void serverThreadsAreDaemonThreads() throws Exception {
    assertThat(Thread.currentThread().isDaemon()).isFalse();
    String base = start(config("httpServer:\n  maximumRequestSeconds: 30\n"), registry());
    assertThat(get(client, base + "/metrics").statusCode()).isEqualTo(200);

    List<Thread> threads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(
                t ->
                    t.getName().startsWith("jmxprom-http-")
                        || t.getName().equals("HTTP-Dispatcher"))
            .collect(Collectors.toList());

    assertThat(threads)
        .extracting(Thread::getName)
        .contains("HTTP-Dispatcher")
        .anyMatch(name -> name.matches("jmxprom-http-\\d+"))
        .anyMatch(name -> name.matches("jmxprom-http-deadline-\\d+"));
    assertThat(threads).allMatch(Thread::isDaemon, "is a daemon thread");
  }

  @Test
  void closeEndsTheWorkerThreads() throws Exception {
    String base = start(HttpServerConfig.defaults(), registry());
    assertThat(get(client, base + "/metrics").statusCode()).isEqualTo(200);

    server.close();
    server.close(); // idempotent
    server = null;

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (workerThreadsAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(workerThreadsAlive()).isFalse();
  }

  private static boolean workerThreadsAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().matches("jmxprom-http-\\d+") && t.isAlive());
  }

  /** A registry whose scrape signals {@code scraping} and then waits for {@code release}. */
  private static PrometheusRegistry blockingRegistry(
      CountDownLatch scraping, CountDownLatch release) {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(
        (Collector)
            () -> {
              scraping.countDown();
              try {
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return GaugeSnapshot.builder()
                  .name("test_slow")
                  .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(1).build())
                  .build();
            });
    return registry;
  }
}
