package io.github.jmxprom.standalone.probe;

import io.github.jmxprom.runtime.BoundedScrape;
import io.github.jmxprom.runtime.TargetCollectors;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.Closeable;
import java.util.concurrent.ExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One (target, module) of the probe pool: a registry with the target's collectors, whose connection
 * stays open between probes. A probe waits at most its timeout and answers {@code jmx_scrape_error
 * 1} with its duration when the scrape takes longer; one scrape of a target runs at a time, and a
 * probe that joined a failed older scrape looks once more ({@link BoundedScrape}, on the probe
 * service's threads, which may all be busy).
 *
 * <pre>{@code
 * PooledTarget target = new PooledTarget("127.0.0.1:9999 (module kafka)", collectors, System.nanoTime());
 * MetricSnapshots snapshots = target.scrape(executor, TimeUnit.SECONDS.toNanos(10));
 * }</pre>
 */
final class PooledTarget implements Closeable {

  private static final Logger LOG = Logger.getLogger(PooledTarget.class.getName());

  private final String description;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final TargetCollectors collectors;
  private final BoundedScrape scrape;
  private boolean closed; // guarded by this
  private volatile long lastUsedNanos;

  PooledTarget(String description, TargetCollectors collectors, long nowNanos) {
    this.description = description;
    this.collectors = collectors;
    this.lastUsedNanos = nowNanos;
    this.scrape = new BoundedScrape(this::collect, warnings(description));
    collectors.registerWith(registry);
  }

  void touch(long nowNanos) {
    lastUsedNanos = nowNanos;
  }

  long lastUsedNanos() {
    return lastUsedNanos;
  }

  /**
   * Scrapes the target, or reports a failed scrape when it takes longer than {@code timeoutNanos}
   * or no probe thread is free. Never throws.
   */
  MetricSnapshots scrape(ExecutorService executor, long timeoutNanos) {
    return scrape.scrape(executor, timeoutNanos);
  }

  /** One scrape on a probe thread. */
  private MetricSnapshots collect() {
    try {
      return registry.scrape();
    } finally {
      closeIfEvicted();
    }
  }

  /** The log lines of {@code /probe}, which speak of probes. */
  private static BoundedScrape.Warnings warnings(final String description) {
    return new BoundedScrape.Warnings() {
      @Override
      public void timedOut(long timeoutMillis) {
        LOG.warning(
            "jmxprom: probe of "
                + description
                + " timed out after "
                + timeoutMillis
                + " ms; the scrape goes on in the background (logged once until a probe succeeds)");
      }

      @Override
      public void failed(Throwable cause) {
        LOG.log(Level.WARNING, "jmxprom: probe of " + description + " failed", cause);
      }

      @Override
      public void refused() {
        LOG.warning("jmxprom: probe of " + description + " refused: all probe threads are busy");
      }
    };
  }

  /** A scrape that was still running when the pool dropped this target reopened nothing. */
  private synchronized void closeIfEvicted() {
    if (closed) {
      collectors.close();
    }
  }

  /** Closes the connection; a scrape still running closes it again when it ends. */
  @Override
  public synchronized void close() {
    closed = true;
    collectors.close();
  }

  @Override
  public String toString() {
    return description;
  }
}
