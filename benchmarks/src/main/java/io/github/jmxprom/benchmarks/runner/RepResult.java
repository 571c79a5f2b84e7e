package io.github.jmxprom.benchmarks.runner;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What one repetition of a scenario measured. */
record RepResult(
    Scenario scenario,
    int rep,
    List<ScrapeSample> samples,
    Map<Exporter, Double> firstScrapeMs,
    Map<Exporter, Integer> warmupScrapes,
    Map<Exporter, Long> targetHeapAfterGc,
    Map<Exporter, Long> exporterHeapAfterGc,
    long baselineHeapAfterGc,
    long floorCpuNs,
    Exposition.Difference firstDifference,
    Exposition.Difference lastDifference,
    int comparedFamilies,
    int comparedSamples,
    int beans) {

  static <V> Map<Exporter, V> perExporter() {
    return new EnumMap<>(Exporter.class);
  }
}
