package io.github.jmxprom.runtime;

import com.sun.net.httpserver.HttpHandler;
import io.github.jmxprom.collector.JmxCollector;
import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.ConfigException;
import io.github.jmxprom.collector.config.HttpServerConfig;
import io.github.jmxprom.collector.jmx.JmxTls;
import io.github.jmxprom.collector.jmx.MBeanServerSource;
import io.github.jmxprom.collector.jmx.RemoteJmxSource;
import io.github.jmxprom.runtime.http.AddressCheck;
import io.github.jmxprom.runtime.http.DebugRulesHandler;
import io.github.jmxprom.runtime.http.DirectScrape;
import io.github.jmxprom.runtime.http.ExporterHttpServer;
import io.github.jmxprom.runtime.jvm.JvmMetrics;
import io.github.jmxprom.runtime.otel.OpenTelemetryPush;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.logging.Logger;
import javax.management.MBeanServerConnection;

/**
 * One running exporter, as the java agent and the standalone scraper start it: a registry with the
 * JMX collector, JVM metrics and build info, served over HTTP.
 *
 * <pre>{@code
 * CollectorConfig config = ConfigLoader.load(path);
 * Exporter exporter = Exporter.start(Exporter.Mode.AGENT, path, config, null, 9404, BuildInfo.of(Main.class));
 * ...
 * exporter.close();
 * }</pre>
 */
public final class Exporter implements Closeable {

  /**
   * Looked up when something is logged, not in a static field: the agent loads this class in {@code
   * premain}, and the first logger initializes {@code java.util.logging} (its LogManager reads
   * logging.properties), several milliseconds the host application would wait for.
   */
  private static Logger log() {
    return Logger.getLogger(Exporter.class.getName());
  }

  /** Where the exporter runs, which decides where MBeans and JVM metrics come from. */
  public enum Mode {
    /** Inside the monitored JVM: the platform MBeanServer (or a remote one the config names). */
    AGENT,
    /** In its own JVM: the remote JVM of {@code hostPort}/{@code jmxUrl}. */
    STANDALONE
  }

  private final PrometheusRegistry registry;
  private final JmxCollector collector;
  private final JvmMetrics jvm;
  private final DeadlineCollector deadline;
  private final ExporterHttpServer http;
  private final AutoCloseable push;

  private Exporter(
      PrometheusRegistry registry,
      JmxCollector collector,
      JvmMetrics jvm,
      DeadlineCollector deadline,
      ExporterHttpServer http,
      AutoCloseable push) {
    this.registry = registry;
    this.collector = collector;
    this.jvm = jvm;
    this.deadline = deadline;
    this.http = http;
    this.push = push;
  }

  /**
   * Builds the registry and starts the HTTP server on {@code host} (null: all interfaces) and
   * {@code port}. Throws {@link ConfigException} or {@link
   * io.github.jmxprom.runtime.http.ExporterStartException} with a one-line message when it cannot
   * start; nothing is left running then.
   */
  public static Exporter start(
      Mode mode, Path configFile, CollectorConfig config, String host, int port, BuildInfo info) {
    return start(
        mode, configFile, config, host, port, info, Collections.<String, HttpHandler>emptyMap());
  }

  /**
   * As {@link #start(Mode, Path, CollectorConfig, String, int, BuildInfo)}, also serving {@code
   * handlers} (by exact path, e.g. {@code /probe}) behind the same authentication and limits. In
   * standalone mode a config with {@code modules}/{@code targets}/{@code allowedTargets} needs no
   * {@code hostPort}: its {@code /metrics} then holds only the exporter's own metrics.
   */
  public static Exporter start(
      Mode mode,
      Path configFile,
      CollectorConfig config,
      String host,
      int port,
      BuildInfo info,
      Map<String, HttpHandler> handlers) {
    return prepare(mode, configFile, config, host, port, info, handlers).start();
  }

  /**
   * Checks everything a user can get wrong (the config for this mode, TLS stores, password hashes,
   * the address, whether the port is free) and throws as {@link #start} does; {@link
   * Prepared#start} then builds and starts the exporter. The java agent prepares in {@code
   * premain}, so these errors appear there, and starts on a background thread, so the application's
   * {@code main} does not wait for the registry, the JVM metrics and the HTTP server to be built.
   */
  public static Prepared prepare(
      Mode mode,
      Path configFile,
      CollectorConfig config,
      String host,
      int port,
      BuildInfo info,
      Map<String, HttpHandler> handlers) {
    return prepare(mode, configFile, config, host, port, info, handlers, null);
  }

