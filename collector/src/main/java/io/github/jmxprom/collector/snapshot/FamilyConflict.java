package io.github.jmxprom.collector.snapshot;

import java.util.Locale;

/**
 * How the samples of one family (one final name) can disagree without anything being dropped. The
 * family is still served, resolved the same way at every scrape, and counted in {@code
 * jmx_scrape_family_conflicts{conflict="..."}}. Different help texts are not counted: the default
 * help names the bean and attribute, so it differs within nearly every family a pattern makes; the
 * first sample's help is used (in jmx_exporter's bean order).
 */
public enum FamilyConflict {
  /** Different types: the family is untyped (as in jmx_exporter). */
  TYPE,
  /** Different label names: every sample keeps its own labels (the formats allow it). */
  LABEL_NAMES;

  /** The label value used in the self-metric, e.g. {@code label_names}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
