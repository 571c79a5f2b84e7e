package io.github.jmxprom.collector.snapshot;

import java.util.Locale;

/**
 * How the samples of one family (one final name) can disagree without anything being dropped. The
 * family is still served, resolved the same way at every scrape, and counted in {@code
 * jmx_scrape_family_conflicts{conflict="..."}}.
 */
public enum FamilyConflict {
  /** Different types: the family is untyped (as in jmx_exporter). */
  TYPE,
  /** Different label names: every sample keeps its own labels (the formats allow it). */
  LABEL_NAMES,
  /**
   * A help text other than the one served (the first sample's, in jmx_exporter's bean order), where
   * one of the two is a rule's {@code help:}: a help someone wrote is dropped, or is served for
   * samples it was not written for. Two default helps that differ are not counted: the default help
   * names the bean and attribute, so it differs within nearly every family a pattern makes.
   */
  HELP;

  /** The label value used in the self-metric, e.g. {@code label_names}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
