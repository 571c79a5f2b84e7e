package io.github.jmxprom.benchmarks.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes results/latest.md: the table of ratios, the targets, equality, start-up, profile.
 */
final class Report {

  private static final Exporter REF = Exporter.JMX_EXPORTER;
  private static final Exporter OURS = Exporter.JMXPROM;

  private final StringBuilder md = new StringBuilder();

  static String markdown(
      Options options,
      String date,
      String machine,
      String loadBefore,
      String loadAfter,
      List<Summary> summaries,
      StartupBenchmark.Result startup,
      String profile) {
    Report report = new Report();
    report.header(options, date, machine, loadBefore, loadAfter);
    report.table(summaries);
    report.targets(options, summaries, startup);
    report.equality(summaries);
    report.startup(startup);
    if (profile != null) {
      report.md.append("\n## Where jmxprom's scrape time goes\n\n").append(profile);
    }
    report.method(options);
    return report.md.toString();
  }

  private void header(
      Options options, String date, String machine, String loadBefore, String loadAfter) {
    md.append("# Scrape cost: jmxprom vs jmx_exporter 1.0.1\n\n");
    md.append("- Date: ").append(date).append('\n');
    md.append("- Machine: ").append(machine).append('\n');
    md.append("- Load average (1/5/15 min) at start: ")
        .append(loadBefore)
        .append(", at end: ")
        .append(loadAfter)
        .append(
            ". Other work may have been running: the exporters were measured in turns in the"
                + " same run, so read the ratios, not the absolute times.\n");
    md.append("- Command: `benchmarks/run.sh")
        .append(
            options.commandLine().isEmpty() ? "" : " " + String.join(" ", options.commandLine()))
        .append("`\n\n");
  }

  private void table(List<Summary> summaries) {
    md.append("## Results\n\n");
    md.append(
        "Per scrape of `/metrics`. Ratio = jmx_exporter / jmxprom (higher is better for jmxprom)."
            + " CPU and allocation are the exporter JVM's: the target's for the agents, the"
            + " standalone scraper's own for the standalone scenario.\n\n");
    md.append("| Scenario | Measure | jmx_exporter 1.0.1 | jmxprom | Ratio |\n");
    md.append("| --- | --- | ---: | ---: | ---: |\n");
    for (Summary s : summaries) {
      RepResult first = s.first();
      String label =
          String.format(
              Locale.ROOT,
              "**%s**<br>%,d MBeans, %,d samples compared, %d+%d scrapes measured after %d+%d"
                  + " warm-up",
              s.scenario.label(),
              first.beans(),
              first.comparedSamples(),
              s.scrapes(REF),
              s.scrapes(OURS),
              first.warmupScrapes().get(REF),
              first.warmupScrapes().get(OURS));
      row(label, "p50 scrape (wall)", s.wallP50(REF), s.wallP50(OURS), "ms");
      row("", "p90 scrape (wall)", s.wallP90(REF), s.wallP90(OURS), "ms");
      row("", "process CPU / scrape", s.exporterSideCpu(REF), s.exporterSideCpu(OURS), "ms");
      row(
          "",
          "heap allocated / scrape",
          s.exporterSideAlloc(REF),
          s.exporterSideAlloc(OURS),
          "MiB");
      if (s.scenario.standalone()) {
        row("", "target JVM CPU / scrape (serving RMI)", s.targetCpu(REF), s.targetCpu(OURS), "ms");
        row("", "scraper heap after GC", s.exporterHeapMib(REF), s.exporterHeapMib(OURS), "MiB");
      } else {
        row("", "target heap after GC", s.targetHeapMib(REF), s.targetHeapMib(OURS), "MiB");
        double base = s.baselineHeapMib();
        row(
            "",
            String.format(Locale.ROOT, "agent heap overhead (vs %.1f MiB without agent)", base),
            s.targetHeapMib(REF) - base,
            s.targetHeapMib(OURS) - base,
            "MiB");
      }
      row("", "first scrape (cold)", s.firstScrape(REF), s.firstScrape(OURS), "ms");
    }
  }

  private void row(String scenario, String measure, double ref, double ours, String unit) {
    md.append("| ")
        .append(scenario)
        .append(" | ")
        .append(measure)
        .append(" | ")
        .append(number(ref, unit))
        .append(" | ")
        .append(number(ours, unit))
        .append(" | ")
        .append(ratio(Summary.ratio(ref, ours)))
        .append(" |\n");
  }

  static String number(double value, String unit) {
    if (Double.isNaN(value)) {
      return "–";
    }
    double abs = Math.abs(value);
    String format = abs >= 100 ? "%,.0f %s" : abs >= 10 ? "%.1f %s" : "%.2f %s";
    return String.format(Locale.ROOT, format, value, unit);
  }

