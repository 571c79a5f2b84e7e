package io.github.jmxprom.benchmarks.app;

import java.util.concurrent.TimeUnit;

/** A Kafka timer ({@code LeaderElectionRateAndTimeMs}, {@code LogFlushRateAndTimeMs}). */
public final class JmxTimer extends JmxHistogram implements JmxTimerMBean {

  public JmxTimer(int seed) {
    super(seed);
  }

  @Override
  public double getMeanRate() {
    return Values.rate(seed(), 1);
  }

  @Override
  public double getOneMinuteRate() {
    return Values.rate(seed(), 2);
  }

  @Override
  public double getFiveMinuteRate() {
    return Values.rate(seed(), 3);
  }

  @Override
  public double getFifteenMinuteRate() {
    return Values.rate(seed(), 4);
  }

  @Override
  public String getEventType() {
    return "calls";
  }

  @Override
  public TimeUnit getRateUnit() {
    return TimeUnit.SECONDS;
  }

  @Override
  public TimeUnit getLatencyUnit() {
    return TimeUnit.MILLISECONDS;
  }
}
