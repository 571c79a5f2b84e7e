package io.github.jmxprom.standalone.probe;

import io.github.jmxprom.collector.snapshot.SelfMetrics;
import io.github.jmxprom.runtime.TargetCollectors;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.Closeable;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One (target, module) of the probe pool: a registry with the target's collectors, whose connection
 * stays open between probes. A probe waits at most its timeout; a scrape that takes longer goes on
 * in the background and the probe answers {@code jmx_scrape_error 1} with its duration. At most one
 * scrape of a target runs at a time: a probe that arrives meanwhile waits for that scrape's result
 * instead of starting another (so a hanging target ties up one thread); when that scrape fails, it
 * looks once more in the time it has left, so the first probe after a paused target resumes serves
 * it, even while the scrape begun during the pause is still failing.
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
  private Future<MetricSnapshots> running;
  private boolean closed;
  // Set while probes time out, so that a target that keeps hanging is logged once, not per probe.
  private volatile boolean timingOut;
  private volatile long lastUsedNanos;

  PooledTarget(String description, TargetCollectors collectors, long nowNanos) {
    this.description = description;
    this.collectors = collectors;
    this.lastUsedNanos = nowNanos;
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
    long start = System.nanoTime();
    Future<MetricSnapshots> scrape;
    boolean joined;
    try {
      synchronized (this) {
        joined = running != null && !running.isDone();
        scrape = start(executor);
      }
    } catch (RejectedExecutionException e) {
      LOG.warning("jmxprom: probe of " + description + " refused: all probe threads are busy");
      return SelfMetrics.failedScrape(start);
    }
    try {
      MetricSnapshots snapshots = scrape.get(timeoutNanos, TimeUnit.NANOSECONDS);
      long left = timeoutNanos - (System.nanoTime() - start);
      if (joined && left > 0 && SelfMetrics.reportsError(snapshots)) {
        // That scrape began before this probe, perhaps while the target was still paused; it may
        // be back now (resumed, restarted): look once more within the time left.
        snapshots = start(executor).get(left, TimeUnit.NANOSECONDS);
      }
      timingOut = false;
      return snapshots;
    } catch (TimeoutException e) {
      if (!timingOut) {
        timingOut = true;
        LOG.warning(
            "jmxprom: probe of "
                + description
                + " timed out after "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                + " ms; the scrape goes on in the background (logged once until a probe succeeds)");
      }
      return SelfMetrics.failedScrape(start);
    } catch (ExecutionException e) {
      LOG.log(Level.WARNING, "jmxprom: probe of " + description + " failed", e.getCause());
      return SelfMetrics.failedScrape(start);
    } catch (RejectedExecutionException e) {
      return SelfMetrics.failedScrape(start); // no thread for the second look
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SelfMetrics.failedScrape(start);
    }
  }

  private synchronized Future<MetricSnapshots> start(ExecutorService executor) {
    if (running == null || running.isDone()) {
      running =
          executor.submit(
              new Callable<MetricSnapshots>() {
                @Override
                public MetricSnapshots call() {
                  try {
                    return registry.scrape();
                  } finally {
                    closeIfEvicted();
                  }
                }
              });
    }
    return running;
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
