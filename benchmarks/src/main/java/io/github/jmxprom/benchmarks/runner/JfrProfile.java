package io.github.jmxprom.benchmarks.runner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where jmxprom's scrape time and allocation go: a JFR recording (settings=profile, 10 ms execution
 * samples, allocation samples) of the jmxprom agent while it is scraped in a loop, with the Kafka
 * rules at {@code --n} MBeans, summarised as markdown.
 */
final class JfrProfile {

  private static final String SHADED = "io.github.jmxprom.agent.shaded.";
  private static final String OURS = "io.github.jmxprom.";
  private static final String BENCH = "io.github.jmxprom.benchmarks.";

  private final Map<String, Integer> self = new HashMap<>();
  private final Map<String, Integer> inclusive = new HashMap<>();
  private final Map<String, Integer> categories = new LinkedHashMap<>();
  private final Map<String, Long> allocationSites = new HashMap<>();
  private final Map<String, Long> allocationTypes = new HashMap<>();
  private int scrapeSamples;
  private int otherSamples;
  private long allocationTotal;
  private int scrapes;
  private double seconds;

  private JfrProfile() {}

  static String run(Options options, Launcher launcher, PrintStream log) throws Exception {
    int metricsPort = ChildJvm.freePort();
    int probe = ChildJvm.freePort();
    String resource = options.profileRules() ? Scenario.KAFKA_RULES : Scenario.NO_RULES;
    Path config = launcher.config(resource, "", resource);
    Path recording = options.work().resolve("jmxprom-profile.jfr");
    Files.deleteIfExists(recording);
    JfrProfile profile = new JfrProfile();
    try (ChildJvm target =
        launcher.agentTarget(
            "profile-jmxprom",
            Exporter.JMXPROM,
            metricsPort,
            config,
            options.n(),
            probe,
            List.of("-XX:FlightRecorderOptions=stackdepth=256"))) {
      target.waitForLine("READY ", Launcher.readyTimeout(options.n()));
      target.waitForPort(metricsPort, Duration.ofSeconds(60));
      target.waitForPort(probe, Duration.ofSeconds(60));
      for (int i = 0; i < 3; i++) {
        Http.get(probe, "/tick", 60_000);
        Http.get(metricsPort, "/metrics", 600_000);
      }
      jcmd(options, target.pid(), "JFR.start", "name=bench", "settings=profile");
      long started = System.nanoTime();
      while (System.nanoTime() - started < options.profileSeconds() * 1_000_000_000L) {
        Http.get(probe, "/tick", 60_000);
        Http.get(metricsPort, "/metrics", 600_000);
        profile.scrapes++;
      }
      profile.seconds = (System.nanoTime() - started) / 1e9;
      jcmd(options, target.pid(), "JFR.stop", "name=bench", "filename=" + recording);
    }
    profile.read(recording);
    log.printf(
        Locale.ROOT,
        "  %d scrapes in %.1f s, %d execution samples in jmxprom code%n",
        profile.scrapes,
        profile.seconds,
        profile.scrapeSamples);
    return profile.markdown(options);
  }

