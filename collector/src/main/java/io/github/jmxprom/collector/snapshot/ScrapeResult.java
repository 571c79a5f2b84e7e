package io.github.jmxprom.collector.snapshot;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Collections;
import java.util.List;

/**
 * What one scrape of the JMX collector produced: the families made by the rules, sorted by name,
 * and the exporter's self-metrics as client_java snapshots. {@link #toMetricSnapshots()} gives the
 * same as {@code JmxCollector.collect()}; the exporter's HTTP endpoint writes the families directly
 * instead.
 *
 * <pre>{@code
 * ScrapeResult result = collector.scrape();
 * MetricSnapshots snapshots = result.toMetricSnapshots();
 * }</pre>
 */
public final class ScrapeResult {

  private final List<Family> families;
  private final MetricSnapshots selfMetrics;

  /** {@code families} sorted by name, without names that {@code selfMetrics} has. */
  public ScrapeResult(List<Family> families, MetricSnapshots selfMetrics) {
    this.families = Collections.unmodifiableList(families);
    this.selfMetrics = selfMetrics;
  }

  /** The families the rules made, sorted by name. */
  public List<Family> getFamilies() {
    return families;
  }

  /** The self-metrics ({@code jmx_scrape_*}, {@code jmx_config_reload_*}). */
  public MetricSnapshots getSelfMetrics() {
    return selfMetrics;
  }

  /** Everything as client_java snapshots. */
  public MetricSnapshots toMetricSnapshots() {
    MetricSnapshots.Builder all = MetricSnapshots.builder();
    for (Family family : families) {
      all.metricSnapshot(family.toSnapshot());
    }
    for (MetricSnapshot snapshot : selfMetrics) {
      all.metricSnapshot(snapshot);
    }
    return all.build();
  }

  /**
   * The snapshots of all {@code parts} as one, sorted by name as client_java's registry scrape is:
   * its writers take one {@link MetricSnapshots}, and an exporter serves the JMX families next to
   * other collectors' (JVM metrics, self-metrics). Names in two parts are client_java's to accept
   * or refuse, as in one registry.
   */
  public static MetricSnapshots merge(MetricSnapshots... parts) {
    MetricSnapshots.Builder all = MetricSnapshots.builder();
    for (MetricSnapshots part : parts) {
      for (MetricSnapshot snapshot : part) {
        all.metricSnapshot(snapshot);
      }
    }
    return all.build();
  }
}
