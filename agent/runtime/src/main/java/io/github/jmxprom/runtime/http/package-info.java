/**
 * The exporter's HTTP endpoint, {@link io.github.jmxprom.runtime.http.ExporterHttpServer}: the
 * JDK's HTTP server set up from the {@code httpServer} YAML section, whose metrics path writes the
 * text format itself and streams it ({@code MetricsEndpoint}, {@code TextExposition}) and hands
 * every other format to client_java.
 *
 * <p>Where it differs from jmx_exporter, on purpose:
 *
 * <ul>
 *   <li>Paths other than {@code /}, the metrics path(s) and {@code /-/healthy} answer 404
 *       (jmx_exporter answers its HTML page with 200).
 *   <li>With every worker thread busy, a request gets 503 {@code too many concurrent scrapes} at
 *       once (jmx_exporter 1.x blocks the dispatcher; its newer code answers 429).
 *   <li>With a custom metrics path, {@code /metrics} serves metrics too, as in jmx_exporter, but
 *       here both carry the security headers.
 *   <li>{@code ssl.certificate.alias} is optional and does select the key; the stores are read once
 *       at start, not re-read every hour.
 *   <li>A metrics path of {@code /-/healthy} is refused.
 *   <li>A text-format scrape is streamed (chunked transfer encoding, no {@code Content-Length});
 *       client_java and jmx_exporter build the whole answer in memory first.
 * </ul>
 */
package io.github.jmxprom.runtime.http;
