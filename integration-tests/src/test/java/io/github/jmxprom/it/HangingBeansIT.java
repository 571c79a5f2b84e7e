package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.app.HangingApp;
import io.github.jmxprom.it.harness.ChildJvm;
import io.github.jmxprom.it.harness.ChildJvms;
import io.github.jmxprom.it.harness.ConfigFiles;
import io.github.jmxprom.it.harness.Exposition;
import io.github.jmxprom.it.harness.FreePort;
import io.github.jmxprom.it.harness.Http;
import io.github.jmxprom.it.harness.Jars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue F, item 2, with the agent's default settings (bean timeout 2 s, first retry after 15 s, at
 * most 4 threads stuck in getters, at most two timeouts waited through per scrape) in a real
 * application: a getter that blocks forever costs one scrape under 5 s and the rest is served; 50
 * scrapes while three getters block forever are all under 5 s, at most one of them is cut short,
 * the others serve every other bean, and at most 4 {@code jmxprom-scrape-} threads stay alive (the
 * 3 stuck ones and one walking); once the getters answer again every bean is back within the
 * back-off. Prints the measured figures.
 *
 * <p>Also a valid config whose first rule backtracks catastrophically ({@code (.*x){12}y}) on a
 * bean name of 60 x's, in the same application: the rule is given up on each time, the next rule
 * serves the bean, every scrape answers well within the bean timeout, the log names {@code
 * rules[0]} once, {@code jmx_scrape_pattern_aborted_total{rule="rules[0]"}} counts it, and the
 * application keeps running.
 */
class HangingBeansIT {

  @RegisterExtension final ChildJvms jvms = ChildJvms.perTest();
  @TempDir Path dir;

  private final Http http = Http.plain();

  @Test
  void foreverBlockingGettersCostBoundedTimeAndThreadsAndTheBeansRecover() throws Exception {
    int port = FreePort.pick();
    Path config = ConfigFiles.write(dir, "hostile.yaml", "includeObjectNames: ['it.hostile:*']\n");
    touch("hang-1");
    ChildJvm app = startServing("hanging-app", port, config);
    String base = "http://127.0.0.1:" + port;

    long start = System.nanoTime();
    Exposition first = http.scrape(base);
    double firstSeconds = seconds(start);
    assertThat(firstSeconds).as("scrape with one getter blocking forever").isLessThan(5);
    assertThat(first.value("it_hostile_Fine_Value", "n", "4")).isEqualTo(4);
    assertThat(first.value("it_hostile_Hung_Value", "n", "2")).isEqualTo(102);
    assertThat(first.find("it_hostile_Hung_Value", "n", "1")).isEmpty();
    assertThat(first.find("jmx_scrape_bean_quarantined"))
        .singleElement()
        .satisfies(s -> assertThat(s.labels().get("objectname")).contains("type=Hung", "n=1"));
    assertThat(first.value("jmx_scrape_error")).isZero();

    touch("hang-2");
    touch("hang-3");
    double slowest = 0;
    int cutShort = 0;
    Exposition last = null;
    for (int i = 0; i < 50; i++) {
      start = System.nanoTime();
      Exposition metrics = http.scrape(base);
      slowest = Math.max(slowest, seconds(start));
      cutShort += metrics.value("jmx_scrape_error") > 0 ? 1 : 0;
      last = metrics;
    }
    long guardThreads = guardThreads(app.pid());
    assertThat(slowest).as("slowest of 50 scrapes with 3 getters blocking forever").isLessThan(5);
    assertThat(cutShort).as("scrapes cut short of 50").isLessThanOrEqualTo(1);
    assertThat(last.value("it_hostile_Fine_Value", "n", "4")).isEqualTo(4);
    assertThat(last.value("jmx_scrape_error")).isZero();
    assertThat(guardThreads)
        .as("live jmxprom-scrape- threads after 50 scrapes")
        .isLessThanOrEqualTo(4);

    Files.delete(dir.resolve("hang-1"));
    Files.delete(dir.resolve("hang-2"));
    Files.delete(dir.resolve("hang-3"));
    start = System.nanoTime();
    Exposition recovered = null;
    while (seconds(start) < 60) {
      Exposition metrics = http.scrape(base);
      if (metrics.find("it_hostile_Hung_Value").size() == 3
          && metrics.find("jmx_scrape_bean_quarantined").isEmpty()) {
        recovered = metrics;
        break;
      }
      Thread.sleep(500);
    }
    double recoverySeconds = seconds(start);
    assertThat(recovered).as("all hung beans back within 60 s of answering again").isNotNull();
    assertThat(recovered.value("jmx_scrape_error")).isZero();
    assertThat(recovered.value("it_hostile_Fine_Value", "n", "0")).isZero();
    assertThat(guardThreads(app.pid()))
        .as("guard threads once the getters answer")
        .isLessThanOrEqualTo(1);
    System.out.printf(
        "HANGING BEANS: first scrape %.2f s; 50 scrapes with 3 blocked getters: slowest %.2f s,"
            + " %d cut short (jmx_scrape_error 1), %d guard threads alive; all beans back %.1f s"
            + " after the getters answer%n",
        firstSeconds, slowest, cutShort, guardThreads, recoverySeconds);
  }

