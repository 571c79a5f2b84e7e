package io.github.jmxprom.benchmarks.runner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One exporter in one repetition of a scenario: its target JVM (with the exporter as agent, or with
 * a JMX port), its own JVM in the standalone case, and the ports to reach them.
 */
final class Side implements AutoCloseable {

  private static final double MIB = 1024.0 * 1024.0;

  final Exporter exporter;
  final ChildJvm target;
  final ChildJvm standalone;
  final int metricsPort;
  final int targetProbe;
  final int exporterProbe;

  private double[] targetIdle = {0, 0};
  private double[] exporterIdle = {0, 0};
  String firstBody;
  double firstScrapeMs;
  String lastBody;
  long targetHeapAfterGc = -1;
  long exporterHeapAfterGc = -1;
  final List<ScrapeSample> samples = new ArrayList<>();

  Side(
      Exporter exporter,
      ChildJvm target,
      ChildJvm standalone,
      int metricsPort,
      int targetProbe,
      int exporterProbe) {
    this.exporter = exporter;
    this.target = target;
    this.standalone = standalone;
    this.metricsPort = metricsPort;
    this.targetProbe = targetProbe;
    this.exporterProbe = exporterProbe;
  }

  /** Measures what a pair of probe readings costs with nothing in between (mean of 20). */
  void calibrate() throws IOException {
    targetIdle = idleCost(targetProbe);
    if (standalone != null) {
      exporterIdle = idleCost(exporterProbe);
    }
  }

  private static double[] idleCost(int port) throws IOException {
    List<Double> cpu = new ArrayList<>();
    List<Double> alloc = new ArrayList<>();
    Map<String, Long> previous = Http.probe(port, "/stats");
    for (int i = 0; i < 20; i++) {
      Map<String, Long> next = Http.probe(port, "/stats");
      cpu.add((double) (next.get("cpu_ns") - previous.get("cpu_ns")));
      alloc.add((double) (next.get("alloc_bytes") - previous.get("alloc_bytes")));
      previous = next;
    }
    return new double[] {Stats.mean(cpu), Stats.mean(alloc)};
  }

  /** Warm-up scrapes this side got. */
  int warmupScrapes;

  /**
   * A warm-up scrape; returns the JIT compilation time (ms) the exporter's JVM spent during it,
   * which tells when its scrape path is compiled.
   */
  long warmupScrape() throws IOException {
    int probe = standalone != null ? exporterProbe : targetProbe;
    long before = Http.probe(probe, "/stats").get("jit_ms");
    scrapeOnly();
    warmupScrapes++;
    return Http.probe(probe, "/stats").get("jit_ms") - before;
  }

  /** A scrape whose body is kept but whose cost is not measured (first and warm-up scrapes). */
  Http.Response scrapeOnly() throws IOException {
    return Http.get(metricsPort, "/metrics", 600_000);
  }

  /** A measured scrape. */
  ScrapeSample measure(String scenario, int rep, int round) throws IOException {
    Map<String, Long> target0 = Http.probe(targetProbe, "/stats");
    Map<String, Long> exporter0 = standalone != null ? Http.probe(exporterProbe, "/stats") : null;
    Http.Response response = scrapeOnly();
    Map<String, Long> exporter1 = standalone != null ? Http.probe(exporterProbe, "/stats") : null;
    Map<String, Long> target1 = Http.probe(targetProbe, "/stats");
    lastBody = response.text();
    double targetCpu = (delta(target0, target1, "cpu_ns") - targetIdle[0]) / 1e6;
    double targetAlloc = (delta(target0, target1, "alloc_bytes") - targetIdle[1]) / MIB;
    double exporterCpu = Double.NaN;
    double exporterAlloc = Double.NaN;
    long gcs = delta(target0, target1, "gc_count");
    if (standalone != null) {
      exporterCpu = (delta(exporter0, exporter1, "cpu_ns") - exporterIdle[0]) / 1e6;
      exporterAlloc = (delta(exporter0, exporter1, "alloc_bytes") - exporterIdle[1]) / MIB;
      gcs += delta(exporter0, exporter1, "gc_count");
    }
    ScrapeSample sample =
        new ScrapeSample(
            scenario,
            rep,
            exporter,
            round,
            response.nanos() / 1e6,
            targetCpu,
            targetAlloc,
            exporterCpu,
            exporterAlloc,
            response.body().length,
            gcs);
    samples.add(sample);
    return sample;
  }

  private static long delta(Map<String, Long> before, Map<String, Long> after, String key) {
    return after.get(key) - before.get(key);
  }

  void heapAfterGc() throws IOException {
    targetHeapAfterGc = Http.probe(targetProbe, "/gc").get("heap_used");
    if (standalone != null) {
      exporterHeapAfterGc = Http.probe(exporterProbe, "/gc").get("heap_used");
    }
  }

  @Override
  public void close() {
    if (standalone != null) {
      standalone.close();
    }
    target.close();
  }
}
