package io.github.jmxprom.runtime.http;

import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.collector.config.HttpServerConfig;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** Shared fixtures: configs from YAML, a small registry, an HTTP/1.1 client. */
final class TestHttp {

  private TestHttp() {}

  /** The {@code httpServer} section of {@code yaml}, validated as the agent would. */
  static HttpServerConfig config(String yaml) {
    HttpServerConfig config = ConfigLoader.load(yaml).getHttpServer();
    return config == null ? HttpServerConfig.defaults() : config;
  }

  /** A registry with {@code test_events_total 3} and {@code test_temperature_celsius 21.5}. */
  static PrometheusRegistry registry() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter.builder().name("test_events").help("Events seen").register(registry).inc(3);
    Gauge.builder()
        .name("test_temperature_celsius")
        .help("Temperature")
        .register(registry)
        .set(21.5);
    return registry;
  }

  static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  static HttpClient client(SSLContext tls) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .sslContext(tls)
        .build();
  }

  /** GET {@code url} with header name/value pairs. */
  static HttpResponse<byte[]> get(HttpClient client, String url, String... headers)
      throws IOException, InterruptedException {
    return client.send(request(url, headers), HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpRequest request(String url, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return request.build();
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
