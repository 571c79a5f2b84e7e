package io.github.jmxprom.runtime.otel;

import io.github.jmxprom.collector.config.ConfigException;
import io.github.jmxprom.collector.config.OpenTelemetryConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Pushes the registry over OTLP, as jmx_exporter 1.x does when the config has an {@code
 * openTelemetry:} section, with client_java's OpenTelemetry exporter. Settings left out of the
 * section come from the standard {@code OTEL_*} environment variables and client_java's defaults;
 * each push is a full scrape.
 *
 * <pre>{@code
 * AutoCloseable push = OpenTelemetryPush.start(config.getOpenTelemetry(), registry);
 * }</pre>
 */
public final class OpenTelemetryPush {

  private OpenTelemetryPush() {}

  /**
   * Refuses settings the push cannot honour, before anything starts (the agent calls this in {@code
   * premain}); {@code config} may be null.
   */
  public static void check(OpenTelemetryConfig config) {
    if (config != null && Boolean.TRUE.equals(config.getPreserveNames())) {
      throw new ConfigException(
          "openTelemetry.preserveNames: not supported by the OTLP exporter jmxprom ships"
              + " (client_java 1.5); remove the key");
    }
  }

  /** Starts pushing; {@code config} may be null for an empty section (all defaults). */
  public static AutoCloseable start(OpenTelemetryConfig config, PrometheusRegistry registry) {
    check(config);
    return OpenTelemetryClasses.start(config, registry);
  }
}
