package io.github.jmxprom.runtime.jvm;

/**
 * Which names {@link JvmMetrics} gives its families: those of client_java 1.x ({@code
 * prometheus-metrics-instrumentation-jvm}, {@code jvm_memory_used_bytes}, {@code
 * jvm_runtime_info}), those of client_java 0.x ({@code simpleclient_hotspot}, {@code
 * jvm_memory_bytes_used}, {@code jvm_info}) that old dashboards query, or both while dashboards
 * migrate. Families whose name did not change between the two are produced once.
 *
 * <pre>{@code
 * JvmMetrics.builder().connection(() -> connection).names(JvmMetricNames.BOTH).build();
 * }</pre>
 */
public enum JvmMetricNames {
  /** client_java 1.x names, as jmx_exporter 1.x exposes them. */
  CURRENT(true, false),
  /**
   * client_java 0.x ({@code simpleclient_hotspot} 0.16) names, as jmx_exporter 0.x exposed them.
   */
  LEGACY(false, true),
  /** Both sets; a family with the same name in both is produced once. */
  BOTH(true, true);

  private final boolean current;
  private final boolean legacy;

  JvmMetricNames(boolean current, boolean legacy) {
    this.current = current;
    this.legacy = legacy;
  }

  /** True when the client_java 1.x families are produced. */
  public boolean includesCurrent() {
    return current;
  }

  /** True when the client_java 0.x families are produced. */
  public boolean includesLegacy() {
    return legacy;
  }
}
