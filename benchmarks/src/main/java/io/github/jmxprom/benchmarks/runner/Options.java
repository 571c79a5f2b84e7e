package io.github.jmxprom.benchmarks.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The runner's command line. Every option has a default that keeps a full run on a busy 2-core
 * machine around ten minutes.
 *
 * <pre>
 * --n 10000             MBeans in the agent and standalone scenarios
 * --n-large 50000       MBeans in the large agent scenario
 * --scenarios a,b       subset of agent-rules, agent-norules, agent-rules-large, standalone-rules
 * --reps 2              fresh JVM pairs per scenario
 * --reps-large 1        fresh JVM pairs for agent-rules-large (one jmx_exporter scrape: ~20 s)
 * --scrapes 8           measured scrapes per exporter and repetition (at most)
 * --min-scrapes 3       measured scrapes per exporter and repetition (at least)
 * --warmup 10           warm-up scrapes after the first (equality-checked) one (3 at most for
 *                       agent-rules-large and standalone-rules, whose scrapes are longer)
 * --rep-budget 60       seconds after which a repetition stops once it has --min-scrapes
 * --startup-runs 5      JVM starts per variant (none, jmx_exporter, jmxprom) for start-up time
 * --profile-seconds 20  JFR profile of jmxprom (agent, --n); 0 turns it off
 * --profile-rules true  profile with the Kafka rules (true) or without rules (false)
 * --heap 2g             -Xms/-Xmx of the target JVMs (exporter JVMs in standalone: 1g)
 * --partitions 10       partitions per topic
 * --java PATH           java for the child JVMs (default: the one running the runner)
 * --home DIR            the benchmarks/ directory (default: -Dbench.home, ./benchmarks or .)
 * --out DIR             where latest.md/.svg/.csv go (default: HOME/results)
 * </pre>
 */
record Options(
    int n,
    int nLarge,
    List<String> scenarios,
    int reps,
    int repsLarge,
    int scrapes,
    int minScrapes,
    int warmup,
    int repBudgetSeconds,
    int startupRuns,
    int profileSeconds,
    boolean profileRules,
    String heap,
    int partitions,
    Path java,
    Path home,
    Path out,
    List<String> commandLine) {

  static final List<String> ALL_SCENARIOS =
      List.of("agent-rules", "agent-norules", "agent-rules-large", "standalone-rules");

  static Options parse(String[] args) {
    int n = 10_000;
    int nLarge = 50_000;
    List<String> scenarios = ALL_SCENARIOS;
    int reps = 2;
    int repsLarge = 1;
    int scrapes = 8;
    int minScrapes = 3;
    int warmup = 10;
    int repBudget = 60;
    int startupRuns = 5;
    int profileSeconds = 20;
    boolean profileRules = true;
    String heap = "2g";
    int partitions = 10;
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Path home = null;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      String key = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(key + ": missing value");
      }
      String value = args[++i];
      switch (key) {
        case "--n" -> n = Integer.parseInt(value);
        case "--n-large" -> nLarge = Integer.parseInt(value);
        case "--scenarios" -> scenarios = List.of(value.split(","));
        case "--reps" -> reps = Integer.parseInt(value);
        case "--reps-large" -> repsLarge = Integer.parseInt(value);
        case "--scrapes" -> scrapes = Integer.parseInt(value);
        case "--min-scrapes" -> minScrapes = Integer.parseInt(value);
        case "--warmup" -> warmup = Integer.parseInt(value);
        case "--rep-budget" -> repBudget = Integer.parseInt(value);
        case "--startup-runs" -> startupRuns = Integer.parseInt(value);
        case "--profile-seconds" -> profileSeconds = Integer.parseInt(value);
        case "--profile-rules" -> profileRules = Boolean.parseBoolean(value);
        case "--heap" -> heap = value;
        case "--partitions" -> partitions = Integer.parseInt(value);
        case "--java" -> java = Paths.get(value);
        case "--home" -> home = Paths.get(value);
        case "--out" -> out = Paths.get(value);
        default -> throw new IllegalArgumentException("unknown option " + key);
      }
    }
    for (String scenario : scenarios) {
      if (!ALL_SCENARIOS.contains(scenario)) {
        throw new IllegalArgumentException(
            "unknown scenario " + scenario + "; known: " + String.join(",", ALL_SCENARIOS));
      }
    }
    home = home != null ? home : findHome();
    out = out != null ? out : home.resolve("results");
    return new Options(
        n,
        nLarge,
        scenarios,
        reps,
        repsLarge,
        scrapes,
        Math.min(minScrapes, scrapes),
        warmup,
        repBudget,
        startupRuns,
        profileSeconds,
        profileRules,
        heap,
        partitions,
        java,
        home.toAbsolutePath().normalize(),
        out.toAbsolutePath().normalize(),
        new ArrayList<>(Arrays.asList(args)));
  }

  private static Path findHome() {
    String property = System.getProperty("bench.home");
    if (property != null) {
      return Paths.get(property);
    }
    for (Path candidate : List.of(Paths.get("benchmarks"), Paths.get("."))) {
      if (Files.isDirectory(candidate.resolve("target").resolve("jars"))) {
        return candidate;
      }
    }
    throw new IllegalArgumentException(
        "cannot find the benchmarks directory (with target/jars): run from the repository root"
            + " after a build, or pass --home");
  }

  Path jars() {
    return home.resolve("target").resolve("jars");
  }

  /** Work files: generated configs and the child JVMs' logs. */
  Path work() {
    return home.resolve("target").resolve("bench-work");
  }
}
