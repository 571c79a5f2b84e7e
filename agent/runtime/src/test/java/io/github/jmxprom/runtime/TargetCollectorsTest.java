package io.github.jmxprom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.collector.jmx.MBeanServerSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.MBeanServerConnection;
import org.junit.jupiter.api.RepeatedTest;

/** A remote target's collectors: the JMX collector connects, the JVM metrics use its connection. */
class TargetCollectorsTest {

  /** Opens only when the collector asks for the connection, as a remote JVM's source does. */
  private static final class LazySource implements MBeanServerSource {
    private MBeanServerConnection open;

    @Override
    public MBeanServerConnection connection() {
      open = ManagementFactory.getPlatformMBeanServer();
      return open;
    }

    @Override
    public MBeanServerConnection connectionIfOpen() {
      return open;
    }

    @Override
    public void connectionFailed() {
      open = null;
    }

    @Override
    public String describe() {
      return "lazy";
    }

    @Override
    public void close() {}
  }

  // Repeated: with two registrations the order depended on identity hash codes, so on the run.
  @RepeatedTest(5)
  void theFirstScrapeHasTheJvmMetricsOverTheConnectionTheJmxCollectorOpened() {
    TargetCollectors target =
        TargetCollectors.remote(
            ConfigLoader.load("rules:\n- pattern: 'java.lang<type=Threading><>ThreadCount'\n"),
            config -> new LazySource());
    PrometheusRegistry registry = new PrometheusRegistry();
    target.registerWith(registry);

    MetricSnapshots first = registry.scrape();

    List<String> names = new ArrayList<>();
    for (MetricSnapshot snapshot : first) {
      names.add(snapshot.getMetadata().getName());
    }
    assertThat(names).contains("java_lang_Threading_ThreadCount", "jvm_threads_current");
    target.close();
  }
}
