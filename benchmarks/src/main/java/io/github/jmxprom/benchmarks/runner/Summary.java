package io.github.jmxprom.benchmarks.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** One scenario over all its repetitions: the figures the report shows, per exporter. */
final class Summary {

  final Scenario scenario;
  final List<RepResult> reps;

  Summary(Scenario scenario, List<RepResult> reps) {
    this.scenario = scenario;
    this.reps = reps;
  }

  List<ScrapeSample> samples(Exporter exporter) {
    List<ScrapeSample> samples = new ArrayList<>();
    for (RepResult rep : reps) {
      for (ScrapeSample sample : rep.samples()) {
        if (sample.exporter() == exporter) {
          samples.add(sample);
        }
      }
    }
    return samples;
  }

  private List<Double> values(Exporter exporter, ToDoubleFunction<ScrapeSample> field) {
    List<Double> values = new ArrayList<>();
    for (ScrapeSample sample : samples(exporter)) {
      values.add(field.applyAsDouble(sample));
    }
    return values;
  }

  double wallP50(Exporter e) {
    return Stats.percentile(values(e, ScrapeSample::wallMs), 50);
  }

  double wallP90(Exporter e) {
    return Stats.percentile(values(e, ScrapeSample::wallMs), 90);
  }

  /** Mean, not median: GC work lands on some scrapes only, and it is part of the cost. */
  double targetCpu(Exporter e) {
    return Stats.mean(values(e, ScrapeSample::targetCpuMs));
  }

  double targetAlloc(Exporter e) {
    return Stats.mean(values(e, ScrapeSample::targetAllocMib));
  }

  double exporterCpu(Exporter e) {
    return Stats.mean(values(e, ScrapeSample::exporterCpuMs));
  }

  double exporterAlloc(Exporter e) {
    return Stats.mean(values(e, ScrapeSample::exporterAllocMib));
  }

  /** The exporter's own CPU per scrape: the target's for an agent, its own JVM's standalone. */
  double exporterSideCpu(Exporter e) {
    return scenario.standalone() ? exporterCpu(e) : targetCpu(e);
  }

  double exporterSideAlloc(Exporter e) {
    return scenario.standalone() ? exporterAlloc(e) : targetAlloc(e);
  }

  double firstScrape(Exporter e) {
    List<Double> values = new ArrayList<>();
    reps.forEach(rep -> values.add(rep.firstScrapeMs().get(e)));
    return Stats.median(values);
  }

  double targetHeapMib(Exporter e) {
    List<Double> values = new ArrayList<>();
    reps.forEach(rep -> values.add(rep.targetHeapAfterGc().get(e) / 1048576.0));
    return Stats.median(values);
  }

  double exporterHeapMib(Exporter e) {
    List<Double> values = new ArrayList<>();
    reps.forEach(rep -> values.add(rep.exporterHeapAfterGc().get(e) / 1048576.0));
    return Stats.median(values);
  }

  /**
   * CPU per scrape of the target's MBeanServer alone (queryNames and getAttributes of every bean's
   * exportable attributes, no exporter), in ms, measured in the targets between the rounds; NaN
   * where not measured.
   */
  double floorCpuMs() {
    List<Double> values = new ArrayList<>();
    for (RepResult rep : reps) {
      if (rep.floorCpuNs() >= 0) {
        values.add(rep.floorCpuNs() / 1e6);
      }
    }
    return values.isEmpty() ? Double.NaN : Stats.mean(values);
  }

  double baselineHeapMib() {
    for (RepResult rep : reps) {
      if (rep.baselineHeapAfterGc() >= 0) {
        return rep.baselineHeapAfterGc() / 1048576.0;
      }
    }
    return Double.NaN;
  }

  int scrapes(Exporter e) {
    return samples(e).size();
  }

  /** Whether every repetition's first and last answers were equal. */
  boolean outputEqual() {
    for (RepResult rep : reps) {
      if (!rep.firstDifference().equal() || !rep.lastDifference().equal()) {
        return false;
      }
    }
    return !reps.isEmpty();
  }

  List<String> differences() {
    List<String> details = new ArrayList<>();
    for (RepResult rep : reps) {
      for (Exposition.Difference difference :
          List.of(rep.firstDifference(), rep.lastDifference())) {
        if (!difference.equal()) {
          details.add(
              "rep "
                  + rep.rep()
                  + ": "
                  + difference.count()
                  + " differences, e.g. "
                  + String.join("; ", difference.details()));
        }
      }
    }
    return details;
  }

  RepResult first() {
    return reps.get(0);
  }

  static double ratio(double reference, double ours) {
    return ours > 0 ? reference / ours : Double.NaN;
  }
}
