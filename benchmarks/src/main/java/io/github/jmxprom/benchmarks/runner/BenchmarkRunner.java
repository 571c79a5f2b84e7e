package io.github.jmxprom.benchmarks.runner;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the side-by-side benchmark and writes results/latest.md, latest.svg and latest.csv.
 *
 * <pre>
 * benchmarks/run.sh [--n 10000] [--n-large 50000] [--scenarios agent-rules,...] ...
 * </pre>
 *
 * See {@link Options} for every option.
 */
public final class BenchmarkRunner {

  private BenchmarkRunner() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    PrintStream log = System.out;
    String date =
        ZonedDateTime.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    String machine =
        Machine.cpu()
            + ", "
            + Machine.memory()
            + " RAM, "
            + Machine.kernel()
            + "; "
            + Machine.java(options.java());
    String loadBefore = Machine.loadAverage();
    log.println("jmxprom benchmarks, " + date + "\n  " + machine + "\n  load " + loadBefore);
    Launcher launcher = new Launcher(options);
    long started = System.nanoTime();

    StartupBenchmark.Result startup = null;
    if (options.startupRuns() > 0) {
      log.println("start-up (" + options.startupRuns() + " runs per variant)");
      startup = StartupBenchmark.run(options, launcher, log);
    }

    List<Summary> summaries = new ArrayList<>();
    List<String> csv = new ArrayList<>(List.of(ScrapeSample.csvHeader()));
    ScenarioRunner runner = new ScenarioRunner(options, launcher, log);
    for (Scenario scenario : Scenario.of(options)) {
      List<RepResult> reps = new ArrayList<>();
      int repetitions = scenario.large() ? options.repsLarge() : options.reps();
      for (int rep = 1; rep <= repetitions; rep++) {
        log.printf(Locale.ROOT, "%s, repetition %d/%d%n", scenario.label(), rep, repetitions);
        RepResult result = runner.run(scenario, rep);
        reps.add(result);
        result.samples().forEach(sample -> csv.add(sample.csv()));
      }
      Summary summary = new Summary(scenario, reps);
      summaries.add(summary);
      log.printf(
          Locale.ROOT,
          "  => p50 %s vs %s, CPU/scrape %s vs %s (%s), alloc/scrape %s vs %s (%s)%n",
          Report.number(summary.wallP50(Exporter.JMX_EXPORTER), "ms"),
          Report.number(summary.wallP50(Exporter.JMXPROM), "ms"),
          Report.number(summary.exporterSideCpu(Exporter.JMX_EXPORTER), "ms"),
          Report.number(summary.exporterSideCpu(Exporter.JMXPROM), "ms"),
          Report.ratio(
              Summary.ratio(
                  summary.exporterSideCpu(Exporter.JMX_EXPORTER),
                  summary.exporterSideCpu(Exporter.JMXPROM))),
          Report.number(summary.exporterSideAlloc(Exporter.JMX_EXPORTER), "MiB"),
          Report.number(summary.exporterSideAlloc(Exporter.JMXPROM), "MiB"),
          Report.ratio(
              Summary.ratio(
                  summary.exporterSideAlloc(Exporter.JMX_EXPORTER),
                  summary.exporterSideAlloc(Exporter.JMXPROM))));
    }

    String profile = null;
    if (options.profileSeconds() > 0) {
      log.println("profile of jmxprom (" + options.profileSeconds() + " s of scrapes under JFR)");
      profile = JfrProfile.run(options, launcher, log);
    }

    String loadAfter = Machine.loadAverage();
    Files.createDirectories(options.out());
    Path markdown = options.out().resolve("latest.md");
    Files.writeString(
        markdown,
        Report.markdown(options, date, machine, loadBefore, loadAfter, summaries, startup, profile),
        StandardCharsets.UTF_8);
    Files.writeString(
        options.out().resolve("latest.svg"),
        SvgChart.render(summaries, date + " · " + Machine.cpu()),
        StandardCharsets.UTF_8);
    Files.write(options.out().resolve("latest.csv"), csv, StandardCharsets.UTF_8);
    log.printf(
        Locale.ROOT,
        "done in %.1f min: %s (and latest.svg, latest.csv)%n",
        (System.nanoTime() - started) / 60e9,
        markdown);
  }
}
