package io.github.jmxprom.collector.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.ObjectName;

/**
 * A validated, immutable collector configuration: every key jmx_exporter 1.x reads, plus the {@code
 * httpServer} and {@code openTelemetry} sections for the agent and standalone scraper. Produced by
 * {@link ConfigLoader}; never changed afterwards (a reload makes a new one).
 *
 * <pre>{@code
 * CollectorConfig config = ConfigLoader.load(Paths.get("tomcat.yaml"));
 * if (config.isRemote()) {
 *   System.out.println("reading " + config.getJmxUrl());
 * }
 * }</pre>
 */
public final class CollectorConfig {

  private final String source;
  private final int startDelaySeconds;
  private final String jmxUrl;
  private final String username;
  private final String password;
  private final JmxSslConfig ssl;
  private final boolean lowercaseOutputName;
  private final boolean lowercaseOutputLabelNames;
  private final boolean inferCounterTypeFromName;
  private final List<ObjectName> includeObjectNames;
  private final List<ObjectName> excludeObjectNames;
  private final boolean excludeJvmMetrics;
  private final JvmMetricNaming jvmMetricNaming;
  private final Map<ObjectName, Set<String>> includeObjectNameAttributes;
  private final Map<ObjectName, Set<String>> excludeObjectNameAttributes;
  private final boolean autoExcludeObjectNameAttributes;
  private final List<RuleConfig> rules;
  private final List<MetricCustomizerConfig> metricCustomizers;
  private final HttpServerConfig httpServer;
  private final OpenTelemetryConfig openTelemetry;
  private final boolean openTelemetryPresent;
  private final List<String> warnings;
  private final ProbeConfig probe;

  private CollectorConfig(Builder b) {
    this.source = b.source;
    this.startDelaySeconds = b.startDelaySeconds;
    this.jmxUrl = b.jmxUrl;
    this.username = b.username;
    this.password = b.password;
    this.ssl = b.ssl;
    this.lowercaseOutputName = b.lowercaseOutputName;
    this.lowercaseOutputLabelNames = b.lowercaseOutputLabelNames;
    this.inferCounterTypeFromName = b.inferCounterTypeFromName;
    this.includeObjectNames =
        b.includeObjectNames == null ? null : Collections.unmodifiableList(b.includeObjectNames);
    this.excludeObjectNames = Collections.unmodifiableList(b.excludeObjectNames);
    this.excludeJvmMetrics = b.excludeJvmMetrics;
    this.jvmMetricNaming = b.jvmMetricNaming;
    this.includeObjectNameAttributes = Collections.unmodifiableMap(b.includeObjectNameAttributes);
    this.excludeObjectNameAttributes = Collections.unmodifiableMap(b.excludeObjectNameAttributes);
    this.autoExcludeObjectNameAttributes = b.autoExcludeObjectNameAttributes;
    this.rules = Collections.unmodifiableList(b.rules);
    this.metricCustomizers = Collections.unmodifiableList(b.metricCustomizers);
    this.httpServer = b.httpServer;
    this.openTelemetry = b.openTelemetry;
    this.openTelemetryPresent = b.openTelemetryPresent;
    this.warnings = Collections.unmodifiableList(b.warnings);
    this.probe = b.probe;
  }

  /** A copy for another target: see {@link #forTarget(String)}. */
  private CollectorConfig(CollectorConfig o, String jmxUrl) {
    this.source = o.source;
    this.startDelaySeconds = o.startDelaySeconds;
    this.jmxUrl = jmxUrl;
    this.username = o.username;
    this.password = o.password;
    this.ssl = o.ssl;
    this.lowercaseOutputName = o.lowercaseOutputName;
    this.lowercaseOutputLabelNames = o.lowercaseOutputLabelNames;
    this.inferCounterTypeFromName = o.inferCounterTypeFromName;
    this.includeObjectNames = o.includeObjectNames;
    this.excludeObjectNames = o.excludeObjectNames;
    this.excludeJvmMetrics = o.excludeJvmMetrics;
    this.jvmMetricNaming = o.jvmMetricNaming;
    this.includeObjectNameAttributes = o.includeObjectNameAttributes;
    this.excludeObjectNameAttributes = o.excludeObjectNameAttributes;
    this.autoExcludeObjectNameAttributes = o.autoExcludeObjectNameAttributes;
    this.rules = o.rules;
    this.metricCustomizers = o.metricCustomizers;
    this.httpServer = o.httpServer;
    this.openTelemetry = o.openTelemetry;
    this.openTelemetryPresent = o.openTelemetryPresent;
    // Shown once when the file was loaded; a probe's collector must not log them again.
    this.warnings = Collections.emptyList();
    this.probe = ProbeConfig.NONE;
  }

