package io.github.jmxprom.runtime.http;

import io.github.jmxprom.collector.snapshot.ScrapeResult;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Supplier;

/**
 * The exporter's registry taken apart for the metrics path: the JMX collector's scrape, whose
 * families the path writes itself in the text format, and a registry with every other collector
 * (build info, JVM metrics), written by client_java. Together they give what the full registry
 * gives, which still answers every request the direct path does not take (see {@code
 * MetricsEndpoint}).
 *
 * <pre>{@code
 * PrometheusRegistry rest = new PrometheusRegistry();
 * rest.register(jvmMetrics);
 * DirectScrape direct = new DirectScrape(rest, coalescing::scrape);
 * prepared.start(fullRegistry, direct, handlers);
 * }</pre>
 */
public final class DirectScrape {

  final PrometheusRegistry rest;
  final Supplier<ScrapeResult> jmx;

  /** {@code rest}: every collector of the full registry but the JMX one. */
  public DirectScrape(PrometheusRegistry rest, Supplier<ScrapeResult> jmx) {
    this.rest = rest;
    this.jmx = jmx;
  }
}
