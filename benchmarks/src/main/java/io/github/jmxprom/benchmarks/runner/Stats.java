package io.github.jmxprom.benchmarks.runner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles (linear interpolation between closest ranks) and means. */
final class Stats {

  private Stats() {}

  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    double rank = p / 100.0 * (sorted.size() - 1);
    int low = (int) Math.floor(rank);
    int high = (int) Math.ceil(rank);
    return sorted.get(low) + (sorted.get(high) - sorted.get(low)) * (rank - low);
  }

  static double median(List<Double> values) {
    return percentile(values, 50);
  }

  static double mean(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum / values.size();
  }
}
