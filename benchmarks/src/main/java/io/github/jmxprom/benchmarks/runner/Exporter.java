package io.github.jmxprom.benchmarks.runner;

import java.nio.file.Path;

/** The two exporters compared, with the jar names the build copies into target/jars. */
enum Exporter {
  JMX_EXPORTER(
      "jmx_exporter 1.0.1", "jmx_prometheus_javaagent.jar", "jmx_prometheus_httpserver.jar"),
  JMXPROM("jmxprom", "jmxprom-javaagent.jar", "jmxprom-standalone.jar");

  private final String label;
  private final String agentJar;
  private final String standaloneJar;

  Exporter(String label, String agentJar, String standaloneJar) {
    this.label = label;
    this.agentJar = agentJar;
    this.standaloneJar = standaloneJar;
  }

  String label() {
    return label;
  }

  Path agentJar(Options options) {
    return options.jars().resolve(agentJar);
  }

  Path standaloneJar(Options options) {
    return options.jars().resolve(standaloneJar);
  }

  /** The other exporter. */
  Exporter other() {
    return this == JMX_EXPORTER ? JMXPROM : JMX_EXPORTER;
  }
}
