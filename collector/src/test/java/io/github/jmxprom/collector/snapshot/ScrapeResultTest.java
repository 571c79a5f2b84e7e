package io.github.jmxprom.collector.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Snapshots of several collectors served as one, in the order client_java's registry gives. */
class ScrapeResultTest {

  @Test
  void mergedPartsAreSortedByName() {
    MetricSnapshots merged =
        ScrapeResult.merge(
            MetricSnapshots.of(gauge("kafka_messages"), gauge("tomcat_sessions")),
            MetricSnapshots.of(gauge("jmx_scrape_error"), gauge("zookeeper_znodes")),
            MetricSnapshots.of());

    List<String> names = new ArrayList<>();
    for (MetricSnapshot snapshot : merged) {
      names.add(snapshot.getMetadata().getPrometheusName());
    }
    assertThat(names)
        .containsExactly(
            "jmx_scrape_error", "kafka_messages", "tomcat_sessions", "zookeeper_znodes");
  }

  private static GaugeSnapshot gauge(String name) {
    return GaugeSnapshot.builder()
        .name(name)
        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(1).build())
        .build();
  }
}
