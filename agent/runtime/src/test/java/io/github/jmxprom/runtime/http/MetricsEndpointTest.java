package io.github.jmxprom.runtime.http;

import static io.github.jmxprom.runtime.http.TestHttp.client;
import static io.github.jmxprom.runtime.http.TestHttp.get;
import static io.github.jmxprom.runtime.http.TestHttp.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.JmxCollector;
import io.github.jmxprom.collector.config.HttpServerConfig;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The metrics path over HTTP: a plain scrape in the Prometheus text format or OpenMetrics is
 * written from the JMX scrape and streamed; every other request gets client_java's answer; both
 * carry the same samples.
 */
class MetricsEndpointTest {

  private final HttpClient client = client();
  private final AtomicInteger jmxScrapes = new AtomicInteger();
  private ExporterHttpServer server;
  private String base;

  /** A bean with fixed values, so that two scrapes give the same samples. */
  public interface PoolMBean {
    int getActive();

    double getRatio();
  }

  /** See {@link PoolMBean}. */
  public static final class Pool implements PoolMBean {
    @Override
    public int getActive() {
      return 7;
    }

    @Override
    public double getRatio() {
      return 0.25;
    }
  }

  @BeforeEach
  void start() throws Exception {
    MBeanServer beans = MBeanServerFactory.newMBeanServer();
    beans.registerMBean(new Pool(), new ObjectName("app:type=Pool,name=\"main \\\"one\\\"\""));
    beans.registerMBean(new Pool(), new ObjectName("app:type=Pool,name=other"));
    JmxCollector collector =
        JmxCollector.builder()
            .configYaml(
                "rules:\n- pattern: 'app<type=Pool, name=(.+)><>(\\w+)'\n"
                    + "  name: app_pool_$2\n  labels:\n    pool: $1\n- pattern: '.*'\n")
            .mbeanServer(beans)
            .build();
    PrometheusRegistry rest = new PrometheusRegistry();
    Gauge.builder().name("jvm_fake_temperature").help("T").register(rest).set(1.5);
    PrometheusRegistry full = new PrometheusRegistry();
    full.register(collector);
    Gauge.builder().name("jvm_fake_temperature").help("T").register(full).set(1.5);
    server =
        ExporterHttpServer.prepare(HttpServerConfig.defaults(), "127.0.0.1", 0)
            .start(
                full,
                new DirectScrape(
                    rest,
                    () -> {
                      jmxScrapes.incrementAndGet();
                      return collector.scrape();
                    }),
                Collections.emptyMap());
    base = "http://127.0.0.1:" + server.getPort();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aPlainScrapeIsStreamedFromTheJmxScrapeWithTheSameSamplesClientJavaGives() throws Exception {
    HttpResponse<byte[]> direct = get(client, base + "/metrics");
    int afterDirect = jmxScrapes.get();
    HttpResponse<byte[]> viaClientJava = get(client, base + "/metrics?via=client_java");

    assertThat(direct.statusCode()).isEqualTo(200);
    assertThat(afterDirect).isEqualTo(1);
    assertThat(jmxScrapes).hasValue(1); // client_java's path went through the full registry
    assertThat(direct.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
    assertThat(direct.headers().firstValue("Content-Length")).isEmpty();
    assertThat(direct.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(direct.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(viaClientJava.headers().firstValue("Content-Length")).isPresent();
    assertThat(withoutDuration(text(direct))).isEqualTo(withoutDuration(text(viaClientJava)));
    assertThat(text(direct))
        .contains("app_pool_Active{pool=\"other\"} 7.0\n")
        .contains("jvm_fake_temperature 1.5\n")
        .contains("jmx_scrape_error 0.0\n");
  }

  @Test
  void gzipIsStreamedWhenAsked() throws Exception {
    HttpResponse<byte[]> zipped = get(client, base + "/metrics", "Accept-Encoding", "gzip");
    HttpResponse<byte[]> plain = get(client, base + "/metrics");

    assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(zipped.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
    String unzipped =
        new String(
            new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(withoutDuration(unzipped)).isEqualTo(withoutDuration(text(plain)));
  }

  @Test
  void openMetricsIsStreamedToo() throws Exception {
    String prometheusAccept =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
            + "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
    HttpResponse<byte[]> direct = get(client, base + "/metrics", "Accept", prometheusAccept);
    HttpResponse<byte[]> viaClientJava =
        get(client, base + "/metrics?via=client_java", "Accept", prometheusAccept);

    assertThat(jmxScrapes).hasValue(1);
    assertThat(direct.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
    assertThat(direct.headers().firstValue("Content-Type"))
        .isEqualTo(viaClientJava.headers().firstValue("Content-Type"));
    assertThat(direct.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/openmetrics-text");
    assertThat(withoutDuration(text(direct))).isEqualTo(withoutDuration(text(viaClientJava)));
    assertThat(text(direct)).endsWith("# EOF\n").contains("app_pool_Active{pool=\"other\"} 7.0\n");
  }

  @Test
  void protobufNamesAndHeadGoToClientJava() throws Exception {
    HttpResponse<byte[]> protobuf =
        get(
            client,
            base + "/metrics",
            "Accept",
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;"
                + " encoding=delimited");
    HttpResponse<byte[]> named = get(client, base + "/metrics?name[]=jvm_fake_temperature");
    HttpResponse<String> head =
        client.send(
            HttpRequest.newBuilder(java.net.URI.create(base + "/metrics"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(protobuf.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/vnd.google.protobuf");
    assertThat(protobuf.headers().firstValue("Content-Length")).isPresent();
    assertThat(text(named))
        .isEqualTo(
            "# HELP jvm_fake_temperature T\n# TYPE jvm_fake_temperature gauge\n"
                + "jvm_fake_temperature 1.5\n");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).isPresent();
    assertThat(jmxScrapes).hasValue(0);
  }

  private static String withoutDuration(String exposition) {
    return exposition
        .lines()
        .filter(line -> !line.startsWith("jmx_scrape_duration_seconds "))
        .collect(Collectors.joining("\n"));
  }
}
