package io.github.jmxprom.standalone.probe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.JmxTarget;
import io.github.jmxprom.collector.config.ProbeConfig;
import io.github.jmxprom.runtime.http.ScrapeTimeout;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * {@code GET /probe?target=T[&module=M]}: scrapes target T with module M (default {@code default})
 * and answers with its metrics in the format the scraper asks for, exactly as {@code /metrics} does
 * (client_java's handler: text, OpenMetrics, protobuf, gzip, {@code name[]}). A target that cannot
 * be reached still answers 200, with {@code jmx_scrape_error 1} and the probe's {@code
 * jmx_scrape_duration_seconds}, so Prometheus records the failure as data.
 *
 * <pre>{@code
 * curl 'http://127.0.0.1:9404/probe?target=127.0.0.1:9999&module=kafka'
 * }</pre>
 *
 * <p>Refused: without {@code allowedTargets} in the config (403: an open probe endpoint would let
 * anyone make the exporter connect anywhere), a target no pattern allows (403), a malformed target
 * or an unknown module (400).
 */
final class ProbeHandler implements HttpHandler {

  static final String PATH = "/probe";

  /** Prometheus sends its scrape timeout; the probe answers a little before it. */
  static final String TIMEOUT_HEADER = ScrapeTimeout.HEADER;

  static final long DEFAULT_TIMEOUT_NANOS = ScrapeTimeout.DEFAULT_NANOS;

  private final CollectorConfig config;
  private final TargetPool pool;
  private final ExecutorService executor;

  ProbeHandler(CollectorConfig config, TargetPool pool, ExecutorService executor) {
    this.config = config;
    this.pool = pool;
    this.executor = executor;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (!Responses.readOnly(exchange)) {
      return;
    }
    ProbeConfig probe = config.getProbe();
    if (!probe.hasAllowList()) {
      Responses.text(
          exchange,
          403,
          "/probe is off: the config has no allowedTargets, so no target may be probed."
              + " Add e.g. allowedTargets: [\"127.0.0.1:*\"] (an open probe endpoint would let"
              + " anyone make this exporter connect anywhere).\n");
      return;
    }
    Map<String, String> parameters = Responses.parameters(exchange.getRequestURI().getRawQuery());
    if (parameters == null) {
      Responses.text(exchange, 400, "the query is not URL-encoded correctly\n");
      return;
    }
    String targetText = parameters.get("target");
    if (targetText == null || targetText.trim().isEmpty()) {
      Responses.text(exchange, 400, "missing parameter: /probe?target=host:port[&module=name]\n");
      return;
    }
    JmxTarget target;
    try {
      target = JmxTarget.parse(targetText);
    } catch (IllegalArgumentException e) {
      Responses.text(exchange, 400, "target: " + e.getMessage() + "\n");
      return;
    }
    String module = parameters.get("module");
    module = module == null || module.isEmpty() ? ProbeConfig.DEFAULT_MODULE : module;
    if (!module.equals(ProbeConfig.DEFAULT_MODULE) && probe.getModule(module) == null) {
      Responses.text(exchange, 400, "unknown module '" + module + "'; " + modules(probe) + "\n");
      return;
    }
    if (!probe.isAllowed(target)) {
      Responses.text(
          exchange,
          403,
          "target "
              + target
              + " is not allowed by allowedTargets "
              + probe.getAllowedTargets()
              + "\n");
      return;
    }
    // The time left of the scrape timeout (the exporter's guard noted the request's arrival), so
    // that parsing, checking and opening the pooled target count against it.
    PooledTarget pooled = pool.acquire(target, module);
    MetricSnapshots snapshots = pooled.scrape(executor, ScrapeTimeout.remainingNanos());
    new MetricsHandler(PrometheusProperties.get(), registryOf(snapshots)).handle(exchange);
  }

  private static String modules(ProbeConfig probe) {
    List<String> names = new ArrayList<>();
    names.add(ProbeConfig.DEFAULT_MODULE);
    names.addAll(probe.getModules().keySet());
    return "the modules are " + String.join(", ", names);
  }

  /**
   * The time a probe may take: Prometheus' scrape timeout less half a second (so that the answer
   * arrives before Prometheus gives up), else 10 s; the same bound as the standalone's {@code
   * /metrics}.
   */
  static long timeoutNanos(String header) {
    return ScrapeTimeout.nanos(header);
  }

  /** A registry that serves the probe's snapshots, for client_java's format negotiation. */
  private static PrometheusRegistry registryOf(final MetricSnapshots snapshots) {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(() -> snapshots);
    return registry;
  }
}
