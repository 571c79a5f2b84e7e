package io.github.jmxprom.it.app;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.exporter.HTTPServer;
import java.net.InetSocketAddress;
import java.nio.file.Paths;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * {@link App} with libraries of its own that the agent also uses, in other versions: it parses YAML
 * with snakeyaml 1.x and counts its heartbeats with a client_java 0.x ({@code simpleclient})
 * counter served by simpleclient's own HTTP server. {@code java ... OwnLibrariesApp seconds port}.
 *
 * <p>Prints {@code APP YAML <parsed map> from <jar>} and {@code APP SIMPLECLIENT <url> from <jar>},
 * naming the jars the classes came from.
 */
public final class OwnLibrariesApp {

  private OwnLibrariesApp() {}

  public static void main(String[] args) throws Exception {
    int seconds = App.seconds(args);
    int port = Integer.parseInt(args[1]);

    Map<String, Object> document = new Yaml().load("greeting: hello\nitems: [1, 2]\n");
    System.out.println("APP YAML " + document + " from " + jarOf(Yaml.class));

    Counter beats =
        Counter.build().name("app_beats_total").help("Heartbeats of the test app.").register();
    HTTPServer server =
        new HTTPServer(
            new InetSocketAddress("127.0.0.1", port), CollectorRegistry.defaultRegistry, true);
    System.out.println(
        "APP SIMPLECLIENT http://127.0.0.1:"
            + server.getPort()
            + "/metrics from "
            + jarOf(Counter.class));

    App.run(seconds, beats::inc);
    server.close();
  }

  private static String jarOf(Class<?> type) throws Exception {
    return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI())
        .getFileName()
        .toString();
  }
}
