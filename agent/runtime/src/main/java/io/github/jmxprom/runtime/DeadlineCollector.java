package io.github.jmxprom.runtime;

import io.github.jmxprom.runtime.http.ScrapeTimeout;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Bounds the standalone scraper's {@code /metrics} by the scrape timeout ({@link ScrapeTimeout}:
 * Prometheus' less half a second, else 10 s, counted from the request's arrival), as {@code /probe}
 * is bounded. A remote JVM that stops answering without closing its connections (paused with {@code
 * SIGSTOP}, frozen, behind a dropping firewall) keeps a JMX call waiting for the RMI timeouts, and
 * the RMI client then tries to reconnect on its own, which waits again. The waiting, the one scrape
 * in flight and the second look after a failed older scrape are {@link BoundedScrape}'s; this class
 * gives it one thread of its own, collects the delegates in order on it, and logs in words of
 * scrapes.
 *
 * <pre>{@code
 * registry.register(new DeadlineCollector(config.getJmxUrl(), jmxCollector, jvmMetrics));
 * }</pre>
 */
final class DeadlineCollector implements MultiCollector {

  private static final Logger LOG = Logger.getLogger(DeadlineCollector.class.getName());
  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

  private final LongSupplier timeoutNanos;
  private final List<MultiCollector> delegates;
  private final ThreadPoolExecutor executor;
  private final BoundedScrape scrape;

  /**
   * Collects {@code delegates} in order (nulls are skipped) on a background thread, for at most the
   * time left until the current request's deadline.
   */
  DeadlineCollector(String description, MultiCollector... delegates) {
    this(ScrapeTimeout::remainingNanos, description, delegates);
  }

  DeadlineCollector(LongSupplier timeoutNanos, String description, MultiCollector... delegates) {
    this.timeoutNanos = timeoutNanos;
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
    this.scrape = new BoundedScrape(this::collectAll, warnings(description));
  }

  @Override
  public MetricSnapshots collect() {
    return scrape.scrape(executor, timeoutNanos.getAsLong());
  }

  /**
   * Starts a scrape in the background and returns at once, so the first scrape Prometheus sends
   * finds the connection open and the beans described: against a real Tomcat that first read (RMI
   * connection, every MBeanInfo, cold code) takes longer than the half second a 1 s scrape timeout
   * leaves, and its answer would say {@code jmx_scrape_error 1}. A request that arrives meanwhile
   * waits for this scrape, as for any other.
   */
  void warmUp() {
    scrape.startIfIdle(executor);
  }

  /** Every delegate's snapshots, in order: one scrape on the background thread. */
  private MetricSnapshots collectAll() {
    MetricSnapshots.Builder all = MetricSnapshots.builder();
    for (MultiCollector delegate : delegates) {
      for (MetricSnapshot snapshot : delegate.collect()) {
        all.metricSnapshot(snapshot);
      }
    }
    return all.build();
  }

  /** The log lines of {@code /metrics}, which speak of scrapes. */
  private static BoundedScrape.Warnings warnings(final String description) {
    return new BoundedScrape.Warnings() {
      @Override
      public void timedOut(long timeoutMillis) {
        LOG.warning(
            "jmxprom: scrape of "
                + description
                + " took longer than "
                + timeoutMillis
                + " ms; answered jmx_scrape_error 1, the scrape goes on in the background (logged"
                + " once until a scrape succeeds)");
      }

      @Override
      public void failed(Throwable cause) {
        LOG.log(Level.WARNING, "jmxprom: scrape of " + description + " failed", cause);
      }

      @Override
      public void refused() {
        // Only after close(): the exporter is stopping, the answer says jmx_scrape_error 1.
      }
    };
  }

  /** Stops the background thread (a scrape still running ends on its own). */
  void close() {
    executor.shutdownNow();
  }
}
