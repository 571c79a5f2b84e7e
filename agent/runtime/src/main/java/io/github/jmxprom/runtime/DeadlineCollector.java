package io.github.jmxprom.runtime;

import io.github.jmxprom.collector.snapshot.SelfMetrics;
import io.github.jmxprom.runtime.http.ScrapeTimeout;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Bounds the standalone scraper's {@code /metrics} by the scrape timeout ({@link ScrapeTimeout}:
 * Prometheus' less half a second, else 10 s), as {@code /probe} is bounded. A remote JVM that stops
 * answering without closing its connections (paused with {@code SIGSTOP}, frozen, behind a dropping
 * firewall) keeps a JMX call waiting for the RMI timeouts, and the RMI client then tries to
 * reconnect on its own, which waits again; a scrape that takes longer than the timeout goes on in
 * the background and this answer says {@code jmx_scrape_error 1}. At most one scrape runs at a
 * time: a scrape that arrives meanwhile waits for that one's result (which also makes concurrent
 * scrapes share one collection), so a target that hangs ties up one thread, not one per scrape. A
 * scrape that waited for an older one which failed looks once more in the time it has left, so the
 * first scrape after a paused target resumes serves it, even while the scrape begun during the
 * pause is still failing.
 *
 * <pre>{@code
 * registry.register(new DeadlineCollector(jmxCollector, jvmMetrics));
 * }</pre>
 */
final class DeadlineCollector implements MultiCollector {

  private static final Logger LOG = Logger.getLogger(DeadlineCollector.class.getName());
  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  private final LongSupplier timeoutNanos;
  private final List<MultiCollector> delegates;
  private final String description;
  private final ThreadPoolExecutor executor;
  private Scrape running; // guarded by this
  // Set while scrapes time out, so that a target that keeps hanging is logged once.
  private volatile boolean timingOut;

  /**
   * Collects {@code delegates} in order (nulls are skipped) on a background thread, for at most the
   * current request's scrape timeout.
   */
  DeadlineCollector(String description, MultiCollector... delegates) {
    this(ScrapeTimeout::currentNanos, description, delegates);
  }

  DeadlineCollector(LongSupplier timeoutNanos, String description, MultiCollector... delegates) {
    this.timeoutNanos = timeoutNanos;
    this.description = description;
    this.delegates = new ArrayList<>();
    for (MultiCollector delegate : Arrays.asList(delegates)) {
      if (delegate != null) {
        this.delegates.add(delegate);
      }
    }
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<Runnable>(),
            task -> {
              Thread thread =
                  new Thread(task, "jmxprom-remote-scrape-" + THREAD_NUMBER.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    executor.allowCoreThreadTimeOut(true);
  }

  @Override
  public MetricSnapshots collect() {
    long start = System.nanoTime();
    long timeout = timeoutNanos.getAsLong();
    Scrape scrape = start(start);
    try {
      MetricSnapshots snapshots = scrape.future.get(timeout, TimeUnit.NANOSECONDS);
      if (scrape.startedNanos < start && SelfMetrics.reportsError(snapshots)) {
        // That scrape began before this one arrived, perhaps while the target was still paused;
        // it may be back now (resumed, restarted): look once more within the time left.
        long left = timeout - (System.nanoTime() - start);
        if (left > 0) {
          snapshots = start(System.nanoTime()).future.get(left, TimeUnit.NANOSECONDS);
        }
      }
      timingOut = false;
      return snapshots;
    } catch (TimeoutException e) {
      if (!timingOut) {
        timingOut = true;
        LOG.warning(
            "jmxprom: scrape of "
                + description
                + " took longer than "
                + TimeUnit.NANOSECONDS.toMillis(timeout)
                + " ms; answered jmx_scrape_error 1, the scrape goes on in the background (logged"
                + " once until a scrape succeeds)");
      }
      return SelfMetrics.failedScrape(start);
    } catch (ExecutionException e) {
      LOG.log(Level.WARNING, "jmxprom: scrape of " + description + " failed", e.getCause());
      return SelfMetrics.failedScrape(start);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SelfMetrics.failedScrape(start);
    }
  }

  /**
   * Starts a scrape in the background and returns at once, so the first scrape Prometheus sends
   * finds the connection open and the beans described: against a real Tomcat that first read (RMI
   * connection, every MBeanInfo, cold code) takes longer than the half second a 1 s scrape timeout
   * leaves, and its answer would say {@code jmx_scrape_error 1}. A request that arrives meanwhile
   * waits for this scrape, as for any other.
   */
  void warmUp() {
    start(System.nanoTime());
  }

  /** The running scrape, or a new one started at {@code nowNanos}. */
  private synchronized Scrape start(long nowNanos) {
    if (running == null || running.future.isDone()) {
      Future<MetricSnapshots> future =
          executor.submit(
              new Callable<MetricSnapshots>() {
                @Override
                public MetricSnapshots call() {
                  MetricSnapshots.Builder all = MetricSnapshots.builder();
                  for (MultiCollector delegate : delegates) {
                    for (MetricSnapshot snapshot : delegate.collect()) {
                      all.metricSnapshot(snapshot);
                    }
                  }
                  return all.build();
                }
              });
      running = new Scrape(future, nowNanos);
    }
    return running;
  }

  /** A scrape on the background thread and when it began. */
  private static final class Scrape {
    final Future<MetricSnapshots> future;
    final long startedNanos;

    Scrape(Future<MetricSnapshots> future, long startedNanos) {
      this.future = future;
      this.startedNanos = startedNanos;
    }
  }

  /** Stops the background thread (a scrape still running ends on its own). */
  void close() {
    executor.shutdownNow();
  }
}
