package io.github.jmxprom.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Everything that is neither the metrics path nor {@code /-/healthy}: the extra paths the exporter
 * serves (the standalone scraper's {@code /probe} and {@code /sd}), {@code /} is a small HTML page
 * linking to the metrics, {@code /metrics} still serves metrics when another metrics path is
 * configured (as in jmx_exporter, so that old scrape configs keep working), anything else is 404.
 * jmx_exporter answers every unknown path with its HTML page and 200; a 404 tells a mistyped scrape
 * path apart from a working one.
 */
final class RootHandler implements HttpHandler {

  static final String DEFAULT_METRICS_PATH = "/metrics";

  private final HttpHandler metricsAlias;
  private final Map<String, HttpHandler> handlers;
  private final byte[] page;
  private final byte[] notFound;

  /**
   * @param metricsAlias serves {@code /metrics}, or null when that is already the metrics path
   * @param handlers more paths (exact match), such as {@code /probe}
   */
  RootHandler(String metricsPath, HttpHandler metricsAlias, Map<String, HttpHandler> handlers) {
    this.metricsAlias = metricsAlias;
    this.handlers = handlers;
    this.page = page(metricsPath).getBytes(StandardCharsets.UTF_8);
    this.notFound =
        ("Not found. The metrics are at " + metricsPath + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    HttpHandler handler = handlers.get(path);
    if (handler != null) {
      handler.handle(exchange);
    } else if (metricsAlias != null && path.startsWith(DEFAULT_METRICS_PATH)) {
      metricsAlias.handle(exchange);
    } else if ("/".equals(path)) {
      respond(exchange, 200, "text/html; charset=utf-8", page);
    } else {
      respond(exchange, 404, "text/plain; charset=utf-8", notFound);
    }
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    try {
      exchange.getResponseHeaders().set("Content-Type", type);
      if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
        exchange.sendResponseHeaders(status, -1);
      } else {
        exchange.sendResponseHeaders(status, body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body);
      }
    } finally {
      exchange.close();
    }
  }

  private static String page(String metricsPath) {
    String path = escape(metricsPath);
    return "<!DOCTYPE html>\n"
        + "<html lang=\"en\">\n"
        + "<head><meta charset=\"utf-8\"><title>jmxprom</title></head>\n"
        + "<body>\n"
        + "<h1>jmxprom</h1>\n"
        + "<p>A Prometheus exporter for JMX metrics.</p>\n"
        + "<ul>\n"
        + "<li><a href=\""
        + path
        + "\">"
        + path
        + "</a>: the metrics, in the text format, OpenMetrics or protobuf as the scraper's"
        + " <code>Accept</code> header asks</li>\n"
        + "<li><code>"
        + path
        + "?name[]=jvm_threads_current</code>: only the named metric families</li>\n"
        + "<li><a href=\"/-/healthy\">/-/healthy</a>: the health check</li>\n"
        + "</ul>\n"
        + "</body>\n"
        + "</html>\n";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