  private static void jcmd(Options options, long pid, String... command)
      throws IOException, InterruptedException {
    Path jcmd = options.java().resolveSibling("jcmd");
    List<String> line = new java.util.ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
    line.addAll(List.of(command));
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("jcmd " + String.join(" ", command) + " failed: " + output);
    }
  }

  private void read(Path recording) throws IOException {
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        String type = event.getEventType().getName();
        if (type.equals("jdk.ExecutionSample")) {
          executionSample(event.getStackTrace());
        } else if (type.equals("jdk.ObjectAllocationSample")) {
          allocationSample(event);
        }
      }
    }
  }

  private void executionSample(RecordedStackTrace stack) {
    if (stack == null || stack.getFrames().isEmpty() || !ours(stack)) {
      otherSamples++;
      return;
    }
    scrapeSamples++;
    List<RecordedFrame> frames = stack.getFrames();
    String leaf = method(frames.get(0));
    self.merge(leaf, 1, Integer::sum);
    categories.merge(category(frames), 1, Integer::sum);
    Set<String> seen = new HashSet<>();
    for (RecordedFrame frame : frames) {
      String method = method(frame);
      if (isOurs(frame) && seen.add(method)) {
        inclusive.merge(method, 1, Integer::sum);
      }
    }
  }

  private void allocationSample(RecordedEvent event) {
    RecordedStackTrace stack = event.getStackTrace();
    if (stack == null || !ours(stack)) {
      return;
    }
    long weight = event.getLong("weight");
    allocationTotal += weight;
    String site = "?";
    for (RecordedFrame frame : stack.getFrames()) {
      if (isOurs(frame)) {
        site = method(frame) + ":" + frame.getLineNumber();
        break;
      }
    }
    String objectClass = event.getClass("objectClass").getName();
    allocationSites.merge(site + " (" + simple(objectClass) + ")", weight, Long::sum);
    allocationTypes.merge(simple(objectClass), weight, Long::sum);
  }

  private static boolean ours(RecordedStackTrace stack) {
    for (RecordedFrame frame : stack.getFrames()) {
      if (isOurs(frame)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isOurs(RecordedFrame frame) {
    if (!frame.isJavaFrame()) {
      return false;
    }
    String type = unshaded(frame.getMethod().getType().getName());
    return type.startsWith(OURS) && !type.startsWith(BENCH);
  }

  /** The class name as in the sources (the agent jar relocates ours and client_java). */
  private static String unshaded(String className) {
    return className.startsWith(SHADED) ? className.substring(SHADED.length()) : className;
  }

  private static String method(RecordedFrame frame) {
    String type = unshaded(frame.getMethod().getType().getName()).replace(OURS, "");
    int lambda = type.indexOf("$$Lambda");
    if (lambda >= 0) {
      type = type.substring(0, lambda + "$$Lambda".length()); // hidden class: drop its address
    }
    return type + "." + frame.getMethod().getName();
  }

  private static String simple(String className) {
    return unshaded(className);
  }

  /** What the sampled thread was doing, by the innermost frame that says something. */
  private static String category(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      String type = unshaded(frame.getMethod().getType().getName());
      if (type.startsWith("java.util.regex.")) {
        return "regex matching (java.util.regex)";
      }
      if (type.startsWith("com.sun.jmx.")
          || type.startsWith("javax.management.")
          || type.startsWith("java.lang.management.")
          || type.startsWith("sun.management.")) {
        return "MBeanServer / JMX (query, getAttribute(s), MBeanInfo)";
      }
      if (type.startsWith("io.prometheus.metrics.expositionformats.")
          || type.startsWith("sun.net.httpserver.")
          || type.startsWith("com.sun.net.httpserver.")
          || type.startsWith("java.util.zip.")) {
        return "exposition writing and HTTP";
      }
      if (type.startsWith("io.prometheus.metrics.model.")) {
        return "client_java snapshots (model)";
      }
      if (type.startsWith("io.github.jmxprom.")) {
        return "jmxprom code, with the JDK string/collection calls it makes";
      }
    }
    return "JDK (strings, collections, other)";
  }

  private String markdown(Options options) {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "JFR (`settings=profile`) on the jmxprom agent, %s, N=%,d MBeans: %d scrapes in"
                + " %.0f s; %d execution samples with a jmxprom frame on the stack (%d other"
                + " samples: idle JVM threads, probe).%n%n",
            options.profileRules() ? "Kafka rules" : "no rules",
            options.n(),
            scrapes,
            seconds,
            scrapeSamples,
            otherSamples));
    md.append("| Where the scrape's CPU samples are (innermost frame that tells) | Share |\n");
    md.append("| --- | ---: |\n");
    categories.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> md.append(row(e.getKey(), e.getValue(), scrapeSamples)));
    md.append("\n| Top methods by self time | Share |\n| --- | ---: |\n");
    top(self, 15).forEach(e -> md.append(row("`" + e.getKey() + "`", e.getValue(), scrapeSamples)));
    md.append("\n| jmxprom methods by total time (on the stack) | Share |\n| --- | ---: |\n");
    top(inclusive, 20)
        .forEach(e -> md.append(row("`" + e.getKey() + "`", e.getValue(), scrapeSamples)));
    md.append(
        String.format(
            Locale.ROOT,
            "%n| Allocation sites (first jmxprom frame, type), %.0f MiB sampled | Share |%n"
                + "| --- | ---: |%n",
            allocationTotal / 1048576.0));
    allocationSites.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(15)
        .forEach(
            e ->
                md.append(
                    String.format(
                        Locale.ROOT,
                        "| `%s` | %.1f %% |%n",
                        e.getKey(),
                        100.0 * e.getValue() / Math.max(1, allocationTotal))));
    return md.toString();
  }

  private static java.util.stream.Stream<Map.Entry<String, Integer>> top(
      Map<String, Integer> counts, int limit) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(limit);
  }

  private static String row(String label, int count, int total) {
    return String.format(
        Locale.ROOT, "| %s | %.1f %% |%n", label, 100.0 * count / Math.max(1, total));
  }
}
