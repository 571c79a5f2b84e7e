package io.github.jmxprom.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.jmxprom.collector.JmxCollector;
import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.runtime.RuleExplanation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * {@code GET /debug/rules?bean=PATTERN}: the explanation {@code explain} prints, for the MBeans the
 * exporter reads now and the config it uses now (after reloads), with the names this exporter's
 * collectors keep (JVM metrics, self-metrics): what each value becomes in its {@code /metrics}.
 * Served only with {@code httpServer.debugRules: true}, behind the same authentication as the
 * metrics. Without {@code bean} every selected bean is explained; {@code bean} is an ObjectName
 * pattern such as {@code java.lang:type=Memory} or {@code kafka.server:*}.
 *
 * <pre>{@code
 * curl 'http://127.0.0.1:9404/debug/rules?bean=java.lang:type=Memory'
 * }</pre>
 */
public final class DebugRulesHandler implements HttpHandler {

  /** The path it is served on. */
  public static final String PATH = "/debug/rules";

  private final JmxCollector collector;

  public DebugRulesHandler(JmxCollector collector) {
    this.collector = collector;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      if (!"GET".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "only GET\n");
        return;
      }
      String pattern = parameter(exchange.getRequestURI().getRawQuery(), "bean");
      ObjectName bean;
      try {
        bean = pattern == null || pattern.isEmpty() ? null : new ObjectName(pattern);
      } catch (MalformedObjectNameException e) {
        respond(
            exchange,
            400,
            "bean="
                + pattern
                + " is not an ObjectName pattern (e.g. java.lang:type=Memory or kafka.server:*): "
                + e.getMessage()
                + "\n");
        return;
      }
      CollectorConfig config = collector.getConfig();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(bytes, false, "UTF-8");
      try {
        RuleExplanation.explain(
            config,
            collector.getReservedNames(),
            RuleExplanation.walk(config, collector.getSource().connection()),
            bean,
            out);
      } catch (IOException e) {
        respond(
            exchange,
            503,
            "cannot read the MBeans of " + collector.getSource().describe() + ": " + e + "\n");
        return;
      }
      out.flush();
      respond(exchange, 200, bytes.toString("UTF-8"));
    } finally {
      exchange.close();
    }
  }

  /** The first value of a query parameter, decoded; null when absent. */
  static String parameter(String rawQuery, String name) throws UnsupportedEncodingException {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      if (URLDecoder.decode(key, "UTF-8").equals(name)) {
        return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), "UTF-8");
      }
    }
    return null;
  }

  private static void respond(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes("UTF-8");
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
