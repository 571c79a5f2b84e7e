package io.github.jmxprom.collector.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads {@code httpServer}: metrics path, threads and request limit here, authentication in {@link
 * HttpAuthenticationReader}, TLS in {@link HttpSslReader}.
 */
final class HttpServerConfigReader {

  /** jmx_exporter's upper bound for {@code threads.maximum}. */
  static final int MAXIMUM_THREADS = 256;

  private static final List<String> KEYS =
      Arrays.asList(
          "metrics", "threads", "maximumRequestSeconds", "authentication", "ssl", "debugRules");
  private static final List<String> METRICS_KEYS = Collections.singletonList("path");
  private static final List<String> THREADS_KEYS =
      Arrays.asList("minimum", "maximum", "keepAliveTime");
  private static final String THREADS_HINT =
      " (threads needs all of minimum, maximum and keepAliveTime)";

  private final Variables variables;
  private final Properties systemProperties;

  HttpServerConfigReader(Variables variables, Properties systemProperties) {
    this.variables = variables;
    this.systemProperties = systemProperties;
  }

  HttpServerConfig read(ConfigNode node) {
    if (node == null || node.isNull()) {
      // "httpServer:" with nothing under it changes nothing, as in jmx_exporter.
      return HttpServerConfig.defaults();
    }
    Map<String, ConfigNode> keys = node.mapping(KEYS);
    List<String> warnings = new ArrayList<>();

    String metricsPath = "/metrics";
    if (keys.containsKey("metrics")) {
      metricsPath = metricsPath(keys.get("metrics"));
    }
    HttpServerConfig.Threads threads = HttpServerConfig.Threads.DEFAULTS;
    if (keys.containsKey("threads")) {
      threads = threads(keys.get("threads"));
    }
    int maximumRequestSeconds = 0;
    if (keys.containsKey("maximumRequestSeconds")) {
      maximumRequestSeconds = SectionValues.integer(keys.get("maximumRequestSeconds"), 1);
    }
    HttpAuthenticationReader authentication = new HttpAuthenticationReader(variables, warnings);
    if (keys.containsKey("authentication")) {
      authentication.read(keys.get("authentication"));
    }
    HttpServerConfig.Ssl ssl = null;
    if (keys.containsKey("ssl")) {
      ssl = new HttpSslReader(variables, systemProperties, warnings).read(keys.get("ssl"));
    }
    boolean debugRules =
        keys.containsKey("debugRules") && SectionValues.bool(keys.get("debugRules"));
    return new HttpServerConfig(
        metricsPath,
        threads,
        maximumRequestSeconds,
        authentication.basic(),
        authentication.plugin(),
        ssl,
        debugRules,
        warnings);
  }

  private static String metricsPath(ConfigNode node) {
    Map<String, ConfigNode> keys = node.mapping(METRICS_KEYS);
    ConfigNode pathNode = SectionValues.required(node, keys, "path", "");
    String path = SectionValues.nonBlank(pathNode).trim();
    for (int i = 0; i < path.length(); i++) {
      if (Character.isWhitespace(path.charAt(i))) {
        throw pathNode.error("must not contain spaces, got \"" + path + "\"");
      }
    }
    // client_java adds the leading slash too; do it here so that getMetricsPath() is final.
    return path.startsWith("/") ? path : "/" + path;
  }

  private static HttpServerConfig.Threads threads(ConfigNode node) {
    Map<String, ConfigNode> keys = node.mapping(THREADS_KEYS);
    ConfigNode minimumNode = SectionValues.required(node, keys, "minimum", THREADS_HINT);
    ConfigNode maximumNode = SectionValues.required(node, keys, "maximum", THREADS_HINT);
    ConfigNode keepAliveNode = SectionValues.required(node, keys, "keepAliveTime", THREADS_HINT);
    int minimum = SectionValues.integer(minimumNode, 1);
    int maximum = SectionValues.integer(maximumNode, 1);
    if (maximum < minimum) {
      throw maximumNode.error("must be at least minimum (" + minimum + "), got " + maximum);
    }
    if (maximum > MAXIMUM_THREADS) {
      throw maximumNode.error("must be at most " + MAXIMUM_THREADS + ", got " + maximum);
    }
    int keepAliveTime = SectionValues.integer(keepAliveNode, 1);
    return new HttpServerConfig.Threads(minimum, maximum, keepAliveTime);
  }
}
