package io.github.jmxprom.standalone.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.collector.jmx.MBeanServerSource;
import io.github.jmxprom.runtime.TargetCollectors;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A pooled target whose JMX connection hangs until released. */
class PooledTargetTest {

  static final long TIMEOUT = TimeUnit.MILLISECONDS.toNanos(200);

  final CountDownLatch release = new CountDownLatch(1);
  final AtomicInteger connects = new AtomicInteger();
  final ExecutorService executor = Executors.newCachedThreadPool();
  final CollectorConfig config = ConfigLoader.load("excludeJvmMetrics: true\n");
  final PooledTarget target =
      new PooledTarget(
          "hanging", TargetCollectors.remote(config, c -> new HangingSource()), System.nanoTime());

  @AfterEach
  void stop() {
    release.countDown();
    executor.shutdownNow();
  }

  @Test
  void aProbeThatTimesOutAnswersAScrapeErrorWithTheTimeItWaited() {
    long start = System.nanoTime();
    MetricSnapshots answer = target.scrape(executor, TIMEOUT);

    assertThat(System.nanoTime() - start).isBetween(TIMEOUT, TIMEOUT * 5);
    assertThat(gauge(answer, "jmx_scrape_error")).isEqualTo(1.0);
    assertThat(gauge(answer, "jmx_scrape_duration_seconds")).isBetween(0.2, 1.0);
  }

  @Test
  void probesWhileAScrapeHangsWaitForItInsteadOfStartingAnother() {
    target.scrape(executor, TIMEOUT);
    target.scrape(executor, TIMEOUT);
    assertThat(connects.get()).as("one scrape hangs, not two").isOne();

    release.countDown();
    MetricSnapshots answer = target.scrape(executor, TimeUnit.SECONDS.toNanos(10));

    assertThat(gauge(answer, "jmx_scrape_error")).isZero();
  }

  @Test
  void withoutAFreeThreadTheProbeAnswersAtOnce() {
    executor.shutdown();

    MetricSnapshots answer = target.scrape(executor, TimeUnit.SECONDS.toNanos(10));

    assertThat(gauge(answer, "jmx_scrape_error")).isEqualTo(1.0);
  }

  @Test
  void aProbeThatWaitedForAnOlderFailedScrapeLooksOnceMore() throws Exception {
    // The target is paused during the first probe, whose scrape fails late, after it resumed.
    PooledTarget paused =
        new PooledTarget(
            "paused",
            TargetCollectors.remote(config, c -> new FailsOnceAfterRelease()),
            System.nanoTime());
    assertThat(gauge(paused.scrape(executor, TIMEOUT), "jmx_scrape_error")).isEqualTo(1.0);

    Thread resume =
        new Thread(
            () -> {
              try {
                Thread.sleep(300);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              release.countDown();
            });
    resume.start();
    MetricSnapshots answer = paused.scrape(executor, TimeUnit.SECONDS.toNanos(10));
    resume.join();

    assertThat(gauge(answer, "jmx_scrape_error")).isZero();
    assertThat(connects.get()).as("the failed connection and the second look").isEqualTo(2);
  }

  static double gauge(MetricSnapshots snapshots, String name) {
    return snapshots.stream()
        .filter(s -> s.getMetadata().getPrometheusName().equals(name))
        .map(s -> ((GaugeSnapshot) s).getDataPoints().get(0).getValue())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name));
  }

  /** The first connection waits for {@link #release}, then fails; the next one works. */
  final class FailsOnceAfterRelease implements MBeanServerSource {
    private final MBeanServerConnection server = MBeanServerFactory.newMBeanServer();

    @Override
    public MBeanServerConnection connection() throws IOException {
      if (connects.incrementAndGet() == 1) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IOException("Read timed out");
      }
      return server;
    }

    @Override
    public void connectionFailed() {}

    @Override
    public String describe() {
      return "paused";
    }

    @Override
    public void close() {}
  }

  /** Blocks the first connection until {@link #release} is counted down. */
  final class HangingSource implements MBeanServerSource {
    private final MBeanServerConnection server = MBeanServerFactory.newMBeanServer();

    @Override
    public MBeanServerConnection connection() {
      if (connects.incrementAndGet() == 1) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return server;
    }

    @Override
    public void connectionFailed() {}

    @Override
    public String describe() {
      return "hanging";
    }

    @Override
    public void close() {}
  }
}
