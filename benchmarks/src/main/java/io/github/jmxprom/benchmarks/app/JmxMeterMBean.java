package io.github.jmxprom.benchmarks.app;

import java.util.concurrent.TimeUnit;

/** The shape of a Yammer {@code JmxReporter.Meter} ({@code ...PerSec} beans in Kafka). */
public interface JmxMeterMBean {
  long getCount();

  double getMeanRate();

  double getOneMinuteRate();

  double getFiveMinuteRate();

  double getFifteenMinuteRate();

  String getEventType();

  TimeUnit getRateUnit();
}
