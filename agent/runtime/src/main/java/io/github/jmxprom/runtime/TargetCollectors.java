package io.github.jmxprom.runtime;

import io.github.jmxprom.collector.JmxCollector;
import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.jmx.MBeanServerSource;
import io.github.jmxprom.collector.snapshot.ScrapeResult;
import io.github.jmxprom.runtime.jvm.JvmMetricNames;
import io.github.jmxprom.runtime.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import javax.management.MBeanServerConnection;

/**
 * What describes one remote JVM: the JMX collector with the config's rules and, unless {@code
 * excludeJvmMetrics}, the JVM metrics read over the same connection. The standalone scraper builds
 * one for its {@code hostPort}, and {@code /probe} one per pooled (target, module).
 *
 * <pre>{@code
 * TargetCollectors target =
 *     TargetCollectors.remote(config.forTarget(url), JmxCollector::defaultSource);
 * PrometheusRegistry registry = new PrometheusRegistry();
 * target.registerWith(registry);
 * MetricSnapshots snapshots = registry.scrape();
 * target.close();
 * }</pre>
 */
public final class TargetCollectors implements Closeable {

  private final JmxCollector collector;
  private final JvmMetrics jvm;

  private TargetCollectors(JmxCollector collector, JvmMetrics jvm) {
    this.collector = collector;
    this.jvm = jvm;
  }

  /**
   * A JVM read through the source {@code sources} makes for {@code config}; JVM metrics come over
   * the same connection. Nothing connects until the first scrape.
   */
  public static TargetCollectors remote(CollectorConfig config, MBeanServerSource.Factory sources) {
    JmxCollector collector =
        JmxCollector.builder()
            .config(config)
            .sourceFactory(sources)
            .reservedNames(reservedNames(config))
            .build();
    return new TargetCollectors(collector, jvmMetrics(config, overSource(collector)));
  }

  /**
   * Family names other collectors of an exporter's registry produce (build info, JVM metrics), so
   * that a rule making one of them is dropped and counted instead of failing every scrape.
   */
  static Set<String> reservedNames(CollectorConfig config) {
    Set<String> reserved = new HashSet<>();
    reserved.add(BuildInfo.FAMILY);
    if (!config.isExcludeJvmMetrics()) {
      reserved.addAll(JvmMetrics.familyNames(jvmNames(config)));
    }
    return reserved;
  }

  /** The JVM metrics the config asks for, read over {@code connection}; null when excluded. */
  static JvmMetrics jvmMetrics(CollectorConfig config, Supplier<MBeanServerConnection> connection) {
    if (config.isExcludeJvmMetrics()) {
      return null;
    }
    return JvmMetrics.builder().connection(connection).names(jvmNames(config)).build();
  }

  static JvmMetricNames jvmNames(CollectorConfig config) {
    switch (config.getJvmMetricNaming()) {
      case V0:
        return JvmMetricNames.LEGACY;
      case BOTH:
        return JvmMetricNames.BOTH;
      default:
        return JvmMetricNames.CURRENT;
    }
  }

  /**
   * The connection the collector opened, for the JVM metrics; null (no JVM metrics this scrape)
   * when it has none: after the collector failed to connect, a second attempt in the same scrape
   * would only double the time a scrape of a lost target takes.
   */
  static Supplier<MBeanServerConnection> overSource(final JmxCollector collector) {
    return () -> {
      try {
        return collector.getSource().connectionIfOpen();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  /**
   * Registers the collectors as one, so that the JMX collector runs first: it makes the connection
   * attempts (and reports their failures); the JVM metrics then use the connection it opened. (Two
   * registrations would not do: client_java's registry keeps its collectors in a hash set, and the
   * order it scrapes them in is not the order they were registered in.)
   */
  public void registerWith(PrometheusRegistry registry) {
    final CoalescingCollector jmx = new CoalescingCollector(collector::scrape);
    registry.register(
        new MultiCollector() {
          @Override
          public MetricSnapshots collect() {
            MetricSnapshots first = jmx.collect();
            return jvm == null ? first : ScrapeResult.merge(first, jvm.collect());
          }
        });
  }

  public JmxCollector getCollector() {
    return collector;
  }

  /** Closes the connection and the JVM metrics' resources. */
  @Override
  public void close() {
    if (jvm != null) {
      jvm.close();
    }
    collector.close();
  }
}
