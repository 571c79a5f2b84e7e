package io.github.jmxprom.collector.config;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The validated {@code openTelemetry} section: where and how often to push metrics over OTLP. Its
 * presence turns pushing on; every setting is optional, and a null getter means "not set here", so
 * that client_java's {@code OpenTelemetryExporter} falls back to the {@code OTEL_*} environment
 * variables and its own defaults, as with jmx_exporter.
 *
 * <pre>{@code
 * openTelemetry:
 *   endpoint: http://collector:4317
 *   protocol: grpc
 *   interval: 60
 *   headers: {X-Scope-OrgID: team-a}
 *   serviceName: kafka-broker
 * }</pre>
 *
 * <pre>{@code
 * OpenTelemetryConfig otel = config.getOpenTelemetry();
 * OpenTelemetryExporter.Builder builder = OpenTelemetryExporter.builder();
 * if (otel.getEndpoint() != null) {
 *   builder.endpoint(otel.getEndpoint());
 * }
 * if (otel.getIntervalSeconds() != null) {
 *   builder.intervalSeconds(otel.getIntervalSeconds());
 * }
 * otel.getHeaders().forEach(builder::header);
 * }</pre>
 */
public final class OpenTelemetryConfig {

  private static final List<String> KEYS =
      Arrays.asList(
          "endpoint",
          "protocol",
          "interval",
          "timeoutSeconds",
          "preserveNames",
          "headers",
          "resourceAttributes",
          "serviceInstanceId",
          "serviceNamespace",
          "serviceName",
          "serviceVersion");
  private static final List<String> PROTOCOLS = Arrays.asList("grpc", "http/protobuf");

  private static final OpenTelemetryConfig DEFAULTS =
      new OpenTelemetryConfig(
          null,
          null,
          null,
          null,
          null,
          Collections.<String, String>emptyMap(),
          Collections.<String, String>emptyMap(),
          null,
          null,
          null,
          null);

  private final String endpoint;
  private final String protocol;
  private final Integer intervalSeconds;
  private final Integer timeoutSeconds;
  private final Boolean preserveNames;
  private final Map<String, String> headers;
  private final Map<String, String> resourceAttributes;
  private final String serviceInstanceId;
  private final String serviceNamespace;
  private final String serviceName;
  private final String serviceVersion;

  private OpenTelemetryConfig(
      String endpoint,
      String protocol,
      Integer intervalSeconds,
      Integer timeoutSeconds,
      Boolean preserveNames,
      Map<String, String> headers,
      Map<String, String> resourceAttributes,
      String serviceInstanceId,
      String serviceNamespace,
      String serviceName,
      String serviceVersion) {
    this.endpoint = endpoint;
    this.protocol = protocol;
    this.intervalSeconds = intervalSeconds;
    this.timeoutSeconds = timeoutSeconds;
    this.preserveNames = preserveNames;
    this.headers = headers;
    this.resourceAttributes = resourceAttributes;
    this.serviceInstanceId = serviceInstanceId;
    this.serviceNamespace = serviceNamespace;
    this.serviceName = serviceName;
    this.serviceVersion = serviceVersion;
  }