  @Test
  void aCatastrophicallyBacktrackingRuleIsGivenUpOnInARunningApplication() throws Exception {
    int port = FreePort.pick();
    Path config =
        ConfigFiles.write(
            dir,
            "backtracking.yaml",
            "includeObjectNames: ['it.hostile.y:*']\n"
                + "rules:\n"
                + "- pattern: '(.*x){12}y'\n"
                + "  name: never_matched\n"
                + "- pattern: 'it.hostile.y<type=(\\w+)><>Value'\n"
                + "  name: fallback_value\n"
                + "  labels: {type: $1}\n");
    ChildJvm app = startServing("backtracking-app", port, config);
    String base = "http://127.0.0.1:" + port;
    Pattern alive = Pattern.compile("APP ALIVE [0-9]+");
    int scrapes = 20;
    double slowest = 0;
    long started = System.nanoTime();
    int aliveBefore = app.count(alive);
    Exposition last = null;
    for (int i = 0; i < scrapes; i++) {
      long start = System.nanoTime();
      Exposition metrics = http.scrape(base);
      slowest = Math.max(slowest, seconds(start));
      assertThat(metrics.value("fallback_value", "type", HangingApp.LONG_NAME))
          .as("scrape %d", i + 1)
          .isEqualTo(7);
      assertThat(metrics.find("never_matched")).isEmpty();
      assertThat(metrics.find("jmx_scrape_bean_quarantined")).isEmpty();
      assertThat(metrics.value("jmx_scrape_error")).isZero();
      last = metrics;
    }
    double seconds = seconds(started);
    // Loaded with a warning during premain that names the file and the rule's pattern.
    String warning = "backtracking.yaml: rules[0].pattern: '(.*x){12}' repeats a group";
    String warned = app.waitFor(warning, Duration.ofSeconds(5));
    Pattern loadWarning = Pattern.compile(Pattern.quote(warning));
    int warnings = app.count(loadWarning);
    double aborted = last.value("jmx_scrape_pattern_aborted_total", "rule", "rules[0]");
    String logged = app.waitFor("rules[0] '(.*x){12}y' gave up", Duration.ofSeconds(5));
    // The application went on: it kept beating while the scrapes ran (one beat per 200 ms).
    app.waitForCount(alive, aliveBefore + 2, Duration.ofSeconds(10));
    assertThat(aborted).as("inputs given up on in %d scrapes", scrapes).isGreaterThanOrEqualTo(1);
    assertThat(app.count(Pattern.compile("gave up after"))).as("logged once").isEqualTo(1);
    assertThat(warnings).as("load warnings\n%s", app.output()).isEqualTo(1);
    // The bean timeout (2 s): a rule that ran longer would have the bean quarantined.
    assertThat(slowest).as("slowest scrape").isLessThan(2);
    assertThat(app.isAlive()).isTrue();
    System.out.printf(
        "CATASTROPHIC PATTERN in a running application: %d scrapes in %.2f s, slowest %.3f s;"
            + " jmx_scrape_pattern_aborted_total{rule=\"rules[0]\"} %.0f; logged once: %s;"
            + " load warning (%d): %s%n",
        scrapes, seconds, slowest, aborted, logged.trim(), warnings, warned);
  }

  /** HangingApp with the agent on {@code port}, once it runs and the agent serves. */
  private ChildJvm startServing(String name, int port, Path config) throws Exception {
    ChildJvm app =
        jvms.start(
            ChildJvm.app(name)
                .mainClass(HangingApp.class)
                .javaagent(Jars.agent(), "127.0.0.1:" + port + ":" + config)
                .args(dir, 300));
    app.waitFor("APP READY", Duration.ofSeconds(30));
    // The agent starts its HTTP server on a thread of its own, perhaps after main began.
    app.waitFor("jmxprom: serving http://", Duration.ofSeconds(30));
    return app;
  }

  private void touch(String name) throws IOException {
    Files.writeString(dir.resolve(name), "");
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Threads of process {@code pid} named jmxprom-scrape-* (Linux keeps 15 characters). */
  static long guardThreads(long pid) throws IOException {
    try (Stream<Path> tasks = Files.list(Paths.get("/proc/" + pid + "/task"))) {
      return tasks
          .filter(
              task -> {
                try {
                  return Files.readString(task.resolve("comm")).startsWith("jmxprom-scrape");
                } catch (IOException e) {
                  return false; // the thread ended meanwhile
                }
              })
          .count();
    }
  }
}
