package io.github.jmxprom.benchmarks.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one repetition of a scenario: starts both exporters' JVMs, checks that their first answers
 * are equal, then scrapes them in turns (the order alternates every round) after advancing the
 * target's values, and finally compares the last answers again and reads the heap after GC.
 */
final class ScenarioRunner {

  private final Options options;
  private final Launcher launcher;
  private final PrintStream log;

  ScenarioRunner(Options options, Launcher launcher, PrintStream log) {
    this.options = options;
    this.launcher = launcher;
    this.log = log;
  }

  RepResult run(Scenario scenario, int rep) throws Exception {
    long baseline = rep == 1 && !scenario.standalone() ? baselineHeap(scenario) : -1;
    List<Side> sides = new ArrayList<>();
    Exporter first = rep % 2 == 1 ? Exporter.JMX_EXPORTER : Exporter.JMXPROM;
    try {
      for (Exporter exporter : List.of(first, first.other())) {
        sides.add(start(scenario, rep, exporter));
      }
      int beans = 0;
      for (Side side : sides) {
        beans = ready(side, scenario);
      }
      for (Side side : sides) {
        side.calibrate();
      }
      for (Side side : sides) {
        Http.Response response = side.scrapeOnly();
        side.firstBody = response.text();
        side.firstScrapeMs = response.nanos() / 1e6;
        log.printf(
            Locale.ROOT,
            "    first scrape %-18s %9.1f ms  %,d bytes%n",
            side.exporter.label(),
            side.firstScrapeMs,
            response.body().length);
      }
      Side reference = side(sides, Exporter.JMX_EXPORTER);
      Side ours = side(sides, Exporter.JMXPROM);
      Exposition expected = Exposition.parse(reference.firstBody, Exposition::comparable);
      Exposition actual = Exposition.parse(ours.firstBody, Exposition::comparable);
      Exposition.Difference firstDifference = Exposition.compare(expected, actual, 15);
      log.println(
          "    output "
              + (firstDifference.equal()
                  ? "EQUAL: "
                      + expected.familyCount()
                      + " families, "
                      + expected.sampleCount()
                      + " samples"
                  : "DIFFERS in "
                      + firstDifference.count()
                      + " places: "
                      + firstDifference.details()));
      warmUp(scenario, sides);
      List<Double> floors = measure(scenario, rep, sides);
      Exposition.Difference lastDifference =
          Exposition.compare(
              Exposition.parse(reference.lastBody, Exposition::comparable),
              Exposition.parse(ours.lastBody, Exposition::comparable),
              15);
      if (!lastDifference.equal()) {
        log.println(
            "    last answers DIFFER in "
                + lastDifference.count()
                + " places: "
                + lastDifference.details());
      }
      for (Side side : sides) {
        side.heapAfterGc();
      }
      Map<Exporter, Double> firstMs = RepResult.perExporter();
      Map<Exporter, Integer> warmups = RepResult.perExporter();
      Map<Exporter, Long> targetHeap = RepResult.perExporter();
      Map<Exporter, Long> exporterHeap = RepResult.perExporter();
      List<ScrapeSample> samples = new ArrayList<>();
      for (Side side : sides) {
        firstMs.put(side.exporter, side.firstScrapeMs);
        warmups.put(side.exporter, side.warmupScrapes);
        targetHeap.put(side.exporter, side.targetHeapAfterGc);
        exporterHeap.put(side.exporter, side.exporterHeapAfterGc);
        samples.addAll(side.samples);
      }
      return new RepResult(
          scenario,
          rep,
          samples,
          firstMs,
          warmups,
          targetHeap,
          exporterHeap,
          baseline,
          floors.isEmpty() ? -1 : Math.round(Stats.mean(floors)),
          firstDifference,
          lastDifference,
          expected.familyCount(),
          expected.sampleCount(),
          beans);
    } finally {
      for (Side side : sides) {
        side.close();
      }
    }
  }

  /** JIT compilation below this during a scrape means the scrape path is compiled. */
  static final long QUIET_JIT_MS = 5;

  /** Warm-up scrapes at most, per exporter. */
  static final int MAX_WARMUP = 60;

  /**
   * Warms both exporters up, as a JVM scraped every 15 s is from its first minutes on: at least
   * {@code --warmup} scrapes each (3 at most where scrapes are long), then more for an exporter
   * until one of its scrapes makes the JIT compile for less than {@link #QUIET_JIT_MS}. Otherwise
   * the JIT's one-off work would be spread over the measured scrapes, most for the exporter whose
   * scrapes are short, since the JIT compiles after a number of calls, not after some time.
   */
  private void warmUp(Scenario scenario, List<Side> sides) throws IOException {
    int minimum =
        scenario.large() || scenario.standalone()
            ? Math.min(3, options.warmup())
            : options.warmup();
    List<Side> cold = new ArrayList<>(sides);
    for (int i = 0; !cold.isEmpty() && i < MAX_WARMUP; i++) {
      tick(sides);
      for (Side side : order(new ArrayList<>(cold), i)) {
        long jit = side.warmupScrape();
        if (i + 1 >= minimum && jit < QUIET_JIT_MS) {
          cold.remove(side);
        }
      }
    }
    for (Side side : sides) {
      log.printf(
          Locale.ROOT,
          "    warm-up %-18s %d scrapes%s%n",
          side.exporter.label(),
          side.warmupScrapes,
          cold.contains(side) ? " (JIT still busy)" : "");
    }
  }

