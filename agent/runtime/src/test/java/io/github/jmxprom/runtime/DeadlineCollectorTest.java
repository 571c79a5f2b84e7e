package io.github.jmxprom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A scrape of a remote JVM that stops answering still answers within the timeout, with {@code
 * jmx_scrape_error 1}; the hanging collection goes on alone, and a later scrape serves the target
 * once it answers again.
 */
class DeadlineCollectorTest {

  private static final long TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private volatile long timeoutNanos = TIMEOUT_NANOS;

  private final AtomicInteger collections = new AtomicInteger();
  private volatile CountDownLatch release = new CountDownLatch(0);

  private final MultiCollector target =
      () -> {
        int n = collections.incrementAndGet();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return MetricSnapshots.of(gauge("collection", n));
      };

  private final MultiCollector jvm = () -> MetricSnapshots.of(gauge("jvm_threads_current", 7));

  private final DeadlineCollector deadline =
      new DeadlineCollector(() -> timeoutNanos, "service:jmx:test", target, null, jvm);

  @AfterEach
  void stop() {
    release.countDown();
    deadline.close();
  }

  @Test
  void aTargetThatAnswersIsServedWithEveryDelegateInOrder() {
    assertThat(names(deadline.collect())).containsExactly("collection", "jvm_threads_current");
  }

  @Test
  void aHangingScrapeAnswersAtTheTimeoutWithAScrapeErrorAndNoTargetMetrics() {
    release = new CountDownLatch(1);

    long start = System.nanoTime();
    MetricSnapshots answer = deadline.collect();
    long took = System.nanoTime() - start;

    assertThat(took).isBetween(TIMEOUT_NANOS, TIMEOUT_NANOS + TimeUnit.SECONDS.toNanos(2));
    assertThat(value(answer, "jmx_scrape_error")).isEqualTo(1.0);
    assertThat(value(answer, "jmx_scrape_duration_seconds")).isGreaterThanOrEqualTo(0.2);
    assertThat(names(answer)).doesNotContain("collection", "jvm_threads_current");
  }

  @Test
  void scrapesWhileOneHangsWaitForItInsteadOfStartingMore() {
    release = new CountDownLatch(1);

    for (int i = 0; i < 3; i++) {
      assertThat(value(deadline.collect(), "jmx_scrape_error")).isEqualTo(1.0);
    }
    assertThat(collections.get()).as("collections started").isOne();

    release.countDown();
    assertThat(names(deadline.collect())).contains("collection");
  }

  @Test
  void aScrapeThatWaitedForAnOlderFailedOneLooksOnceMore() throws Exception {
    // The target is paused during the first scrape, which fails late, after the target resumed.
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch resumed = new CountDownLatch(1);
    DeadlineCollector paused =
        new DeadlineCollector(
            () -> timeoutNanos,
            "service:jmx:paused",
            () -> {
              if (calls.incrementAndGet() == 1) {
                try {
                  resumed.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return MetricSnapshots.of(gauge("jmx_scrape_error", 1));
              }
              return MetricSnapshots.of(gauge("jmx_scrape_error", 0), gauge("collection", 2));
            });
    try {
      assertThat(value(paused.collect(), "jmx_scrape_error")).isEqualTo(1.0);

      timeoutNanos = TimeUnit.SECONDS.toNanos(5);
      Thread resume = new Thread(() -> sleepThen(300, resumed::countDown));
      resume.start();
      MetricSnapshots next = paused.collect();
      resume.join();

      assertThat(value(next, "jmx_scrape_error")).isZero();
      assertThat(value(next, "collection")).isEqualTo(2.0);
      assertThat(calls.get()).isEqualTo(2);
    } finally {
      resumed.countDown();
      paused.close();
    }
  }

  @Test
  void aWarmUpPaysForTheSlowFirstReadSoTheFirstScrapeIsServed() throws Exception {
    // The first read of a target (connection, MBeanInfo, cold code) is slower than the timeout.
    AtomicInteger calls = new AtomicInteger();
    MultiCollector slowFirst =
        () -> {
          if (calls.incrementAndGet() == 1) {
            sleepThen(2 * TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NANOS), () -> {});
          }
          return MetricSnapshots.of(gauge("jmx_scrape_error", 0), gauge("collection", calls.get()));
        };
    DeadlineCollector cold =
        new DeadlineCollector(() -> timeoutNanos, "service:jmx:cold", slowFirst);
    DeadlineCollector warm =
        new DeadlineCollector(() -> timeoutNanos, "service:jmx:warm", slowFirst);
    try {
      assertThat(value(cold.collect(), "jmx_scrape_error")).as("without a warm-up").isEqualTo(1.0);
      Thread.sleep(3 * TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NANOS)); // that first read ends

      calls.set(0);
      warm.warmUp();
      long waited = 0;
      while (calls.get() == 0 && waited++ < 1000) {
        Thread.sleep(1); // the warm-up runs without any scrape asking for it
      }
      assertThat(calls.get()).isOne();
      Thread.sleep(3 * TimeUnit.NANOSECONDS.toMillis(TIMEOUT_NANOS));

      MetricSnapshots first = warm.collect();
      assertThat(value(first, "jmx_scrape_error")).isZero();
      assertThat(value(first, "collection")).isEqualTo(2.0);
    } finally {
      cold.close();
      warm.close();
    }
  }

  private static void sleepThen(long millis, Runnable then) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    then.run();
  }

  private static GaugeSnapshot gauge(String name, double value) {
    return GaugeSnapshot.builder()
        .name(name)
        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build())
        .build();
  }

  private static List<String> names(MetricSnapshots snapshots) {
    List<String> names = new ArrayList<>();
    for (MetricSnapshot snapshot : snapshots) {
      names.add(snapshot.getMetadata().getPrometheusName());
    }
    return names;
  }

  private static double value(MetricSnapshots snapshots, String name) {
    for (MetricSnapshot snapshot : snapshots) {
      if (snapshot.getMetadata().getPrometheusName().equals(name)) {
        return ((GaugeSnapshot) snapshot).getDataPoints().get(0).getValue();
      }
    }
    throw new AssertionError("no " + name + " in " + names(snapshots));
  }
}