  /**
   * As {@link #prepare(Mode, Path, CollectorConfig, String, int, BuildInfo, Map)}, with the host
   * resolved and the port checked by {@code early} (null: done here).
   */
  public static Prepared prepare(
      Mode mode,
      Path configFile,
      CollectorConfig config,
      String host,
      int port,
      BuildInfo info,
      Map<String, HttpHandler> handlers,
      AddressCheck early) {
    checkStartable(mode, configFile, config, port);
    if (mode == Mode.STANDALONE) {
      try {
        JmxTls.installAsDefault(config.getSsl());
      } catch (IOException e) {
        throw new ConfigException(configFile + ": " + e.getMessage(), e);
      }
    }
    if (config.isOpenTelemetryEnabled()) {
      try {
        OpenTelemetryPush.check(config.getOpenTelemetry());
      } catch (ConfigException e) {
        throw new ConfigException(configFile + ": " + e.getMessage(), e);
      }
    }
    ExporterHttpServer.Prepared http = null;
    if (port > 0) {
      HttpServerConfig httpConfig =
          config.getHttpServer() == null ? HttpServerConfig.defaults() : config.getHttpServer();
      try {
        http = ExporterHttpServer.prepare(httpConfig, host, port, early);
      } catch (ConfigException e) {
        // A key store problem is found only here; name the config file so the message points at
        // the file to fix, like every load-time error does.
        throw new ConfigException(configFile + ": " + e.getMessage(), e);
      }
    }
    return new Prepared(mode, configFile, config, info, handlers, http);
  }

  /** An exporter whose config and address were checked by {@link #prepare}; not yet running. */
  public static final class Prepared {
    private final Mode mode;
    private final Path configFile;
    private final CollectorConfig config;
    private final BuildInfo info;
    private final Map<String, HttpHandler> handlers;
    private final ExporterHttpServer.Prepared preparedHttp;

    private Prepared(
        Mode mode,
        Path configFile,
        CollectorConfig config,
        BuildInfo info,
        Map<String, HttpHandler> handlers,
        ExporterHttpServer.Prepared preparedHttp) {
      this.mode = mode;
      this.configFile = configFile;
      this.config = config;
      this.info = info;
      this.handlers = handlers;
      this.preparedHttp = preparedHttp;
    }

    /**
     * Builds the registry and starts serving; throws as {@link Exporter#start} does (here only for
     * what changed since {@link Exporter#prepare}, such as a port taken meanwhile).
     */
    public Exporter start() {
      PrometheusRegistry registry = new PrometheusRegistry();
      registry.register(info);
      // All but the JMX collector, for the metrics path's own text writer (DirectScrape).
      PrometheusRegistry rest = new PrometheusRegistry();
      rest.register(info);
      DirectScrape direct = null;
      JmxCollector collector = null;
      JvmMetrics jvm = null;
      DeadlineCollector deadline = null;
      if (mode == Mode.AGENT || config.isRemote()) {
        collector =
            JmxCollector.builder()
                .configFile(configFile)
                .sourceFactory(
                    mode == Mode.AGENT ? Exporter::agentSource : JmxCollector::defaultSource)
                .reservedNames(TargetCollectors.reservedNames(config))
                .applyStartDelay(mode != Mode.AGENT)
                // The agent and the standalone scraper printed them when they loaded the file.
                .warningsShown(true)
                .build();
        // The collector first: in standalone mode it makes the connection attempts (and reports
        // their failures); the JVM metrics then use the connection it opened. Concurrent scrapes
        // share one collection.
        jvm = TargetCollectors.jvmMetrics(config, jvmConnection(mode, collector));
        if (mode == Mode.AGENT) {
          CoalescingCollector shared = new CoalescingCollector(collector::scrape);
          registry.register(shared);
          direct = new DirectScrape(rest, shared::scrape);
          if (jvm != null) {
            registry.register(jvm);
            rest.register(jvm);
          }
        } else {
          // A remote JVM can stop answering (paused, frozen): the scrape answers in time anyway.
          // Its answer goes through client_java: the deadline wraps the whole collection.
          deadline = new DeadlineCollector(config.getJmxUrl(), collector, jvm);
          registry.register(deadline);
        }
      }
      ExporterHttpServer http = null;
      AutoCloseable push = null;
      try {
        if (preparedHttp != null) {
          http = preparedHttp.start(registry, direct, withDebugRules(config, collector, handlers));
        }
        if (config.isOpenTelemetryEnabled()) {
          push = OpenTelemetryPush.start(config.getOpenTelemetry(), registry);
        }
      } catch (RuntimeException e) {
        new Exporter(registry, collector, jvm, deadline, http, null).close();
        throw e;
      }
      if (deadline != null) {
        deadline.warmUp(); // connects and reads the target once, so the first scrape is warm
      }
      return new Exporter(registry, collector, jvm, deadline, http, push);
    }
  }