  /**
   * The measured rounds. In the no-rules agent scenario each round also measures, in both targets
   * right after their scrapes, what the MBeanServer alone costs for such a scrape ({@code /floor},
   * see MBeanFloor), under the same load as the scrapes; returns those floors (CPU ns).
   */
  private List<Double> measure(Scenario scenario, int rep, List<Side> sides) throws IOException {
    List<Double> floors = new ArrayList<>();
    boolean floor = !scenario.standalone() && Scenario.NO_RULES.equals(scenario.config());
    long started = System.nanoTime();
    for (int round = 0; round < options.scrapes(); round++) {
      if (round >= options.minScrapes()
          && System.nanoTime() - started > options.repBudgetSeconds() * 1_000_000_000L) {
        break;
      }
      tick(sides);
      for (Side side : order(sides, round)) {
        ScrapeSample sample = side.measure(scenario.id(), rep, round);
        log.printf(
            Locale.ROOT,
            "    round %d %-18s %9.1f ms wall %9.1f ms cpu %9.1f MiB alloc%s%n",
            round,
            side.exporter.label(),
            sample.wallMs(),
            scenario.standalone() ? sample.exporterCpuMs() : sample.targetCpuMs(),
            scenario.standalone() ? sample.exporterAllocMib() : sample.targetAllocMib(),
            scenario.standalone()
                ? String.format(Locale.ROOT, " (target: %.1f ms cpu)", sample.targetCpuMs())
                : "");
      }
      if (floor) {
        for (Side side : sides) {
          floors.add((double) Http.probe(side.targetProbe, "/floor").get("floor_cpu_ns"));
        }
      }
    }
    return floors;
  }

  private static List<Side> order(List<Side> sides, int round) {
    return round % 2 == 0 || sides.size() < 2 ? sides : List.of(sides.get(1), sides.get(0));
  }

  private static void tick(List<Side> sides) throws IOException {
    String epoch = null;
    for (Side side : sides) {
      String answer = Http.get(side.targetProbe, "/tick", 120_000).text();
      if (epoch != null && !epoch.equals(answer)) {
        throw new IllegalStateException("targets out of step: " + epoch + " vs " + answer);
      }
      epoch = answer;
    }
  }

  private static Side side(List<Side> sides, Exporter exporter) {
    return sides.stream().filter(s -> s.exporter == exporter).findFirst().orElseThrow();
  }

  private Side start(Scenario scenario, int rep, Exporter exporter) throws IOException {
    String name = scenario.id() + "-" + rep + "-" + exporter.name().toLowerCase(Locale.ROOT);
    int metricsPort = ChildJvm.freePort();
    int targetProbe = ChildJvm.freePort();
    if (!scenario.standalone()) {
      Path config = launcher.config(scenario.config(), "", scenario.config());
      ChildJvm target =
          launcher.agentTarget(
              name, exporter, metricsPort, config, scenario.mbeans(), targetProbe, List.of());
      return new Side(exporter, target, null, metricsPort, targetProbe, -1);
    }
    int jmxPort = ChildJvm.freePort();
    int exporterProbe = ChildJvm.freePort();
    ChildJvm target =
        launcher.remoteTarget(name + "-target", jmxPort, scenario.mbeans(), targetProbe);
    Path config =
        launcher.config(scenario.config(), "hostPort: 127.0.0.1:" + jmxPort + "\n", name + ".yaml");
    ChildJvm standalone = launcher.standalone(name, exporter, metricsPort, config, exporterProbe);
    return new Side(exporter, target, standalone, metricsPort, targetProbe, exporterProbe);
  }

  /** Waits until the side's target has registered its beans and its exporter listens. */
  private static int ready(Side side, Scenario scenario) throws InterruptedException {
    Duration timeout = Launcher.readyTimeout(scenario.mbeans());
    String ready = side.target.waitForLine("READY ", timeout);
    side.target.waitForPort(side.targetProbe, timeout);
    (side.standalone != null ? side.standalone : side.target)
        .waitForPort(side.metricsPort, timeout);
    return Integer.parseInt(ready.split(" ")[1]);
  }

  /** Heap after GC of a target without any exporter: the base for the agents' overhead. */
  private long baselineHeap(Scenario scenario) throws Exception {
    int probe = ChildJvm.freePort();
    try (ChildJvm target =
        launcher.agentTarget(
            scenario.id() + "-baseline", null, 0, null, scenario.mbeans(), probe, List.of())) {
      target.waitForLine("READY ", Launcher.readyTimeout(scenario.mbeans()));
      target.waitForPort(probe, Duration.ofSeconds(30));
      return Http.probe(probe, "/gc").get("heap_used");
    }
  }
}