  /**
   * The same collector settings (rules, filters, credentials, TLS) for another JVM: a module of a
   * {@code /probe} applied to its target. {@code jmxUrl} is the target's JMX service URL; the copy
   * has no warnings (they were shown at load) and no multi-target part.
   */
  public CollectorConfig forTarget(String jmxUrl) {
    return new CollectorConfig(this, jmxUrl);
  }

  /** Where the config came from: a file path, or a description such as {@code <string>}. */
  public String getSource() {
    return source;
  }

  public int getStartDelaySeconds() {
    return startDelaySeconds;
  }

  /** The remote JMX service URL ({@code hostPort} turned into an RMI URL), or "" for local. */
  public String getJmxUrl() {
    return jmxUrl;
  }

  public boolean isRemote() {
    return !jmxUrl.isEmpty();
  }

  /** Remote user name after {@code ${VAR}} substitution, "" when not set. */
  public String getUsername() {
    return username;
  }

  /** Remote password after {@code ${VAR}} substitution, "" when not set. */
  public String getPassword() {
    return password;
  }

  public JmxSslConfig getSsl() {
    return ssl;
  }

  public boolean isLowercaseOutputName() {
    return lowercaseOutputName;
  }

  public boolean isLowercaseOutputLabelNames() {
    return lowercaseOutputLabelNames;
  }

  public boolean isInferCounterTypeFromName() {
    return inferCounterTypeFromName;
  }

  /** ObjectName patterns to query, or null for every bean. An empty list selects nothing. */
  public List<ObjectName> getIncludeObjectNames() {
    return includeObjectNames;
  }

  public List<ObjectName> getExcludeObjectNames() {
    return excludeObjectNames;
  }

  public boolean isExcludeJvmMetrics() {
    return excludeJvmMetrics;
  }

  /** Names of the agent's and standalone scraper's JVM metrics ({@code jvmMetricNames}). */
  public JvmMetricNaming getJvmMetricNaming() {
    return jvmMetricNaming;
  }

  /** When not empty, only these exact beans and attributes are read. */
  public Map<ObjectName, Set<String>> getIncludeObjectNameAttributes() {
    return includeObjectNameAttributes;
  }

  public Map<ObjectName, Set<String>> getExcludeObjectNameAttributes() {
    return excludeObjectNameAttributes;
  }

  public boolean isAutoExcludeObjectNameAttributes() {
    return autoExcludeObjectNameAttributes;
  }

  /** The rules in order; a config without {@code rules:} has one catch-all default rule. */
  public List<RuleConfig> getRules() {
    return rules;
  }

  public List<MetricCustomizerConfig> getMetricCustomizers() {
    return metricCustomizers;
  }

  /** The {@code httpServer} section, or null when absent. */
  public HttpServerConfig getHttpServer() {
    return httpServer;
  }

  /** The {@code openTelemetry} section, or null when absent (an empty one gives defaults). */
  public OpenTelemetryConfig getOpenTelemetry() {
    return openTelemetry;
  }

  /** True when the file has an {@code openTelemetry} key, even an empty one. */
  public boolean isOpenTelemetryEnabled() {
    return openTelemetryPresent;
  }

  /**
   * Things that load but probably do not do what the author meant (e.g. {@code type: gauge}, which
   * jmx_exporter and jmxprom export as untyped). Printed by the agent at start.
   */
  public List<String> getWarnings() {
    return warnings;
  }

  /** The multi-target part ({@code modules}, {@code targets}, ...); never null. */
  public ProbeConfig getProbe() {
    return probe;
  }

  static final class Builder {
    String source = "<config>";
    int startDelaySeconds;
    String jmxUrl = "";
    String username = "";
    String password = "";
    JmxSslConfig ssl = JmxSslConfig.DISABLED;
    boolean lowercaseOutputName;
    boolean lowercaseOutputLabelNames;
    boolean inferCounterTypeFromName;
    List<ObjectName> includeObjectNames;
    List<ObjectName> excludeObjectNames = new ArrayList<>();
    boolean excludeJvmMetrics;
    JvmMetricNaming jvmMetricNaming = JvmMetricNaming.V1;
    Map<ObjectName, Set<String>> includeObjectNameAttributes = new LinkedHashMap<>();
    Map<ObjectName, Set<String>> excludeObjectNameAttributes = new LinkedHashMap<>();
    boolean autoExcludeObjectNameAttributes = true;
    List<RuleConfig> rules = new ArrayList<>();
    List<MetricCustomizerConfig> metricCustomizers = new ArrayList<>();
    HttpServerConfig httpServer;
    OpenTelemetryConfig openTelemetry;
    boolean openTelemetryPresent;
    List<String> warnings = new ArrayList<>();
    ProbeConfig probe = ProbeConfig.NONE;

    CollectorConfig build() {
      return new CollectorConfig(this);
    }
  }
}
