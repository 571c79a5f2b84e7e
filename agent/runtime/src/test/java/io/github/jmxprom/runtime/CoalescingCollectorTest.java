package io.github.jmxprom.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jmxprom.collector.snapshot.ScrapeResult;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Scrapes that arrive while a collection runs wait for it and serve its result. */
class CoalescingCollectorTest {

  private final AtomicInteger collections = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

  private final Supplier<ScrapeResult> slow =
      () -> {
        int n = collections.incrementAndGet();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
          throw failure.get();
        }
        return new ScrapeResult(
            Collections.emptyList(),
            MetricSnapshots.of(
                GaugeSnapshot.builder()
                    .name("collection")
                    .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(n).build())
                    .build()));
      };

  @Test
  void concurrentScrapesShareOneCollectionAndALaterScrapeCollectsAgain() throws Exception {
    CoalescingCollector coalescing = new CoalescingCollector(slow);
    List<ScrapeResult> results = new ArrayList<>();
    List<Thread> scrapers = startScrapers(coalescing, 10, results);

    release.countDown();
    for (Thread scraper : scrapers) {
      scraper.join();
    }

    assertThat(collections).hasValue(1);
    assertThat(results).hasSize(10).allSatisfy(r -> assertThat(r).isSameAs(results.get(0)));
    assertThat(coalescing.scrape()).isNotSameAs(results.get(0));
    assertThat(collections).hasValue(2);
  }

  @Test
  void aFailedCollectionFailsTheScrapesThatWaitedForItAndTheNextOneCollectsAfresh()
      throws Exception {
    failure.set(new IllegalStateException("walk failed"));
    CoalescingCollector coalescing = new CoalescingCollector(slow);
    List<ScrapeResult> results = new ArrayList<>();
    List<Thread> scrapers = startScrapers(coalescing, 3, results);

    release.countDown();
    for (Thread scraper : scrapers) {
      scraper.join();
    }

    assertThat(results).isEmpty();
    assertThat(collections).hasValue(1);
    assertThatThrownBy(coalescing::collect).hasMessage("walk failed");
    assertThat(collections).hasValue(2);
  }

  /** Starts scrapers and returns once all but the collecting one wait for its result. */
  private List<Thread> startScrapers(
      CoalescingCollector collector, int count, List<ScrapeResult> results)
      throws InterruptedException {
    List<Thread> scrapers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Thread scraper =
          new Thread(
              () -> {
                try {
                  ScrapeResult result = collector.scrape();
                  synchronized (results) {
                    results.add(result);
                  }
                } catch (IllegalStateException e) {
                  // the shared collection failed
                }
              });
      scraper.start();
      scrapers.add(scraper);
    }
    while (scrapers.stream().filter(t -> t.getState() == Thread.State.WAITING).count() < count) {
      Thread.sleep(5); // the collector waits on the latch, the others on its result
    }
    return scrapers;
  }
}
