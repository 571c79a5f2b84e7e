package io.github.jmxprom.collector.config;

/**
 * Which names the agent and standalone scraper give JVM metrics ({@code jvmMetricNames:}): those of
 * client_java 1.x and jmx_exporter 1.x ({@code jvm_memory_used_bytes}, the default), those of
 * client_java 0.x and jmx_exporter 0.x ({@code jvm_memory_bytes_used}) for old dashboards, or both
 * while dashboards migrate.
 *
 * <pre>{@code
 * jvmMetricNames: both     # 1.x, 0.x or both
 * }</pre>
 */
public enum JvmMetricNaming {
  V1("1.x"),
  V0("0.x"),
  BOTH("both");

  private final String configValue;

  JvmMetricNaming(String configValue) {
    this.configValue = configValue;
  }

  /** The value as written in the config file. */
  public String configValue() {
    return configValue;
  }

  static JvmMetricNaming parse(ConfigNode node) {
    String text = node.scalarText().trim();
    for (JvmMetricNaming naming : values()) {
      if (naming.configValue.equalsIgnoreCase(text)) {
        return naming;
      }
    }
    throw node.error("expected 1.x, 0.x or both, got " + node.describe());
  }
}
