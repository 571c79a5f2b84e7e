package io.github.jmxprom.benchmarks.runner;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Start-up cost of an agent: the target exits at the first line of its main method, which prints
 * the time since the JVM started (so premain is included). Runs without an agent, with
 * jmx_exporter's and with jmxprom's, interleaved, {@code --startup-runs} times each.
 */
final class StartupBenchmark {

  /** Variant label to [median ms JVM start to main, median ms process spawn to main]. */
  record Result(Map<String, double[]> medians, int runs) {
    double overhead(String variant) {
      return medians.get(variant)[0] - medians.get(NONE)[0];
    }
  }

  static final String NONE = "no agent";

  private StartupBenchmark() {}

  static Result run(Options options, Launcher launcher, PrintStream log) throws Exception {
    Path config = launcher.config(Scenario.KAFKA_RULES, "", Scenario.KAFKA_RULES);
    List<Exporter> variants = Arrays.asList(null, Exporter.JMX_EXPORTER, Exporter.JMXPROM);
    Map<String, List<Double>> toMain = new LinkedHashMap<>();
    Map<String, List<Double>> spawnToMain = new LinkedHashMap<>();
    for (int run = 0; run < options.startupRuns(); run++) {
      for (int v = 0; v < variants.size(); v++) {
        Exporter exporter = variants.get((v + run) % variants.size());
        String label = exporter == null ? NONE : exporter.label();
        long spawned = System.nanoTime();
        try (ChildJvm jvm =
            launcher.startupProbe(
                "startup-" + run + "-" + (exporter == null ? "none" : exporter.name()),
                exporter,
                ChildJvm.freePort(),
                config)) {
          String line = jvm.waitForLine("MAIN ", Duration.ofSeconds(60));
          double wall = (System.nanoTime() - spawned) / 1e6;
          toMain
              .computeIfAbsent(label, k -> new ArrayList<>())
              .add(Double.parseDouble(line.substring(5).trim()));
          spawnToMain.computeIfAbsent(label, k -> new ArrayList<>()).add(wall);
          jvm.waitForExit(Duration.ofSeconds(30));
        }
      }
    }
    Map<String, double[]> medians = new LinkedHashMap<>();
    for (String label : List.of(NONE, Exporter.JMX_EXPORTER.label(), Exporter.JMXPROM.label())) {
      double[] median = {Stats.median(toMain.get(label)), Stats.median(spawnToMain.get(label))};
      medians.put(label, median);
      log.printf(
          Locale.ROOT,
          "  %-18s JVM start to main %6.0f ms, spawn to main %6.0f ms (runs: %s)%n",
          label,
          median[0],
          median[1],
          toMain.get(label));
    }
    return new Result(medians, options.startupRuns());
  }
}
