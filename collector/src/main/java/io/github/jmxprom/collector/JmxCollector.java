package io.github.jmxprom.collector;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.collector.jmx.MBeanServerSource;
import io.github.jmxprom.collector.jmx.RemoteJmxSource;
import io.github.jmxprom.collector.snapshot.ScrapeResult;
import io.github.jmxprom.collector.snapshot.SelfMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
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
  private final MBeanServerSource.Factory sourceFactory;
  private final Set<String> reservedNames;
  private final SelfMetrics selfMetrics = new SelfMetrics();
  private final long createdNanos = System.nanoTime();
  private final boolean applyStartDelay;
  private final long beanTimeoutNanos;
  private final long firstRetryNanos;
  private volatile Scraper scraper;

  private JmxCollector(Builder builder) {
    if (builder.server != null) {
      MBeanServerSource fixed = MBeanServerSource.of(builder.server);
      this.sourceFactory = config -> fixed;
    } else if (builder.sourceFactory != null) {
      this.sourceFactory = builder.sourceFactory;
    } else {
      this.sourceFactory = JmxCollector::defaultSource;
    }
    this.reservedNames = Collections.unmodifiableSet(reservedNames(builder.reservedNames));
    this.watcher = builder.file == null ? null : new ConfigWatcher(builder.file, selfMetrics);
    this.applyStartDelay = builder.applyStartDelay;
    this.beanTimeoutNanos = builder.beanTimeoutNanos;
    this.firstRetryNanos = builder.firstRetryNanos;
    this.scraper =
        newScraper(builder.config, sourceFactory.create(builder.config), !builder.warningsShown);
  }

  private Scraper newScraper(
      CollectorConfig config, MBeanServerSource source, boolean logWarnings) {
    return new Scraper(
        config, source, selfMetrics, reservedNames, beanTimeoutNanos, firstRetryNanos, logWarnings);
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
    return scrape().toMetricSnapshots();
  }

  /**
   * Scrapes the MBeans once, as {@link #collect()}, but hands over the families as the scrape made
   * them, for a caller that writes the exposition itself (the exporter's HTTP endpoint).
   */
  public ScrapeResult scrape() {
    Scraper current = latestScraper();
    long delayNanos = current.config().getStartDelaySeconds() * 1_000_000_000L;
    boolean delayed = applyStartDelay && System.nanoTime() - createdNanos < delayNanos;
    return current.scrape(delayed);
  }

  private synchronized Scraper latestScraper() {
    if (watcher != null) {
      CollectorConfig changed = watcher.changedConfig();
      if (changed != null) {
        Scraper old = scraper;
        scraper = newScraper(changed, source(changed, old), true);
        old.close();
        if (scraper.source() != old.source()) {
          old.source().close();
        }
      }
    }
    return scraper;
  }

  /** Keeps the open connection when a reload does not change the connection settings. */
  private MBeanServerSource source(CollectorConfig config, Scraper previous) {
    if (sameConnection(previous.config(), config)) {
      return previous.source();
    }
    return sourceFactory.create(config);
  }

  /** The platform MBeanServer, or the remote JVM the config names. */
  public static MBeanServerSource defaultSource(CollectorConfig config) {
    if (!config.isRemote()) {
      return MBeanServerSource.platform();
    }
    LOG.fine("jmxprom: reading MBeans from " + config.getJmxUrl());
    return new RemoteJmxSource(config);
  }

  /**
   * The family names this collector keeps off the rules' samples (its self-metrics and those given
   * to {@link Builder#reservedNames}): a rule's family of one of them is dropped and counted.
   */
  public Set<String> getReservedNames() {
    return reservedNames;
  }

  /**
   * The names a collector built with {@link Builder#reservedNames}{@code (others)} keeps: its
   * self-metrics and {@code others}. For tools that explain a scrape without building a collector.
   */
  public static Set<String> reservedNames(Set<String> others) {
    Set<String> reserved = new HashSet<>(SelfMetrics.NAMES);
    reserved.addAll(others);
    return reserved;
  }

  /** Where MBeans are read from now (changes when a reload changes the connection settings). */
  public MBeanServerSource getSource() {
    return scraper.source();
  }

  private static boolean sameConnection(CollectorConfig a, CollectorConfig b) {
    return a.getJmxUrl().equals(b.getJmxUrl())
        && a.getUsername().equals(b.getUsername())
        && a.getPassword().equals(b.getPassword())
        && a.getSsl().equals(b.getSsl());
  }

  /** Closes a remote connection, if any. */
  public void close() {
    scraper.close();
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
    private MBeanServerSource.Factory sourceFactory;
    private final Set<String> reservedNames = new HashSet<>();
    private boolean applyStartDelay = true;
    private boolean warningsShown;
    private long beanTimeoutNanos = Scraper.BEAN_TIMEOUT_NANOS;
    private long firstRetryNanos = HangGuard.FIRST_RETRY_NANOS;

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

    /**
     * Decides where MBeans are read from for a config (at start, and after a reload that changes
     * {@code hostPort}/{@code jmxUrl}/credentials/ssl). Default: {@link #defaultSource}.
     */
    public Builder sourceFactory(MBeanServerSource.Factory factory) {
      this.sourceFactory = factory;
      return this;
    }

    /**
     * Family names that other collectors of the same registry produce (such as JVM metrics): a rule
     * producing one of them is dropped and counted instead of failing every scrape.
     */
    public Builder reservedNames(Set<String> names) {
      this.reservedNames.addAll(names);
      return this;
    }

    /**
     * Whether scrapes within {@code startDelaySeconds} of creation skip the MBeans (default true).
     * The java agent turns this off: it delays its whole start instead, as jmx_exporter does.
     */
    public Builder applyStartDelay(boolean apply) {
      this.applyStartDelay = apply;
      return this;
    }

    /**
     * The config's warnings were shown already (the agent prints them during {@code premain}, the
     * standalone scraper at start): the first load does not log them again; a reload logs its own.
     */
    public Builder warningsShown(boolean shown) {
      this.warningsShown = shown;
      return this;
    }

    /**
     * How long one bean's attributes may take to read (default 2 s). A bean that takes longer is
     * skipped, named in {@code jmx_scrape_bean_quarantined}, and tried again after 15 s, then less
     * and less often while it keeps hanging; the rest of the scrape goes on.
     */
    public Builder beanTimeout(long amount, java.util.concurrent.TimeUnit unit) {
      if (amount <= 0) {
        throw new IllegalArgumentException("the bean timeout must be positive");
      }
      this.beanTimeoutNanos = unit.toNanos(amount);
      return this;
    }

    /** First wait before a hung bean is read again (tests shorten it). */
    Builder firstRetry(long amount, java.util.concurrent.TimeUnit unit) {
      this.firstRetryNanos = unit.toNanos(amount);
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
