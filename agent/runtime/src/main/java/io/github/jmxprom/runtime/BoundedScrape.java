package io.github.jmxprom.runtime;

import io.github.jmxprom.collector.snapshot.SelfMetrics;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A scrape of one remote target whose answer waits at most a deadline, shared by the standalone
 * scraper's {@code /metrics} ({@link DeadlineCollector}) and {@code /probe}. A remote JVM that
 * stops answering without closing its connections keeps a JMX call waiting for the RMI timeouts; a
 * scrape that takes longer than the deadline goes on in the background and the answer is {@link
 * SelfMetrics#failedScrape}, {@code jmx_scrape_error 1} with the time waited. At most one scrape
 * runs at a time: a request that arrives meanwhile waits for that one's result instead of starting
 * another, so a target that hangs ties up one thread, not one per request. A request that waited
 * for an older scrape which failed looks once more in the time it has left, so the first request
 * after a paused target resumes serves it, even while the scrape begun during the pause is still
 * failing. Never throws: a thread pool that refuses the scrape is answered as a failed scrape too.
 * The warnings are logged on a thread of their own after the answer is made: the first log line of
 * a JVM costs tens of milliseconds (logging set-up, caller lookup), which on the request thread
 * pushed the answer of the first timed-out scrape past its deadline.
 *
 * <pre>{@code
 * BoundedScrape scrape = new BoundedScrape(registry::scrape, warnings);
 * MetricSnapshots snapshots = scrape.scrape(executor, TimeUnit.SECONDS.toNanos(10));
 * }</pre>
 */
public final class BoundedScrape {

  /**
   * What to log about the target; the callers word it for their own users ({@code /metrics} speaks
   * of scrapes, {@code /probe} of probes) and log under their own names.
   */
  public interface Warnings {
    /**
     * A request gave up after {@code timeoutMillis}; called once until a request is served again,
     * so that a target that keeps hanging is logged once, not per request.
     */
    void timedOut(long timeoutMillis);

    /** The scrape threw {@code cause}. */
    void failed(Throwable cause);

    /** The executor had no thread for a new scrape (not called for the second look). */
    void refused();
  }

  private final Callable<MetricSnapshots> collection;
  private final Warnings warnings;
  private Future<MetricSnapshots> running; // guarded by this
  // Set while requests time out, so that timedOut is called once per run of timeouts.
  private volatile boolean timingOut;

  /** Runs {@code collection} for each scrape, on the executor each request names. */
  public BoundedScrape(Callable<MetricSnapshots> collection, Warnings warnings) {
    this.collection = collection;
    this.warnings = warnings;
  }

  /**
   * The target's metrics, or {@link SelfMetrics#failedScrape} when the scrape takes longer than
   * {@code timeoutNanos}, fails, or finds no thread on {@code executor}.
   */
  public MetricSnapshots scrape(ExecutorService executor, long timeoutNanos) {
    long start = System.nanoTime();
    Future<MetricSnapshots> scrape;
    boolean joined;
    try {
      synchronized (this) {
        joined = running != null && !running.isDone();
        scrape = start(executor);
      }
    } catch (RejectedExecutionException e) {
      warnings.refused();
      return SelfMetrics.failedScrape(start);
    }
    try {
      MetricSnapshots snapshots = scrape.get(timeoutNanos, TimeUnit.NANOSECONDS);
      long left = timeoutNanos - (System.nanoTime() - start);
      if (joined && left > 0 && SelfMetrics.reportsError(snapshots)) {
        // That scrape began before this request, perhaps while the target was still paused; it
        // may be back now (resumed, restarted): look once more within the time left.
        snapshots = start(executor).get(left, TimeUnit.NANOSECONDS);
      }
      timingOut = false;
      return snapshots;
    } catch (TimeoutException e) {
      MetricSnapshots failed = SelfMetrics.failedScrape(start);
      if (!timingOut) {
        timingOut = true;
        final long millis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
        log(
            new Runnable() {
              @Override
              public void run() {
                warnings.timedOut(millis);
              }
            });
      }
      return failed;
    } catch (final ExecutionException e) {
      MetricSnapshots failed = SelfMetrics.failedScrape(start);
      log(
          new Runnable() {
            @Override
            public void run() {
              warnings.failed(e.getCause());
            }
          });
      return failed;
    } catch (RejectedExecutionException e) {
      return SelfMetrics.failedScrape(start); // no thread for the second look
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SelfMetrics.failedScrape(start);
    }
  }

  // One daemon thread for the warnings of every BoundedScrape, ended when idle; at most 64 waiting
  // (beyond that they are dropped: the same target failing over and over).
  private static final ThreadPoolExecutor LOGGER =
      new ThreadPoolExecutor(
          1,
          1,
          10,
          TimeUnit.SECONDS,
          new LinkedBlockingQueue<Runnable>(64),
          task -> {
            Thread thread = new Thread(task, "jmxprom-scrape-log");
            thread.setDaemon(true);
            return thread;
          },
          new ThreadPoolExecutor.DiscardPolicy());

  static {
    LOGGER.allowCoreThreadTimeOut(true);
  }

  /** Runs {@code warning} off the request thread, so the answer does not wait for the log. */
  private static void log(Runnable warning) {
    LOGGER.execute(warning);
  }

  /**
   * Starts a scrape on {@code executor} unless one is running, and returns at once: a request that
   * arrives meanwhile waits for it, as for any other.
   *
   * @throws RejectedExecutionException when {@code executor} has no thread for it
   */
  public void startIfIdle(ExecutorService executor) {
    start(executor);
  }

  /** The running scrape, or a new one. */
  private synchronized Future<MetricSnapshots> start(ExecutorService executor) {
    if (running == null || running.isDone()) {
      running = executor.submit(collection);
    }
    return running;
  }
}
