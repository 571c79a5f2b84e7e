package io.github.jmxprom.standalone;

import com.sun.net.httpserver.HttpHandler;
import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.ConfigException;
import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.collector.config.ProbeConfig;
import io.github.jmxprom.runtime.BuildInfo;
import io.github.jmxprom.runtime.Exporter;
import io.github.jmxprom.runtime.http.ExporterStartException;
import io.github.jmxprom.standalone.probe.ProbeService;
import io.github.jmxprom.standalone.tools.Dump;
import io.github.jmxprom.standalone.tools.Explain;
import java.io.PrintStream;
import java.util.Collections;

/**
 * The standalone scraper: {@code java -jar jmxprom-standalone.jar [host:]port config.yaml}. It
 * reads a remote JVM over JMX ({@code hostPort:} or {@code jmxUrl:} in the config), keeps one
 * connection open across scrapes, reconnects at the first scrape after the target is back
 * (reporting {@code jmx_scrape_error 1} meanwhile, within the scrape timeout), and serves the
 * metrics over HTTP until stopped. With {@code allowedTargets} (and {@code modules}, {@code
 * targets}) in the config it also serves {@code /probe?target=...&module=...} for many JVMs and
 * {@code /sd} for Prometheus' HTTP service discovery (see {@link ProbeService}); then {@code
 * hostPort} is optional.
 *
 * <pre>{@code
 * java -jar jmxprom-standalone.jar 9404 kafka.yaml
 * java -jar jmxprom-standalone.jar 9404 gateway.yaml   # allowedTargets, modules, targets
 * }</pre>
 */
public final class JmxPromStandalone {

  private static final java.util.List<String> TOOLS =
      java.util.Arrays.asList("lint", "explain", "dump");

  private JmxPromStandalone() {}

  public static void main(String[] args) throws InterruptedException {
    RmiTimeouts.applyDefaults(System.getProperties());
    if (args.length > 0 && TOOLS.contains(args[0])) {
      String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
      switch (args[0]) {
        case "lint":
          System.exit(Lint.run(rest, System.out, System.err));
          break;
        case "explain":
          System.exit(Explain.run(rest, System.out, System.err));
          break;
        default:
          System.exit(Dump.run(rest, System.out, System.err));
      }
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
    ProbeService probes = null;
    try {
      CollectorConfig config = ConfigLoader.load(arguments.getConfigFile());
      for (String warning : config.getWarnings()) {
        err.println("jmxprom: warning: " + warning);
      }
      boolean multiTarget = config.getProbe().isConfigured() && arguments.getPort() > 0;
      if (multiTarget) {
        for (String warning : ProbeService.warnings(config)) {
          err.println("jmxprom: warning: " + warning);
        }
        probes = ProbeService.start(config);
      }
      Exporter exporter =
          Exporter.start(
              Exporter.Mode.STANDALONE,
              arguments.getConfigFile(),
              config,
              arguments.getHost(),
              arguments.getPort(),
              BuildInfo.of(JmxPromStandalone.class),
              probes == null ? Collections.<String, HttpHandler>emptyMap() : probes.handlers());
      if (probes != null) {
        exporter.getRegistry().register(probes.selfMetrics());
      }
      err.println("jmxprom: " + serving(arguments, config) + " with " + arguments.getConfigFile());
      return 0;
    } catch (ConfigException | ExporterStartException e) {
      closeQuietly(probes);
      err.println("jmxprom: not started: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      closeQuietly(probes);
      err.println("jmxprom: not started: " + e);
      e.printStackTrace(err);
      return 1;
    }
  }

  private static void closeQuietly(ProbeService probes) {
    if (probes != null) {
      probes.close();
    }
  }

  /** What the start-up line says the process does. */
  private static String serving(StandaloneArguments arguments, CollectorConfig config) {
    if (arguments.getPort() <= 0) {
      return "pushing metrics over OpenTelemetry for " + config.getJmxUrl();
    }
    String base = "serving http://" + arguments.address();
    StringBuilder line = new StringBuilder(base);
    if (config.isRemote()) {
      line.append("/metrics for ").append(config.getJmxUrl());
    } else {
      line.append("/metrics (the exporter's own metrics)");
    }
    ProbeConfig probe = config.getProbe();
    if (probe.isConfigured()) {
      line.append(", ")
          .append(base)
          .append("/probe?target=... (")
          .append(probe.getModules().size() + 1)
          .append(" modules, allowedTargets ")
          .append(probe.hasAllowList() ? probe.getAllowedTargets().toString() : "not set: refused")
          .append(") and ")
          .append(base)
          .append("/sd (")
          .append(probe.getTargets().size())
          .append(" targets")
          .append(probe.isDiscoverLocalJvms() ? " and the local JVMs" : "")
          .append(")");
    }
    return line.toString();
  }
}
