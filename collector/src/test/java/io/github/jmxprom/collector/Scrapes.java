package io.github.jmxprom.collector;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.management.MBeanServerConnection;

/** Test helper: scrape a config against an MBeanServer and render Prometheus text. */
public final class Scrapes {

  private Scrapes() {}

  /** The exposition without the {@code jmx_*} self-metrics. */
  public static String text(String yaml, MBeanServerConnection server) {
    return text(collector(yaml, server).collect(), false);
  }

  public static JmxCollector collector(String yaml, MBeanServerConnection server) {
    return JmxCollector.builder().configYaml(yaml).mbeanServer(server).build();
  }

  /** Renders snapshots, optionally keeping the self-metrics. */
  public static String text(MetricSnapshots snapshots, boolean withSelfMetrics) {
    MetricSnapshots.Builder kept = MetricSnapshots.builder();
    for (MetricSnapshot s : snapshots) {
      if (withSelfMetrics || !s.getMetadata().getName().startsWith("jmx_")) {
        kept.metricSnapshot(s);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, kept.build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
