package io.github.jmxprom.benchmarks.app;

/** Kafka's {@code kafka.server:type=app-info}: strings and one number. */
public interface AppInfoMBean {
  String getVersion();

  String getCommitId();

  Long getStartTimeMs();
}
