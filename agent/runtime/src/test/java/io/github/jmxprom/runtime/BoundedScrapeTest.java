package io.github.jmxprom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a bounded scrape tells its caller's log: a run of timeouts once, a failure with its cause, a
 * refused thread; the waiting itself is specified by DeadlineCollectorTest and PooledTargetTest.
 */
class BoundedScrapeTest {

  private static final long TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  // Filled on the warnings thread.
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private final ExecutorService executor = Executors.newCachedThreadPool();

  private final BoundedScrape.Warnings warnings =
      new BoundedScrape.Warnings() {
        @Override
        public synchronized void timedOut(long timeoutMillis) {
          logged.add("timed out after " + timeoutMillis + " ms");
        }

        @Override
        public synchronized void failed(Throwable cause) {
          logged.add("failed: " + cause.getMessage());
        }

        @Override
        public synchronized void refused() {
          logged.add("refused");
        }
      };

  @AfterEach
  void stop() {
    release.countDown();
    executor.shutdownNow();
  }

  @Test
  void aTargetThatKeepsHangingIsLoggedOnceUntilAScrapeIsServed() {
    BoundedScrape scrape =
        new BoundedScrape(
            () -> {
              release.await();
              return MetricSnapshots.of(gauge("jmx_scrape_error", 0));
            },
            warnings);

    for (int i = 0; i < 3; i++) {
      assertThat(value(scrape.scrape(executor, TIMEOUT_NANOS), "jmx_scrape_error")).isOne();
    }
    release.countDown();
    assertThat(value(scrape.scrape(executor, TimeUnit.SECONDS.toNanos(5)), "jmx_scrape_error"))
        .isZero();

    assertThat(awaitLogged(1)).containsExactly("timed out after 100 ms");
  }

  @Test
  void aScrapeThatThrowsIsLoggedWithItsCauseAndAnsweredAsFailed() {
    BoundedScrape scrape =
        new BoundedScrape(
            () -> {
              throw new IllegalStateException("connection lost");
            },
            warnings);

    assertThat(value(scrape.scrape(executor, TIMEOUT_NANOS), "jmx_scrape_error")).isOne();
    assertThat(awaitLogged(1)).containsExactly("failed: connection lost");
  }

  @Test
  void anExecutorWithoutAThreadIsLoggedAsRefusedAndAnsweredAtOnce() {
    BoundedScrape scrape =
        new BoundedScrape(() -> MetricSnapshots.of(gauge("jmx_scrape_error", 0)), warnings);
    executor.shutdown();

    assertThat(value(scrape.scrape(executor, TimeUnit.SECONDS.toNanos(5)), "jmx_scrape_error"))
        .isOne();
    assertThat(awaitLogged(1)).containsExactly("refused");
  }

  private static GaugeSnapshot gauge(String name, double value) {
    return GaugeSnapshot.builder()
        .name(name)
        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build())
        .build();
  }

  private static double value(MetricSnapshots snapshots, String name) {
    for (MetricSnapshot snapshot : snapshots) {
      if (snapshot.getMetadata().getPrometheusName().equals(name)) {
        return ((GaugeSnapshot) snapshot).getDataPoints().get(0).getValue();
      }
    }
    throw new AssertionError("no " + name);
  }

  /**
   * The warnings, once at least {@code count} have been logged (they are logged off the thread).
   */
  private List<String> awaitLogged(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (logged.size() < count && System.nanoTime() < deadline) {
      Thread.yield();
    }
    // Give a wrongly repeated warning the chance to show up too.
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return logged;
  }

  @Test
  @Timeout(30)
  void theAnswerDoesNotWaitForTheLog() throws Exception {
    CountDownLatch logging = new CountDownLatch(1);
    CountDownLatch logStarted = new CountDownLatch(1);
    BoundedScrape scrape =
        new BoundedScrape(
            () -> {
              release.await();
              return MetricSnapshots.of(gauge("jmx_scrape_error", 0));
            },
            new BoundedScrape.Warnings() {
              @Override
              public void timedOut(long timeoutMillis) {
                logStarted.countDown();
                try {
                  logging.await(); // a log that takes forever
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }

              @Override
              public void failed(Throwable cause) {}

              @Override
              public void refused() {}
            });
    try {
      // With the warning logged on the request thread this would never return.
      assertThat(value(scrape.scrape(executor, TIMEOUT_NANOS), "jmx_scrape_error")).isOne();
      assertThat(logStarted.await(10, TimeUnit.SECONDS)).as("the warning is logged").isTrue();
    } finally {
      logging.countDown();
    }
  }
}
