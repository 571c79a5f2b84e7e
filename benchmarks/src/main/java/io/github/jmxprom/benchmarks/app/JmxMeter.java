package io.github.jmxprom.benchmarks.app;

import java.util.concurrent.TimeUnit;

/** A Kafka meter: a count, four rates, and two attributes no exporter can turn into a number. */
public final class JmxMeter implements JmxMeterMBean {

  private final int seed;

  public JmxMeter(int seed) {
    this.seed = seed;
  }

  @Override
  public long getCount() {
    return Values.count(seed, 0);
  }

  @Override
  public double getMeanRate() {
    return Values.rate(seed, 1);
  }

  @Override
  public double getOneMinuteRate() {
    return Values.rate(seed, 2);
  }

  @Override
  public double getFiveMinuteRate() {
    return Values.rate(seed, 3);
  }

  @Override
  public double getFifteenMinuteRate() {
    return Values.rate(seed, 4);
  }

  @Override
  public String getEventType() {
    return "requests";
  }

  @Override
  public TimeUnit getRateUnit() {
    return TimeUnit.SECONDS;
  }
}
