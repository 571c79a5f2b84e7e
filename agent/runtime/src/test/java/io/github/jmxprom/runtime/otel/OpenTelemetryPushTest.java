package io.github.jmxprom.runtime.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.jmxprom.collector.config.ConfigException;
import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.runtime.BuildInfo;
import io.github.jmxprom.runtime.Exporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The openTelemetry section pushes OTLP (HTTP/protobuf) to a receiver on 127.0.0.1. */
class OpenTelemetryPushTest {

  private HttpServer receiver;
  private final LinkedBlockingQueue<String> requests = new LinkedBlockingQueue<>();

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          byte[] body = readAll(exchange.getRequestBody());
          if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            body = readAll(new GZIPInputStream(new java.io.ByteArrayInputStream(body)));
          }
          // Protobuf keeps strings as UTF-8 bytes: names can be found in the raw body.
          requests.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getPath()
                  + " "
                  + new String(body, StandardCharsets.ISO_8859_1));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  @Test
  void pushesJmxAndJvmMetricsWithoutAnHttpPort(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("otel.yaml");
    Files.write(
        config,
        ("includeObjectNames: [\"java.lang:type=Threading\"]\n"
                + "openTelemetry:\n"
                + "  endpoint: http://127.0.0.1:"
                + receiver.getAddress().getPort()
                + "\n"
                + "  protocol: http/protobuf\n"
                + "  interval: 1\n"
                + "  serviceName: jmxprom-test\n")
            .getBytes(StandardCharsets.UTF_8));
    try (Exporter exporter =
        Exporter.start(
            Exporter.Mode.AGENT,
            config,
            ConfigLoader.load(config),
            null,
            0,
            new BuildInfo("jmxprom-test", "1"))) {
      assertThat(exporter.getPort()).isEqualTo(-1);
      String request = requests.poll(20, TimeUnit.SECONDS);
      assertThat(request).as("an OTLP request within 20 s").isNotNull();
      assertThat(request).startsWith("POST /v1/metrics ");
      assertThat(request)
          .contains("java_lang_Threading_ThreadCount")
          .contains("jvm_threads_current")
          .contains("jmxprom-test");
    }
  }

  @Test
  void preserveNamesIsRefusedWithTheKeyNamed(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("otel.yaml");
    Files.write(config, "openTelemetry: {preserveNames: true}\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () ->
                Exporter.start(
                    Exporter.Mode.AGENT,
                    config,
                    ConfigLoader.load(config),
                    null,
                    0,
                    new BuildInfo("t", "1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(config + ": openTelemetry.preserveNames: not supported");
  }

  @Test
  void withoutPortAndWithoutOpenTelemetryThereIsNothingToDo(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("c.yaml");
    Files.write(config, "{}\n".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () ->
                Exporter.start(
                    Exporter.Mode.AGENT,
                    config,
                    ConfigLoader.load(config),
                    null,
                    0,
                    new BuildInfo("t", "1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no HTTP port was given and the config has no openTelemetry:");
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }
}
