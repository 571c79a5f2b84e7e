package io.github.jmxprom.collector;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.collector.jmx.MBeanServerSource;
import io.github.jmxprom.collector.jmx.RemoteJmxSource;
import io.github.jmxprom.collector.snapshot.SelfMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.logging.Logger;
import javax.management.MBeanServerConnection;

/**
 * Exports MBeans as Prometheus metrics with jmx_exporter-compatible YAML rules. Register it with a
 * client_java {@link PrometheusRegistry}; each scrape walks the MBeans, applies the rules and
 * returns the families together with the {@code jmx_scrape_*} self-metrics.
 *
 * <pre>{@code
 * JmxCollector.builder()
 *     .configFile(Paths.get("config.yaml"))   // reloaded when it changes
 *     .build()
 *     .register(PrometheusRegistry.defaultRegistry);
 * }</pre>
 *
 * <p>The MBeans come from the platform MBeanServer, or from the remote JVM the config names with
 * {@code hostPort:} or {@code jmxUrl:}, or from any {@link MBeanServerConnection} given to {@link
 * Builder#mbeanServer}.
 */
public final class JmxCollector implements MultiCollector {

  private static final Logger LOG = Logger.getLogger(JmxCollector.class.getName());

  private final ConfigWatcher watcher;
  private final MBeanServerConnection explicitServer;
  private final SelfMetrics selfMetrics = new SelfMetrics();
  private final long createdNanos = System.nanoTime();
  private volatile Scraper scraper;

  private JmxCollector(Builder builder) {
    this.explicitServer = builder.server;
    this.watcher = builder.file == null ? null : new ConfigWatcher(builder.file, selfMetrics);
    this.scraper = new Scraper(builder.config, source(builder.config, null), selfMetrics);
  }

  /** Starts building a collector; a config is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The config in use (the latest valid one, for a reloaded file). */
  public CollectorConfig getConfig() {
    return scraper.config();
  }

  /** Registers this collector with the registry and returns it. */
  public JmxCollector register(PrometheusRegistry registry) {
    registry.register(this);
    return this;
  }

  /** Scrapes the MBeans once. Never throws for a problem with a bean or the connection. */
  @Override
  public MetricSnapshots collect() {
    Scraper current = latestScraper();
    long delayNanos = current.config().getStartDelaySeconds() * 1_000_000_000L;
    boolean delayed = System.nanoTime() - createdNanos < delayNanos;
    return current.scrape(delayed);
  }

  private synchronized Scraper latestScraper() {
    if (watcher != null) {
      CollectorConfig changed = watcher.changedConfig();
      if (changed != null) {
        Scraper old = scraper;
        scraper = new Scraper(changed, source(changed, old), selfMetrics);
        if (scraper.source() != old.source()) {
          old.source().close();
        }
      }
    }
    return scraper;
  }

  private MBeanServerSource source(CollectorConfig config, Scraper previous) {
    if (explicitServer != null) {
      return previous != null ? previous.source() : MBeanServerSource.of(explicitServer);
    }
    if (!config.isRemote()) {
      return MBeanServerSource.of(ManagementFactory.getPlatformMBeanServer());
    }
    if (previous != null && sameConnection(previous.config(), config)) {
      return previous.source();
    }
    LOG.fine("jmxprom: reading MBeans from " + config.getJmxUrl());
    return new RemoteJmxSource(config);
  }

  private static boolean sameConnection(CollectorConfig a, CollectorConfig b) {
    return a.getJmxUrl().equals(b.getJmxUrl())
        && a.getUsername().equals(b.getUsername())
        && a.getPassword().equals(b.getPassword())
        && a.getSsl().equals(b.getSsl());
  }

  /** Closes a remote connection, if any. */
  public void close() {
    scraper.source().close();
  }

  /** Counts of config reloads so far, for tools and tests. */
  long reloadSuccessCount() {
    return selfMetrics.getReloadSuccessCount();
  }

  /**
   * Builds a {@link JmxCollector}.
   *
   * <pre>{@code
   * JmxCollector collector = JmxCollector.builder()
   *     .configYaml("rules:\n- pattern: 'java.lang<type=Memory>.*'\n")
   *     .mbeanServer(ManagementFactory.getPlatformMBeanServer())
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private CollectorConfig config;
    private Path file;
    private MBeanServerConnection server;

    private Builder() {}

    /** Reads the config from a file, and reloads it when the file changes. */
    public Builder configFile(Path file) {
      this.config = ConfigLoader.load(file);
      this.file = file;
      return this;
    }

    /** Uses YAML text as the config. */
    public Builder configYaml(String yaml) {
      this.config = ConfigLoader.load(yaml);
      this.file = null;
      return this;
    }

    /** Reads the config from a stream (fully, now); {@code sourceName} appears in errors. */
    public Builder configStream(InputStream in, String sourceName) {
      this.config = ConfigLoader.load(in, sourceName);
      this.file = null;
      return this;
    }

    /** Uses an already loaded config. */
    public Builder config(CollectorConfig config) {
      this.config = config;
      this.file = null;
      return this;
    }

    /** Reads MBeans from this connection instead of the one the config describes. */
    public Builder mbeanServer(MBeanServerConnection server) {
      this.server = server;
      return this;
    }

    public JmxCollector build() {
      if (config == null) {
        throw new IllegalStateException(
            "no config: call configFile, configYaml, configStream or config first");
      }
      return new JmxCollector(this);
    }
  }
}
