package io.github.jmxprom.collector.snapshot;

import java.util.Locale;

/**
 * Why a sample was left out of a scrape. jmx_exporter fails the whole scrape in each of these
 * cases; jmxprom drops only the sample and counts it in {@code
 * jmx_scrape_dropped_samples_total{reason="..."}}.
 */
public enum DropReason {
  /** A counter with a value below zero, such as {@code MemoryUsage.max = -1}. */
  NEGATIVE_COUNTER,
  /** Two labels of one sample with the same name, e.g. properties {@code a-b} and {@code a_b}. */
  DUPLICATE_LABEL_NAME,
  /** A label name the exposition formats cannot carry, e.g. one containing {@code :}. */
  INVALID_LABEL_NAME,
  /** Same name and labels as an earlier sample, even after adding {@code _objectname}. */
  DUPLICATE_SAMPLE,
  /** A rule template that cannot be filled in, e.g. {@code $3} with two groups. */
  RULE_ERROR,
  /** A family named like one of the exporter's own metrics, e.g. {@code jmx_scrape_error}. */
  NAME_CLASH;

  /** The label value used in the self-metric, e.g. {@code negative_counter}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
