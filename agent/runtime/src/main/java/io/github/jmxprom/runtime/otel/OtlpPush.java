package io.github.jmxprom.runtime.otel;

import io.github.jmxprom.collector.config.OpenTelemetryConfig;
import io.prometheus.metrics.exporter.opentelemetry.OpenTelemetryExporter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;

/**
 * The push itself, with client_java's OpenTelemetry exporter; called through {@link
 * OpenTelemetryPush}, which finds this class (in the java agent, in the nested jar of the
 * OpenTelemetry classes, see {@link OpenTelemetryClasses}).
 */
public final class OtlpPush {

  private OtlpPush() {}

  /** Starts pushing; {@code config} may be null for an empty section (all defaults). */
  public static AutoCloseable start(OpenTelemetryConfig config, PrometheusRegistry registry) {
    OpenTelemetryExporter.Builder builder = OpenTelemetryExporter.builder().registry(registry);
    if (config != null) {
      if (config.getEndpoint() != null) {
        builder.endpoint(config.getEndpoint());
      }
      if (config.getProtocol() != null) {
        builder.protocol(config.getProtocol());
      }
      if (config.getIntervalSeconds() != null) {
        builder.intervalSeconds(config.getIntervalSeconds());
      }
      if (config.getTimeoutSeconds() != null) {
        builder.timeoutSeconds(config.getTimeoutSeconds());
      }
      for (Map.Entry<String, String> header : config.getHeaders().entrySet()) {
        builder.header(header.getKey(), header.getValue());
      }
      for (Map.Entry<String, String> attribute : config.getResourceAttributes().entrySet()) {
        builder.resourceAttribute(attribute.getKey(), attribute.getValue());
      }
      if (config.getServiceName() != null) {
        builder.serviceName(config.getServiceName());
      }
      if (config.getServiceNamespace() != null) {
        builder.serviceNamespace(config.getServiceNamespace());
      }
      if (config.getServiceInstanceId() != null) {
        builder.serviceInstanceId(config.getServiceInstanceId());
      }
      if (config.getServiceVersion() != null) {
        builder.serviceVersion(config.getServiceVersion());
      }
    }
    return builder.buildAndStart();
  }
}
