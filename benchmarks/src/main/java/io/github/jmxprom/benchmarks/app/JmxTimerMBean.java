package io.github.jmxprom.benchmarks.app;

import java.util.concurrent.TimeUnit;

/** The shape of a Yammer {@code JmxReporter.Timer}: a histogram with rates and units. */
public interface JmxTimerMBean extends JmxHistogramMBean {
  double getMeanRate();

  double getOneMinuteRate();

  double getFiveMinuteRate();

  double getFifteenMinuteRate();

  String getEventType();

  TimeUnit getRateUnit();

  TimeUnit getLatencyUnit();
}