  /** The handlers plus {@code /debug/rules} when {@code httpServer.debugRules} turns it on. */
  private static Map<String, HttpHandler> withDebugRules(
      CollectorConfig config, JmxCollector collector, Map<String, HttpHandler> handlers) {
    HttpServerConfig httpConfig = config.getHttpServer();
    if (httpConfig == null || !httpConfig.isDebugRules() || collector == null) {
      return handlers;
    }
    Map<String, HttpHandler> all = new java.util.LinkedHashMap<>(handlers);
    all.put(DebugRulesHandler.PATH, new DebugRulesHandler(collector));
    return all;
  }

  /** Refuses, with a message naming the file, what cannot run; warns about ignored keys. */
  private static void checkStartable(Mode mode, Path configFile, CollectorConfig config, int port) {
    if (port <= 0 && !config.isOpenTelemetryEnabled()) {
      throw new ConfigException(
          configFile
              + ": no HTTP port was given and the config has no openTelemetry: section, so there"
              + " is nowhere to send metrics; give a port ([host:]port) or add openTelemetry:");
    }
    if (mode == Mode.STANDALONE && !config.isRemote() && !config.getProbe().isConfigured()) {
      throw new ConfigException(
          configFile
              + ": the standalone scraper needs hostPort: or jmxUrl: to know which JVM to read,"
              + " or allowedTargets: (and modules:, targets:) to serve /probe for many JVMs;"
              + " for the JVM the exporter runs in, use the java agent");
    }
    if (mode == Mode.STANDALONE && !config.isRemote() && port <= 0) {
      throw new ConfigException(
          configFile
              + ": /probe and /sd need an HTTP port ([host:]port), and without hostPort: or"
              + " jmxUrl: there is nothing to push over OpenTelemetry");
    }
    if (mode == Mode.AGENT && config.getProbe().isConfigured()) {
      log()
          .warning(
              "jmxprom: "
                  + configFile
                  + ": modules, targets, allowedTargets and discoverLocalJvms are used only by the"
                  + " standalone scraper (/probe and /sd); the agent ignores them");
    }
  }

  private static java.util.function.Supplier<MBeanServerConnection> jvmConnection(
      Mode mode, JmxCollector collector) {
    if (mode == Mode.AGENT) {
      // The agent reports the JVM it runs in, whatever hostPort says (as jmx_exporter does). Looked
      // up at the first scrape: creating the platform MBeanServer is most of the agent's start-up
      // cost, which the host application would otherwise pay before its main method.
      return ManagementFactory::getPlatformMBeanServer;
    }
    return TargetCollectors.overSource(collector);
  }

  /**
   * In the agent, a {@code hostPort} naming this JVM's own JMX port is read from the platform
   * MBeanServer directly; any other remote target is read over JMX.
   */
  static MBeanServerSource agentSource(CollectorConfig config) {
    if (config.isRemote() && OwnJmxPort.isOwn(config.getJmxUrl(), System.getProperties())) {
      log()
          .info(
              "jmxprom: "
                  + config.getJmxUrl()
                  + " is this JVM's own JMX port; reading the platform MBeanServer directly");
      return MBeanServerSource.platform();
    }
    if (config.isRemote()) {
      return new RemoteJmxSource(config);
    }
    return MBeanServerSource.platform();
  }

  /**
   * {@code host:port} as messages show a listen address ({@code 0.0.0.0:9404}, {@code [::1]:9404});
   * port 0 means no HTTP at all.
   */
  public static String address(String host, int port) {
    if (port <= 0) {
      return "no HTTP port (OpenTelemetry push only)";
    }
    String h = host == null ? "0.0.0.0" : host;
    return (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
  }

  public PrometheusRegistry getRegistry() {
    return registry;
  }

  /** The HTTP port actually bound, or -1 without HTTP. */
  public int getPort() {
    return http == null ? -1 : http.getPort();
  }

  /** Stops serving and closes any remote connection. */
  @Override
  public void close() {
    if (push != null) {
      try {
        push.close();
      } catch (Exception e) {
        log().fine("jmxprom: closing the OpenTelemetry push: " + e);
      }
    }
    if (http != null) {
      http.close();
    }
    if (deadline != null) {
      deadline.close();
    }
    if (jvm != null) {
      jvm.close();
    }
    if (collector != null) {
      collector.close();
    }
  }
}
