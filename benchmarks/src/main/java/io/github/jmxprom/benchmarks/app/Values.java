package io.github.jmxprom.benchmarks.app;

/**
 * The attribute values of the synthetic target: a pure function of the bean's seed, the attribute's
 * index and the current epoch. Two target JVMs with the same arguments and the same epoch therefore
 * serve exactly the same values, which is what the output-equality check needs; advancing the epoch
 * (the runner does this before every measured scrape) changes every value, so an exporter cannot
 * serve stale values and still look equal.
 */
public final class Values {

  private static volatile long epoch;

  private Values() {}

  /** The current epoch; starts at 0. */
  public static long epoch() {
    return epoch;
  }

  static void advance() {
    epoch++;
  }

  /** A monotonically growing count. */
  public static long count(int seed, int attribute) {
    return (seed * 97L + attribute * 13L) * 10L + epoch * (attribute + 1L);
  }

  /** A small gauge-like integer. */
  public static int small(int seed, int attribute) {
    return (int) ((seed * 31L + attribute * 7L + epoch) % 200L);
  }

  /** A rate with a fraction that needs all digits of a double (a third). */
  public static double rate(int seed, int attribute) {
    return ((seed * 31L + attribute * 7L) % 1000L) / 3.0 + epoch * 0.25;
  }

  /** A latency-like value in milliseconds that grows with the percentile index. */
  public static double latency(int seed, int percentile) {
    return ((seed % 50) + 1) * (percentile + 1) * 0.5 + (epoch % 7);
  }

  /** A fraction between 0 and 1. */
  public static double fraction(int seed, int attribute) {
    return ((seed * 13L + attribute + epoch) % 101L) / 100.0;
  }

  /** A boolean that flips with the epoch for some beans. */
  public static boolean flag(int seed, int attribute) {
    return ((seed + attribute + epoch) & 1L) == 0L;
  }
}
