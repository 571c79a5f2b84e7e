package io.github.jmxprom.benchmarks.app;

import java.util.Map;

/**
 * An MXBean whose attributes arrive at a JMX client as open data: {@code Stats} as CompositeData
 * and {@code HitsByKind} as TabularData (index {@code key}), like {@code java.lang:type=Memory}.
 */
public interface ResourceCacheMXBean {
  CacheStats getStats();

  Map<String, Long> getHitsByKind();

  long getSize();

  /** The composite: hits, lookups, entries, a ratio and a name. */
  final class CacheStats {
    private final int seed;

    CacheStats(int seed) {
      this.seed = seed;
    }

    public long getHitCount() {
      return Values.count(seed, 1);
    }

    public long getLookupCount() {
      return Values.count(seed, 2);
    }

    public int getEntries() {
      return Values.small(seed, 3);
    }

    public double getHitRatio() {
      return Values.fraction(seed, 4);
    }

    public String getName() {
      return "cache-" + seed;
    }
  }
}
