package io.github.jmxprom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.collector.jmx.MBeanServerSource;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A rule that makes a family the JVM metrics also make (here {@code jvm_memory_used_bytes} and
 * {@code jvm_threads_started_total}) would make client_java's registry refuse the whole scrape
 * (duplicate metric name). The rule's family is dropped, the JVM metrics' one is served, and the
 * drop is counted as {@code jmx_scrape_dropped_samples_total{reason="name_clash"}}.
 */
class JvmNameClashTest {

  @Test
  void aRuleNamedLikeAJvmMetricIsDroppedAndTheScrapeSucceeds() throws Exception {
    String yaml =
        """
        rules:
        - pattern: 'java.lang<type=Memory><HeapMemoryUsage>used'
          name: jvm_memory_used_bytes
          labels: {area: heap}
        - pattern: 'java.lang<type=Threading><>TotalStartedThreadCount'
          name: jvm_threads_started_total
          type: COUNTER
        """;
    MBeanServerSource platform = MBeanServerSource.of(ManagementFactory.getPlatformMBeanServer());
    TargetCollectors target = TargetCollectors.remote(ConfigLoader.load(yaml), c -> platform);
    PrometheusRegistry registry = new PrometheusRegistry();
    target.registerWith(registry);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
      String text = out.toString(StandardCharsets.UTF_8);

      assertThat(text)
          .containsOnlyOnce("# TYPE jvm_memory_used_bytes gauge\n")
          .containsOnlyOnce("# TYPE jvm_threads_started_total counter\n")
          .contains("jvm_memory_used_bytes{area=\"nonheap\"}")
          .contains("jmx_scrape_error 0.0\n")
          .contains("jmx_scrape_dropped_samples_total{reason=\"name_clash\"} 2.0\n");
    } finally {
      target.close();
    }
  }
}
