package io.github.jmxprom.runtime.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import org.junit.jupiter.api.Test;

/** JvmMetrics over platform-shaped fake MXBeans with fixed values: the exact output. */
class JvmMetricsTest {

  @Test
  void currentNamesAreThoseOfClientJava1() {
    assertThat(text(JvmMetricNames.CURRENT, FakeJvm.linux()))
        .isEqualTo(
            """
            """);
  }

  static String text(JvmMetricNames names, MBeanServerConnection server) {
    return text(collect(names, server));
  }

  static MetricSnapshots collect(JvmMetricNames names, MBeanServerConnection server) {
    return JvmMetrics.builder().connection(() -> server).names(names).build().collect();
  }

  static String text(MetricSnapshots snapshots) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, snapshots);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static Set<String> names(MetricSnapshots snapshots) {
    Set<String> names = new TreeSet<>();
    for (MetricSnapshot snapshot : snapshots) {
      names.add(snapshot.getMetadata().getName());
    }
    return names;
  }
}
