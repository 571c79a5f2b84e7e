package io.github.jmxprom.runtime;

import io.prometheus.metrics.model.registry.MetricType;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Lets concurrent scrapes share one collection: a scrape that arrives while a collection is running
 * waits for it and serves its result, instead of walking every MBean again behind it. With 100
 * scrapers at once the MBeans are read about once per collection time, not 100 times.
 *
 * <pre>{@code
 * registry.register(new CoalescingCollector(jmxCollector));
 * }</pre>
 *
 * <p>A waiting scrape gets samples read at most one collection earlier than its own arrival; a
 * failure of the shared collection reaches every scrape that waited for it.
 */
final class CoalescingCollector implements MultiCollector {

  private final MultiCollector delegate;
  private final Object lock = new Object();
  private FutureTask<MetricSnapshots> inFlight;

  CoalescingCollector(MultiCollector delegate) {
    this.delegate = delegate;
  }

  @Override
  public MetricSnapshots collect() {
    FutureTask<MetricSnapshots> shared;
    boolean mine = false;
    synchronized (lock) {
      if (inFlight == null) {
        inFlight = new FutureTask<>(delegate::collect);
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

  private static MetricSnapshots result(FutureTask<MetricSnapshots> shared) {
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

  @Override
  public List<String> getPrometheusNames() {
    return delegate.getPrometheusNames();
  }

  @Override
  public MetricType getMetricType(String prometheusName) {
    return delegate.getMetricType(prometheusName);
  }

  @Override
  public Set<String> getLabelNames(String prometheusName) {
    return delegate.getLabelNames(prometheusName);
  }

  @Override
  public MetricMetadata getMetadata(String prometheusName) {
    return delegate.getMetadata(prometheusName);
  }
}
