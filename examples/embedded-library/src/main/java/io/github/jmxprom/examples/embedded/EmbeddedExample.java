package io.github.jmxprom.examples.embedded;

import io.github.jmxprom.collector.JmxCollector;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;

/**
 * An application that exports its own MBeans with jmxprom: register a {@link JmxCollector} with a
 * client_java registry and serve it with client_java's {@link HTTPServer}.
 *
 * <pre>{@code
 * mvn -q -pl examples/embedded-library exec:java -Dexec.args="--once"   # print one scrape
 * mvn -q -pl examples/embedded-library exec:java -Dexec.args="9404"     # serve :9404/metrics
 * }</pre>
 */
public final class EmbeddedExample {

  private EmbeddedExample() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    PrometheusRegistry registry = new PrometheusRegistry();
    try (InputStream rules = EmbeddedExample.class.getResourceAsStream("/example-rules.yaml")) {
      JmxCollector.builder().configStream(rules, "example-rules.yaml").build().register(registry);
    }
    if (args.length > 0 && args[0].equals("--once")) {
      PrometheusTextFormatWriter.create().write(System.out, registry.scrape());
      return;
    }
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 9404;
    try (HTTPServer server = HTTPServer.builder().port(port).registry(registry).buildAndStart()) {
      System.out.println("Serving http://localhost:" + server.getPort() + "/metrics (Ctrl-C ends)");
      Thread.currentThread().join();
    }
  }
}
