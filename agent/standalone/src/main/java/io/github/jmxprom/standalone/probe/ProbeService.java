package io.github.jmxprom.standalone.probe;

import com.sun.net.httpserver.HttpHandler;
import io.github.jmxprom.collector.JmxCollector;
import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.JmxSslConfig;
import io.github.jmxprom.collector.config.JmxTarget;
import io.github.jmxprom.collector.config.ProbeConfig;
import io.github.jmxprom.collector.jmx.MBeanServerSource;
import io.github.jmxprom.runtime.TargetCollectors;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The standalone scraper as a JMX gateway: {@code /probe} (one exporter, many JVMs, in the blackbox
 * exporter's style) and {@code /sd} (Prometheus HTTP service discovery) for a config with {@code
 * modules}, {@code targets}, {@code allowedTargets} or {@code discoverLocalJvms}. It owns the
 * connection pool, the probe threads and the idle sweeper.
 *
 * <pre>{@code
 * ProbeService probes = ProbeService.start(config);
 * Exporter exporter = Exporter.start(Mode.STANDALONE, file, config, host, port, info, probes.handlers());
 * exporter.getRegistry().register(probes.selfMetrics());
 * ...
 * probes.close();
 * }</pre>
 */
public final class ProbeService implements Closeable {

  /** A pooled connection nobody probed for this long is closed. */
  static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(5);

  /** More open (target, module) pairs than this close the least recently probed. */
  static final int MAX_TARGETS = 1000;

  /** Probes scraping at once; more answer {@code jmx_scrape_error 1} at once. */
  static final int MAX_PROBE_THREADS = 16;

  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  private final TargetPool pool;
  private final ThreadPoolExecutor probeThreads;
  private final ScheduledExecutorService sweeper;
  private final Map<String, HttpHandler> handlers;

  private ProbeService(CollectorConfig config) {
    this.pool = new TargetPool(opener(config), IDLE_NANOS, MAX_TARGETS, System::nanoTime);
    this.probeThreads =
        new ThreadPoolExecutor(
            0,
            MAX_PROBE_THREADS,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<Runnable>(),
            daemonThreads("jmxprom-probe-"));
    this.sweeper = new ScheduledThreadPoolExecutor(1, daemonThreads("jmxprom-probe-idle-"));
    sweeper.scheduleWithFixedDelay(pool::closeIdle, 30, 30, TimeUnit.SECONDS);
    Map<String, HttpHandler> paths = new LinkedHashMap<>();
    paths.put(ProbeHandler.PATH, new ProbeHandler(config, pool, probeThreads));
    paths.put(
        SdHandler.PATH, new SdHandler(new ServiceDiscovery(config.getProbe(), LocalJvms::list)));
    this.handlers = Collections.unmodifiableMap(paths);
  }

  /** Starts the pool and its threads (daemons) for the config's modules and allow-list. */
  public static ProbeService start(CollectorConfig config) {
    return new ProbeService(config);
  }

  /**
   * What the config asks for that {@code /probe} cannot fully do, for the start-up output: RMI over
   * TLS uses the socket factory the target's stub carries, which reads the JVM's default TLS
   * context, and only the top-level {@code ssl} stores become that default. So a module's own
   * {@code keyStore}/{@code trustStore} is used for the registry lookup but not for the JMX
   * connection itself.
   */
  public static List<String> warnings(CollectorConfig config) {
    List<String> warnings = new ArrayList<>();
    for (Map.Entry<String, CollectorConfig> module : config.getProbe().getModules().entrySet()) {
      JmxSslConfig ssl = module.getValue().getSsl();
      boolean ownStores = ssl.getKeyStore() != null || ssl.getTrustStore() != null;
      if (ssl.isEnabled() && ownStores && !ssl.equals(config.getSsl())) {
        warnings.add(
            config.getSource()
                + ": modules."
                + module.getKey()
                + ".ssl: the JMX connection uses the JVM's default TLS stores (the top-level ssl"
                + " stores or javax.net.ssl.* properties), not this module's; set the same stores"
                + " at the top level");
      }
    }
    return warnings;
  }

  /** {@code /probe} and {@code /sd}, for the exporter's HTTP server. */
  public Map<String, HttpHandler> handlers() {
    return handlers;
  }

  /** {@code jmx_probe_pool_targets}: the (target, module) pairs with an open pooled connection. */
  public MultiCollector selfMetrics() {
    return () ->
        MetricSnapshots.of(
            GaugeSnapshot.builder()
                .name("jmx_probe_pool_targets")
                .help("Targets (per module) that /probe keeps a JMX connection open for.")
                .dataPoint(
                    GaugeSnapshot.GaugeDataPointSnapshot.builder().value(pool.size()).build())
                .build());
  }

  /**
   * Opens pooled targets: the module's settings applied to the target; a {@code pid:} target is
   * reached through the Attach API, any other over remote JMX.
   */
  static TargetPool.Opener opener(final CollectorConfig config) {
    return (target, module, now) -> {
      CollectorConfig moduleConfig =
          module.equals(ProbeConfig.DEFAULT_MODULE) ? config : config.getProbe().getModule(module);
      return new PooledTarget(
          target + " (module " + module + ")", collectors(target, moduleConfig), now);
    };
  }

  private static TargetCollectors collectors(JmxTarget target, CollectorConfig module) {
    if (target.isLocalPid()) {
      final long pid = target.getPid();
      MBeanServerSource.Factory attach = c -> new LocalJvmSource(pid, c);
      return TargetCollectors.remote(module.forTarget(""), attach);
    }
    return TargetCollectors.remote(
        module.forTarget(target.getJmxUrl()), JmxCollector::defaultSource);
  }

  private static ThreadFactory daemonThreads(final String prefix) {
    return task -> {
      Thread thread = new Thread(task, prefix + THREAD_NUMBER.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Closes every pooled connection and stops the threads. */
  @Override
  public void close() {
    sweeper.shutdownNow();
    pool.close();
    probeThreads.shutdownNow();
  }

  /** Probe threads, for tests. */
  ExecutorService probeThreads() {
    return probeThreads;
  }
}
