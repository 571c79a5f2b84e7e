package io.github.jmxprom.collector.snapshot;

import io.github.jmxprom.collector.config.RuleConfig;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The exporter's metrics about itself. Names, types and help texts of jmx_exporter's are kept
 * exactly ({@code jmx_scrape_duration_seconds}, {@code jmx_scrape_error}, {@code
 * jmx_scrape_cached_beans}, {@code jmx_config_reload_success_total}, {@code
 * jmx_config_reload_failure_total}), but they describe the scrape they are part of, not the one
 * before. Added: {@code jmx_scrape_dropped_samples_total{reason}}, {@code jmx_scrape_beans_failed},
 * and (once it happens) {@code jmx_scrape_pattern_aborted_total{rule}}.
 *
 * <pre>{@code
 * SelfMetrics self = new SelfMetrics();
 * self.reloadSucceeded();
 * List<MetricSnapshot> snapshots = self.snapshot(0.012, false, 0, 0);
 * }</pre>
 */
public final class SelfMetrics {

  /** The family names used here; a rule producing one of them is dropped, not merged. */
  public static final Set<String> NAMES =
      Collections.unmodifiableSet(
          new HashSet<>(
              Arrays.asList(
                  "jmx_scrape_duration_seconds",
                  "jmx_scrape_error",
                  "jmx_scrape_cached_beans",
                  "jmx_scrape_beans_failed",
                  "jmx_config_reload_success",
                  "jmx_config_reload_failure",
                  "jmx_scrape_dropped_samples",
                  "jmx_scrape_bean_quarantined",
                  "jmx_scrape_pattern_aborted",
                  "jmx_scrape_family_conflicts")));

  private final AtomicLong reloadSuccess = new AtomicLong();
  private final AtomicLong reloadFailure = new AtomicLong();
  private final Map<DropReason, AtomicLong> dropped = new EnumMap<>(DropReason.class);
  // By "rules[i]": kept across reloads, like the other counters.
  private final Map<String, AtomicLong> patternAborted = new ConcurrentSkipListMap<>();

  public SelfMetrics() {
    for (DropReason reason : DropReason.values()) {
      dropped.put(reason, new AtomicLong());
    }
  }

  public void reloadSucceeded() {
    reloadSuccess.incrementAndGet();
  }

  public void reloadFailed() {
    reloadFailure.incrementAndGet();
  }

  /** Adds one scrape's dropped samples to the running totals. */
  public void addDropped(Map<DropReason, Integer> scrapeDrops) {
    for (Map.Entry<DropReason, Integer> drop : scrapeDrops.entrySet()) {
      dropped.get(drop.getKey()).addAndGet(drop.getValue());
    }
  }

  /** Counts one input on which a rule's regex was given up (it backtracked too long). */
  public void patternAborted(RuleConfig rule) {
    String key = "rules[" + rule.getIndex() + "]";
    AtomicLong count = patternAborted.get(key);
    if (count == null) {
      patternAborted.putIfAbsent(key, new AtomicLong());
      count = patternAborted.get(key);
    }
    count.incrementAndGet();
  }

  public long getReloadSuccessCount() {
    return reloadSuccess.get();
  }

  public long getReloadFailureCount() {
    return reloadFailure.get();
  }

  /** The self-metric families for a scrape that just finished. */
  public List<MetricSnapshot> snapshot(
      double durationSeconds, boolean error, int cachedBeans, int beansFailed) {
    return snapshot(durationSeconds, error, cachedBeans, beansFailed, new ArrayList<String>());
  }

