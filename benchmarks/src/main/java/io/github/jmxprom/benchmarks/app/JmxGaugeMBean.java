package io.github.jmxprom.benchmarks.app;

/** The shape of a Yammer {@code JmxReporter.Gauge} as Kafka registers it: one {@code Value}. */
public interface JmxGaugeMBean {
  Object getValue();
}