  static String ratio(double ratio) {
    if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
      return "–";
    }
    return String.format(Locale.ROOT, ratio >= 10 ? "%.0f×" : "%.1f×", ratio);
  }

  private void targets(Options options, List<Summary> summaries, StartupBenchmark.Result startup) {
    md.append("\n## Targets of issue D (#6)\n\n");
    List<String[]> rows = new ArrayList<>();
    Summary rules = find(summaries, "agent-rules");
    Summary noRules = find(summaries, "agent-norules");
    Summary large = find(summaries, "agent-rules-large");
    Summary standalone = find(summaries, "standalone-rules");
    if (rules != null) {
      rows.add(
          target(
              "Agent, Kafka rules, N=" + rules.scenario.mbeans() + ": ≥ 10× less CPU per scrape",
              Summary.ratio(rules.targetCpu(REF), rules.targetCpu(OURS)),
              10));
      rows.add(
          target(
              "Agent, Kafka rules, N=" + rules.scenario.mbeans() + ": ≥ 10× less allocation",
              Summary.ratio(rules.targetAlloc(REF), rules.targetAlloc(OURS)),
              10));
    }
    if (noRules != null) {
      rows.add(
          target(
              "Agent, no rules: ≥ 5× less CPU per scrape",
              Summary.ratio(noRules.targetCpu(REF), noRules.targetCpu(OURS)),
              5));
      double floor = noRules.floorCpuMs();
      if (!Double.isNaN(floor)) {
        // Not a target: the bound any exporter meets in this JVM (see MBeanFloor).
        rows.add(
            new String[] {
              "(bound) MBeanServer alone, every bean's exportable attributes: "
                  + number(floor, "ms")
                  + " CPU per scrape; jmx_exporter / that",
              ratio(noRules.targetCpu(REF) / floor),
              "the most any exporter can reach"
            });
      }
      rows.add(
          target(
              "Agent, no rules: ≥ 5× less allocation",
              Summary.ratio(noRules.targetAlloc(REF), noRules.targetAlloc(OURS)),
              5));
    }
    if (rules != null && noRules != null && rules.scenario.mbeans() == noRules.scenario.mbeans()) {
      double cost = rules.targetCpu(OURS) / noRules.targetCpu(OURS);
      rows.add(
          new String[] {
            "jmxprom: a scrape with rules costs ≤ 1.5× one without (CPU)",
            String.format(Locale.ROOT, "%.2f×", cost),
            cost <= 1.5 ? "met" : "**not met**"
          });
    }
    if (large != null) {
      double p50 = large.wallP50(OURS);
      rows.add(
          new String[] {
            "Agent, Kafka rules, N=" + large.scenario.mbeans() + ": p50 scrape < 1 s",
            number(p50, "ms"),
            p50 < 1000 ? "met" : "**not met**"
          });
    }
    if (standalone != null) {
      rows.add(
          target(
              "Standalone over RMI: ≥ 5× faster p50",
              Summary.ratio(standalone.wallP50(REF), standalone.wallP50(OURS)),
              5));
      rows.add(
          target(
              "Standalone over RMI: ≥ 5× less exporter CPU",
              Summary.ratio(standalone.exporterCpu(REF), standalone.exporterCpu(OURS)),
              5));
    }
    for (Summary s : summaries) {
      rows.add(
          new String[] {
            s.scenario.label() + ": identical output",
            s.outputEqual() ? "equal" : "differs",
            s.outputEqual() ? "met" : "**not met**"
          });
    }
    if (startup != null) {
      double overhead = startup.overhead(OURS.label());
      rows.add(
          new String[] {
            "Agent start-up cost < 150 ms",
            number(overhead, "ms"),
            overhead < 150 ? "met" : "**not met**"
          });
    }
    md.append("| Target | Measured | |\n| --- | ---: | --- |\n");
    for (String[] row : rows) {
      md.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    if (options.n() != 10_000 || options.nLarge() != 50_000) {
      md.append(
          "\nThe issue's targets are stated for N=10,000 and N=50,000; this run used N="
              + options.n()
              + " and N="
              + options.nLarge()
              + ".\n");
    }
  }

  private static String[] target(String text, double ratio, double wanted) {
    return new String[] {text, ratio(ratio), ratio >= wanted ? "met" : "**not met**"};
  }

  private static Summary find(List<Summary> summaries, String id) {
    return summaries.stream().filter(s -> s.scenario.id().equals(id)).findFirst().orElse(null);
  }

  private void equality(List<Summary> summaries) {
    md.append("\n## Output equality (checked before timing)\n\n");
    md.append(
        "The first answer of each exporter (values at epoch 0) and the last measured answer (after"
            + " the values moved and the churn topic was replaced in every round) are compared"
            + " family by family (TYPE, HELP) and sample by sample (name, label set, value),"
            + " leaving out the JVM/process metrics, the exporters' self-metrics (`jmx_*`) and the"
            + " JVM's own MBean domains.\n\n");
    for (Summary s : summaries) {
      RepResult first = s.first();
      md.append("- ").append(s.scenario.label()).append(": ");
      if (s.outputEqual()) {
        md.append(
            String.format(
                Locale.ROOT,
                "equal in every repetition (%,d families, %,d samples).%n",
                first.comparedFamilies(),
                first.comparedSamples()));
      } else {
        md.append("**differs**:\n");
        for (String difference : s.differences()) {
          md.append("  - ").append(difference.replace("|", "\\|")).append('\n');
        }
      }
    }
  }

  private void startup(StartupBenchmark.Result startup) {
    if (startup == null) {
      return;
    }
    md.append("\n## Start-up\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Median of %d interleaved starts of the target with the Kafka rules config; \"JVM start"
                + " to main\" is measured inside the target (RuntimeMXBean start time to the first"
                + " line of main), so the agent's premain is included.%n%n",
            startup.runs()));
    md.append("| Agent | JVM start to main | Overhead | Process spawn to main |\n");
    md.append("| --- | ---: | ---: | ---: |\n");
    startup
        .medians()
        .forEach(
            (label, median) ->
                md.append("| ")
                    .append(label)
                    .append(" | ")
                    .append(number(median[0], "ms"))
                    .append(" | ")
                    .append(
                        label.equals(StartupBenchmark.NONE)
                            ? "–"
                            : number(startup.overhead(label), "ms"))
                    .append(" | ")
                    .append(number(median[1], "ms"))
                    .append(" |\n"));
  }

  private void method(Options options) {
    md.append("\n## How it is measured\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "- Target: `io.github.jmxprom.benchmarks.app.TargetApp`, a Kafka broker's MBeans"
                + " (per topic 8 BrokerTopicMetrics meters, per partition 4 Log and 6 Partition"
                + " gauges and a fetcher lag gauge; %d partitions per topic; RequestMetrics"
                + " histograms for 46 request types, controller, coordinator, quota and"
                + " socket-server beans) and a Tomcat server's (connectors, 10 web applications with"
                + " managers, servlets, data sources, caches with CompositeData and TabularData)."
                + " One getter always throws. JVM options `-Xms%s -Xmx%s -XX:+UseG1GC`"
                + " `-XX:+AlwaysPreTouch` (the heap touched at start, as a JVM that has run for a"
                + " while has touched it: otherwise first-touch page faults land in the measured"
                + " scrapes of the exporter that allocates less).%n",
            options.partitions(),
            options.heap(),
            options.heap()));
    md.append(
        String.format(
            Locale.ROOT,
            "- Each repetition starts fresh JVMs for both exporters (start order alternates), checks"
                + " equality, warms each up with at least %d scrapes (3 in the large and standalone"
                + " scenarios) and then until one of its scrapes makes the JIT compile for less than"
                + " 5 ms (at most 60), so both are measured warm, then scrapes them in turns; the order within a round alternates. Before every round"
                + " the target advances all values and replaces one topic (118 MBeans"
                + " unregistered, 118 registered).%n",
            options.warmup()));
    md.append(
        "- CPU: `OperatingSystemMXBean.getProcessCpuTime()` of the exporter's JVM (every thread,"
            + " GC and JIT included, and threads that ended during the scrape), read by a probe"
            + " endpoint in that JVM before and after the scrape; the cost of a pair of probe"
            + " readings alone (mean of 20) is subtracted. Linux counts it in 10 ms ticks: one"
            + " reading is coarse, the mean over many scrapes is not. Allocation:"
            + " `com.sun.management.ThreadMXBean.getTotalThreadAllocatedBytes()` (or the sum of"
            + " `getThreadAllocatedBytes` over live threads on JDKs without it, which misses threads"
            + " that live only during one scrape). Both are means over the"
            + " measured scrapes, wall times are percentiles.\n");
    md.append(
        "- Heap after GC: two `System.gc()` at the end of a repetition; the agent's overhead is"
            + " that minus the same target's heap after GC without an agent.\n");
    md.append("- Raw samples: `latest.csv`. Child JVM logs: `benchmarks/target/bench-work/`.\n");
  }
}