  /**
   * As {@link #snapshot(double, boolean, int, int)}, plus {@code
   * jmx_scrape_bean_quarantined{objectname}} for each bean skipped because its getters hung.
   */
  public List<MetricSnapshot> snapshot(
      double durationSeconds,
      boolean error,
      int cachedBeans,
      int beansFailed,
      List<String> quarantinedBeans) {
    List<MetricSnapshot> result = new ArrayList<>();
    result.add(
        GaugeSnapshot.builder()
            .name("jmx_scrape_duration_seconds")
            .help("Time this JMX scrape took, in seconds.")
            .unit(Unit.SECONDS)
            .dataPoint(gauge(durationSeconds))
            .build());
    result.add(
        GaugeSnapshot.builder()
            .name("jmx_scrape_error")
            .help("Non-zero if this scrape failed.")
            .dataPoint(gauge(error ? 1 : 0))
            .build());
    result.add(
        GaugeSnapshot.builder()
            .name("jmx_scrape_cached_beans")
            .help("Number of beans with their matching rule cached")
            .dataPoint(gauge(cachedBeans))
            .build());
    result.add(
        GaugeSnapshot.builder()
            .name("jmx_scrape_beans_failed")
            .help("MBeans skipped in this scrape because their info could not be read.")
            .dataPoint(gauge(beansFailed))
            .build());
    result.add(
        counter(
            "jmx_config_reload_success",
            "Number of times configuration have successfully been reloaded.",
            reloadSuccess.get()));
    result.add(
        counter(
            "jmx_config_reload_failure",
            "Number of times configuration have failed to be reloaded.",
            reloadFailure.get()));
    CounterSnapshot.Builder drops =
        CounterSnapshot.builder()
            .name("jmx_scrape_dropped_samples")
            .help(
                "Samples left out because they cannot be exposed (jmx_exporter would fail the"
                    + " whole scrape), by reason.");
    for (Map.Entry<DropReason, AtomicLong> drop : dropped.entrySet()) {
      drops.dataPoint(
          CounterSnapshot.CounterDataPointSnapshot.builder()
              .labels(Labels.of("reason", drop.getKey().label()))
              .value(drop.getValue().get())
              .build());
    }
    result.add(drops.build());
    if (!patternAborted.isEmpty()) {
      CounterSnapshot.Builder aborted =
          CounterSnapshot.builder()
              .name("jmx_scrape_pattern_aborted")
              .help(
                  "Inputs on which a rule's pattern was given up because it backtracked too long;"
                      + " the rule did not match them.");
      for (Map.Entry<String, AtomicLong> rule : patternAborted.entrySet()) {
        aborted.dataPoint(
            CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(Labels.of("rule", rule.getKey()))
                .value(rule.getValue().get())
                .build());
      }
      result.add(aborted.build());
    }
    if (!quarantinedBeans.isEmpty()) {
      GaugeSnapshot.Builder quarantined =
          GaugeSnapshot.builder()
              .name("jmx_scrape_bean_quarantined")
              .help(
                  "MBeans skipped because reading them took too long; they are tried again with"
                      + " back-off.");
      for (String bean : quarantinedBeans) {
        quarantined.dataPoint(
            GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .labels(Labels.of("objectname", bean))
                .value(1)
                .build());
      }
      result.add(quarantined.build());
    }
    return result;
  }

  /**
   * The answer for a scrape that could not wait for its target (a deadline passed, no thread was
   * free): the self-metric families with {@code jmx_scrape_error 1} and the time waited since
   * {@code startNanos} ({@link System#nanoTime()}).
   */
  public static MetricSnapshots failedScrape(long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    MetricSnapshots.Builder result = MetricSnapshots.builder();
    for (MetricSnapshot snapshot : new SelfMetrics().snapshot(seconds, true, 0, 0)) {
      result.metricSnapshot(snapshot);
    }
    return result.build();
  }

  /**
   * True when a scrape's snapshots say {@code jmx_scrape_error} non-zero: the scrape could not read
   * its target (or a rule failed).
   */
  public static boolean reportsError(Iterable<MetricSnapshot> snapshots) {
    for (MetricSnapshot snapshot : snapshots) {
      if (snapshot instanceof GaugeSnapshot
          && "jmx_scrape_error".equals(snapshot.getMetadata().getPrometheusName())) {
        for (GaugeSnapshot.GaugeDataPointSnapshot point :
            ((GaugeSnapshot) snapshot).getDataPoints()) {
          if (point.getValue() != 0) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * {@code jmx_scrape_family_conflicts{conflict}} for a scrape whose families disagree within
   * themselves (type, label names, or help where a rule's {@code help:} is involved), or null when
   * none did.
   */
  public static MetricSnapshot conflicts(Map<FamilyConflict, Integer> conflicts) {
    if (conflicts.isEmpty()) {
      return null;
    }
    GaugeSnapshot.Builder gauge =
        GaugeSnapshot.builder()
            .name("jmx_scrape_family_conflicts")
            .help(
                "Families in this scrape whose samples disagree on type (served untyped), label"
                    + " names (kept) or a rule's help (the first kept), by conflict.");
    for (Map.Entry<FamilyConflict, Integer> conflict : conflicts.entrySet()) {
      gauge.dataPoint(
          GaugeSnapshot.GaugeDataPointSnapshot.builder()
              .labels(Labels.of("conflict", conflict.getKey().label()))
              .value(conflict.getValue())
              .build());
    }
    return gauge.build();
  }

  private static GaugeSnapshot.GaugeDataPointSnapshot gauge(double value) {
    return GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build();
  }

  private static CounterSnapshot counter(String name, String help, long value) {
    return CounterSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(value).build())
        .build();
  }
}
