/**
 * The exporter's HTTP endpoint, {@link io.github.jmxprom.runtime.http.ExporterHttpServer}:
 * client_java's {@code HTTPServer} set up from the {@code httpServer} YAML section.
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
 * </ul>
 */
package io.github.jmxprom.runtime.http;