  /** Reads an {@code openTelemetry} node; an empty one ({@code openTelemetry:}) sets nothing. */
  static OpenTelemetryConfig read(ConfigNode node) {
    if (node == null || node.isNull()) {
      return DEFAULTS;
    }
    Map<String, ConfigNode> keys = node.mapping(KEYS);
    String endpoint = keys.containsKey("endpoint") ? endpoint(keys.get("endpoint")) : null;
    String protocol = keys.containsKey("protocol") ? protocol(keys.get("protocol")) : null;
    Integer interval = keys.containsKey("interval") ? seconds(keys.get("interval")) : null;
    Integer timeout =
        keys.containsKey("timeoutSeconds") ? seconds(keys.get("timeoutSeconds")) : null;
    Boolean preserveNames =
        keys.containsKey("preserveNames") ? SectionValues.bool(keys.get("preserveNames")) : null;
    // Header values often carry tokens, so their errors never show them.
    Map<String, String> headers =
        keys.containsKey("headers")
            ? SectionValues.stringMap(keys.get("headers"), true)
            : Collections.<String, String>emptyMap();
    Map<String, String> resourceAttributes =
        keys.containsKey("resourceAttributes")
            ? SectionValues.stringMap(keys.get("resourceAttributes"), false)
            : Collections.<String, String>emptyMap();
    return new OpenTelemetryConfig(
        endpoint,
        protocol,
        interval,
        timeout,
        preserveNames,
        headers,
        resourceAttributes,
        optionalNonBlank(keys.get("serviceInstanceId")),
        optionalNonBlank(keys.get("serviceNamespace")),
        optionalNonBlank(keys.get("serviceName")),
        optionalNonBlank(keys.get("serviceVersion")));
  }

  private static String optionalNonBlank(ConfigNode node) {
    return node == null ? null : SectionValues.nonBlank(node);
  }

  private static String endpoint(ConfigNode node) {
    String text = SectionValues.nonBlank(node).trim();
    try {
      URL url = URI.create(text).toURL();
      if ((url.getProtocol().equals("http") || url.getProtocol().equals("https"))
          && !url.getHost().isEmpty()) {
        return text;
      }
    } catch (IllegalArgumentException | MalformedURLException e) {
      // reported below
    }
    throw node.error(
        "expected an http:// or https:// URL such as http://localhost:4317, got \"" + text + "\"");
  }

  private static String protocol(ConfigNode node) {
    String text = SectionValues.nonBlank(node).trim();
    if (PROTOCOLS.contains(text)) {
      return text;
    }
    String suggestion = Suggestions.closest(text, PROTOCOLS);
    throw node.error(
        "unsupported protocol \""
            + text
            + "\""
            + (suggestion == null
                ? "; expected grpc or http/protobuf"
                : ", did you mean '" + suggestion + "'?"));
  }

  private static Integer seconds(ConfigNode node) {
    return SectionValues.integer(node, 1);
  }

  /** OTLP endpoint URL, or null for client_java's default (env var or localhost). */
  public String getEndpoint() {
    return endpoint;
  }

  /** {@code grpc} or {@code http/protobuf}, or null. */
  public String getProtocol() {
    return protocol;
  }

  /** Push interval in seconds ({@code interval}), or null. */
  public Integer getIntervalSeconds() {
    return intervalSeconds;
  }

  /** Push timeout in seconds, or null. */
  public Integer getTimeoutSeconds() {
    return timeoutSeconds;
  }

  /** Whether to keep Prometheus-style metric names in OTLP, or null. */
  public Boolean getPreserveNames() {
    return preserveNames;
  }

  /** Extra request headers, in file order; empty when none. */
  public Map<String, String> getHeaders() {
    return headers;
  }

  /** OpenTelemetry resource attributes, in file order; empty when none. */
  public Map<String, String> getResourceAttributes() {
    return resourceAttributes;
  }

  public String getServiceInstanceId() {
    return serviceInstanceId;
  }

  public String getServiceNamespace() {
    return serviceNamespace;
  }

  public String getServiceName() {
    return serviceName;
  }

  public String getServiceVersion() {
    return serviceVersion;
  }

  @Override
  public String toString() {
    // Header values are left out: they often carry credentials.
    return "OpenTelemetryConfig{endpoint="
        + endpoint
        + ", protocol="
        + protocol
        + ", intervalSeconds="
        + intervalSeconds
        + ", timeoutSeconds="
        + timeoutSeconds
        + ", preserveNames="
        + preserveNames
        + ", headers="
        + headers.keySet()
        + ", resourceAttributes="
        + resourceAttributes
        + ", serviceInstanceId="
        + serviceInstanceId
        + ", serviceNamespace="
        + serviceNamespace
        + ", serviceName="
        + serviceName
        + ", serviceVersion="
        + serviceVersion
        + "}";
  }
}
