package io.github.jmxprom.standalone;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.ConfigException;
import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.runtime.BuildInfo;
import io.github.jmxprom.runtime.Exporter;
import io.github.jmxprom.runtime.http.ExporterStartException;
import java.io.PrintStream;

/**
 * The standalone scraper: {@code java -jar jmxprom-standalone.jar [host:]port config.yaml}. It
 * reads a remote JVM over JMX ({@code hostPort:} or {@code jmxUrl:} in the config), keeps one
 * connection open across scrapes, reconnects with back-off when the target goes away (reporting
 * {@code jmx_scrape_error 1} meanwhile), and serves the metrics over HTTP until stopped.
 *
 * <pre>{@code
 * java -jar jmxprom-standalone.jar 9404 kafka.yaml
 * }</pre>
 */
public final class JmxPromStandalone {

  private JmxPromStandalone() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("lint")) {
      System.exit(
          Lint.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
    }
    int status = run(args, System.err);
    if (status != 0) {
      System.exit(status);
    }
    Thread.currentThread().join(); // the HTTP threads are daemons: keep the process alive
  }

  /** Starts the exporter; returns 0 when it runs, else the exit status after printing why. */
  static int run(String[] args, PrintStream err) {
    StandaloneArguments arguments;
    try {
      arguments = StandaloneArguments.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("jmxprom: " + e.getMessage());
      return 2;
    }
    try {
      CollectorConfig config = ConfigLoader.load(arguments.getConfigFile());
      for (String warning : config.getWarnings()) {
        err.println("jmxprom: warning: " + warning);
      }
      Exporter.start(
          Exporter.Mode.STANDALONE,
          arguments.getConfigFile(),
          config,
          arguments.getHost(),
          arguments.getPort(),
          BuildInfo.of(JmxPromStandalone.class));
      err.println(
          "jmxprom: "
              + (arguments.getPort() > 0
                  ? "serving http://" + arguments.address() + "/metrics"
                  : "pushing metrics over OpenTelemetry")
              + " for "
              + config.getJmxUrl()
              + " with "
              + arguments.getConfigFile());
      return 0;
    } catch (ConfigException | ExporterStartException e) {
      err.println("jmxprom: not started: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println("jmxprom: not started: " + e);
      e.printStackTrace(err);
      return 1;
    }
  }
}
