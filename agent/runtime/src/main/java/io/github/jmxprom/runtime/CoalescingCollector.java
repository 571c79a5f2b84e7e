package io.github.jmxprom.runtime;

import io.github.jmxprom.collector.snapshot.ScrapeResult;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * Lets concurrent scrapes share one collection: a scrape that arrives while a collection is running
 * waits for it and serves its result, instead of walking every MBean again behind it. With 100
 * scrapers at once the MBeans are read about once per collection time, not 100 times.
 *
 * <pre>{@code
 * registry.register(new CoalescingCollector(jmxCollector::scrape));
 * }</pre>
 *
 * <p>A waiting scrape gets samples read at most one collection earlier than its own arrival; a
 * failure of the shared collection reaches every scrape that waited for it.
 */
final class CoalescingCollector implements MultiCollector {

  private final Supplier<ScrapeResult> delegate;
  private final Object lock = new Object();
  private FutureTask<ScrapeResult> inFlight;

  /** {@code delegate}: one JMX scrape, such as {@code jmxCollector::scrape}. */
  CoalescingCollector(Supplier<ScrapeResult> delegate) {
    this.delegate = delegate;
  }

  @Override
  public MetricSnapshots collect() {
    return scrape().toMetricSnapshots();
  }

  /** The JMX scrape, shared with the scrapes that arrive while it runs. */
  ScrapeResult scrape() {
    FutureTask<ScrapeResult> shared;
    boolean mine = false;
    synchronized (lock) {
      if (inFlight == null) {
        inFlight = new FutureTask<>(delegate::get);
        mine = true;
      }
      shared = inFlight;
    }
    if (mine) {
      try {
        shared.run();
      } finally {
        synchronized (lock) {
          inFlight = null;
        }
      }
    }
    return result(shared);
  }

  private static ScrapeResult result(FutureTask<ScrapeResult> shared) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return shared.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException) {
            throw (RuntimeException) cause;
          }
          if (cause instanceof Error) {
            throw (Error) cause;
          }
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
