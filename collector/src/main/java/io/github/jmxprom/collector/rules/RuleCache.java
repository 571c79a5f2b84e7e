package io.github.jmxprom.collector.rules;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Remembers, for rules with {@code cache: true}, what each (rule, bean attribute) decided, so the
 * regex runs once per attribute instead of once per scrape. Such rules see {@code <cache>} instead
 * of the value, which makes the decision independent of it. Entries not used in a scrape are
 * evicted after it.
 */
public final class RuleCache {

  static final Object UNMATCHED = new Object();

  private final Map<Integer, Map<String, Object>> entries = new HashMap<>();
  private Set<String> touched = new HashSet<>();

  synchronized Object get(int rule, String input) {
    Map<String, Object> forRule = entries.get(rule);
    Object result = forRule == null ? null : forRule.get(input);
    if (result != null) {
      touched.add(rule + "\u0000" + input);
    }
    return result;
  }

  synchronized void put(int rule, String input, Object decision) {
    Map<String, Object> forRule = entries.get(rule);
    if (forRule == null) {
      forRule = new HashMap<>();
      entries.put(rule, forRule);
    }
    forRule.put(input, decision);
    touched.add(rule + "\u0000" + input);
  }

  /**
   * Ends a scrape: evicts entries it did not use and returns how many it used (the value of {@code
   * jmx_scrape_cached_beans}).
   */
  public synchronized int endScrape() {
    int used = touched.size();
    for (Map.Entry<Integer, Map<String, Object>> forRule : entries.entrySet()) {
      String prefix = forRule.getKey() + "\u0000";
      forRule.getValue().keySet().removeIf(input -> !touched.contains(prefix + input));
    }
    touched = new HashSet<>();
    return used;
  }
}
