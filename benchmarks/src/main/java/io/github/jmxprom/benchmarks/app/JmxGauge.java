package io.github.jmxprom.benchmarks.app;

/** A Kafka gauge: {@code Value} typed {@code Object}, holding a Long, Integer, Double or String. */
public final class JmxGauge implements JmxGaugeMBean {

  /** What the gauge holds. */
  public enum Kind {
    LONG,
    INT,
    DOUBLE,
    FRACTION,
    STRING
  }

  private final int seed;
  private final Kind kind;

  public JmxGauge(int seed, Kind kind) {
    this.seed = seed;
    this.kind = kind;
  }

  @Override
  public Object getValue() {
    switch (kind) {
      case LONG:
        return Values.count(seed, 0);
      case INT:
        return Values.small(seed, 0);
      case DOUBLE:
        return Values.rate(seed, 0);
      case FRACTION:
        return Values.fraction(seed, 0);
      default:
        return "cluster-" + (seed % 3);
    }
  }
}
