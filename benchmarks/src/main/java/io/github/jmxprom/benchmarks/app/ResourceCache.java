package io.github.jmxprom.benchmarks.app;

import java.util.LinkedHashMap;
import java.util.Map;

/** One cache: a composite, a table of three rows and a plain number. */
public final class ResourceCache implements ResourceCacheMXBean {

  private static final String[] KINDS = {"class", "static", "jar"};

  private final int seed;

  public ResourceCache(int seed) {
    this.seed = seed;
  }

  @Override
  public CacheStats getStats() {
    return new CacheStats(seed);
  }

  @Override
  public Map<String, Long> getHitsByKind() {
    Map<String, Long> hits = new LinkedHashMap<>();
    for (int i = 0; i < KINDS.length; i++) {
      hits.put(KINDS[i], Values.count(seed, 10 + i));
    }
    return hits;
  }

  @Override
  public long getSize() {
    return Values.count(seed, 5);
  }
}
