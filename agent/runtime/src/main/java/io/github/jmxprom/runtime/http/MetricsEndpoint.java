package io.github.jmxprom.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.jmxprom.collector.snapshot.ScrapeResult;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.ExporterFilterProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;

/**
 * The metrics path. A plain scrape in the Prometheus text format (a {@code GET} without query
 * parameters whose {@code Accept} header client_java would answer with that format) is written by
 * {@link TextExposition} straight from the JMX scrape and streamed (chunked, gzip when asked for):
 * the answer is never held whole in memory. Everything else (OpenMetrics, protobuf, {@code name[]},
 * {@code debug}, {@code HEAD}, client_java's exporter filter properties) goes to client_java's
 * {@link MetricsHandler} over the same registry, which gives the same samples.
 *
 * <pre>{@code
 * HttpHandler metrics = new MetricsEndpoint(registry, new DirectScrape(rest, collector::scrape));
 * }</pre>
 */
final class MetricsEndpoint implements HttpHandler {

  private static final Logger LOG = Logger.getLogger(MetricsEndpoint.class.getName());
  private static final int BUFFER = 64 * 1024;

  private final HttpHandler fallback;
  private final DirectScrape split;
  private final ExpositionFormats formats;
  private final boolean filtered;

  /** {@code split} may be null: then client_java answers every request. */
  MetricsEndpoint(PrometheusRegistry registry, DirectScrape split) {
    PrometheusProperties properties = PrometheusProperties.get();
    this.fallback = new MetricsHandler(properties, registry);
    this.split = split;
    this.formats = ExpositionFormats.init(properties.getExporterProperties());
    this.filtered = isFiltered(properties.getExporterFilterProperties());
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    ExpositionFormatWriter format = formats.findWriter(accept);
    if (!direct(exchange, format)) {
      fallback.handle(exchange);
      return;
    }
    try {
      ScrapeResult jmx;
      MetricSnapshots rest;
      try {
        jmx = split.jmx.get();
        rest = ScrapeResult.merge(split.rest.scrape(), jmx.getSelfMetrics());
      } catch (RuntimeException e) {
        // As client_java answers a collector that throws (the JMX one never does).
        LOG.log(Level.WARNING, "jmxprom: scrape failed", e);
        byte[] text =
            ("An Exception occurred while scraping metrics: " + e + "\n")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(500, text.length);
        exchange.getResponseBody().write(text);
        return;
      }
      boolean gzip = acceptsGzip(exchange.getRequestHeaders().get("Accept-Encoding"));
      exchange.getResponseHeaders().set("Content-Type", format.getContentType());
      if (gzip) {
        exchange.getResponseHeaders().set("Content-Encoding", "gzip");
      }
      exchange.sendResponseHeaders(200, 0); // chunked: sent while it is written
      OutputStream body = exchange.getResponseBody();
      OutputStream out = gzip ? new GZIPOutputStream(body, BUFFER) : body;
      new TextExposition(format)
          .write(out, rest, jmx.getFamilies(), EscapingScheme.fromAcceptHeader(accept));
      out.close();
    } finally {
      exchange.close();
    }
  }

  private boolean direct(HttpExchange exchange, ExpositionFormatWriter format) {
    String query = exchange.getRequestURI().getRawQuery();
    return split != null
        && !filtered
        && "GET".equals(exchange.getRequestMethod())
        && (query == null || query.isEmpty())
        && TextExposition.supports(format);
  }

  /** As client_java decides: one of the comma-separated codings is exactly {@code gzip}. */
  static boolean acceptsGzip(List<String> acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String header : acceptEncoding) {
      for (String coding : header.split(",")) {
        if (coding.trim().equalsIgnoreCase("gzip")) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isFiltered(ExporterFilterProperties filter) {
    return filter.getAllowedMetricNames() != null
        || filter.getExcludedMetricNames() != null
        || filter.getAllowedMetricNamePrefixes() != null
        || filter.getExcludedMetricNamePrefixes() != null;
  }
}
