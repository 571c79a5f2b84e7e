package io.github.jmxprom.benchmarks.app;

/** A Kafka histogram: a count, min/max/mean/stddev and six percentiles. */
public class JmxHistogram implements JmxHistogramMBean {

  private final int seed;

  public JmxHistogram(int seed) {
    this.seed = seed;
  }

  final int seed() {
    return seed;
  }

  @Override
  public long getCount() {
    return Values.count(seed, 0);
  }

  @Override
  public double getMin() {
    return Values.latency(seed, 0) / 4;
  }

  @Override
  public double getMax() {
    return Values.latency(seed, 9);
  }

  @Override
  public double getMean() {
    return Values.latency(seed, 1);
  }

  @Override
  public double getStdDev() {
    return Values.latency(seed, 0) / 3;
  }

  @Override
  public double get50thPercentile() {
    return Values.latency(seed, 1);
  }

  @Override
  public double get75thPercentile() {
    return Values.latency(seed, 2);
  }

  @Override
  public double get95thPercentile() {
    return Values.latency(seed, 3);
  }

  @Override
  public double get98thPercentile() {
    return Values.latency(seed, 4);
  }

  @Override
  public double get99thPercentile() {
    return Values.latency(seed, 5);
  }

  @Override
  public double get999thPercentile() {
    return Values.latency(seed, 8);
  }
}
