package io.github.jmxprom.benchmarks.app;

/** The shape of a Yammer {@code JmxReporter.Histogram} (Kafka's request time beans). */
public interface JmxHistogramMBean {
  long getCount();

  double getMin();

  double getMax();

  double getMean();

  double getStdDev();

  double get50thPercentile();

  double get75thPercentile();

  double get95thPercentile();

  double get98thPercentile();

  double get99thPercentile();

  double get999thPercentile();
}
