package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.app.TinyTarget;
import io.github.jmxprom.it.harness.ChildJvm;
import io.github.jmxprom.it.harness.ChildJvms;
import io.github.jmxprom.it.harness.ConfigFiles;
import io.github.jmxprom.it.harness.Exposition;
import io.github.jmxprom.it.harness.FreePort;
import io.github.jmxprom.it.harness.Http;
import io.github.jmxprom.it.harness.Jars;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue F, item 5: a target JVM that is killed, paused ({@code SIGSTOP}) and restarted on the same
 * JMX port, read by the standalone scraper through {@code hostPort} ({@code /metrics}) and through
 * {@code /probe?target=}. While the target is gone or paused every scrape answers within
 * Prometheus' scrape timeout (10 s, sent in the header) with {@code jmx_scrape_error 1} (HTTP 200);
 * the first scrape after its port accepts again (after {@code SIGCONT}) serves the new JVM's beans
 * with {@code jmx_scrape_error 0}; over 100 restarts the exporter's threads and open file
 * descriptors stay bounded. Prints the measured figures (README, section Reliability).
 */
class LostTargetIT {

  /**
   * The target's pid from its platform MBeans: served as soon as the JMX port accepts (the
   * management agent starts before {@code main}, which is too late to register beans of its own).
   */
  static final String PID = "java_lang_Runtime_Pid";

  static final Duration START = Duration.ofSeconds(30);
  static final Pattern SERVING = Pattern.compile("jmxprom: serving http://");

  /**
   * The scrape timeout Prometheus sends by default; {@code /metrics} and {@code /probe} both answer
   * half a second before it.
   */
  static final int SCRAPE_TIMEOUT_SECONDS = 10;

  /**
   * The exporter's own deadline for an answer: the header less half a second, counted from the
   * request's arrival.
   */
  static final double DEADLINE_SECONDS = SCRAPE_TIMEOUT_SECONDS - 0.5;

  /**
   * What this client may see beyond that deadline: its own connect and request before the arrival,
   * the writing of a few KB of self-metrics on the loopback after it, and the late wake-up of a
   * timed wait on a loaded 2-core machine (tens of milliseconds each at most). Less than half of
   * the half second the exporter keeps in hand, so the answer still comes before Prometheus gives
   * up.
   */
  static final double MARGIN_SECONDS = 0.2;

  /** Growth allowed between restart 1 and the last one: a few threads or sockets in flux. */
  static final int SLACK = 6;

  @RegisterExtension final ChildJvms jvms = ChildJvms.perTest();
  @TempDir Path dir;

  private final Http http = Http.plain();

  @Test
  void standaloneMetricsSurviveAKilledPausedAndHundredTimesRestartedTarget() {
    int jmxPort = FreePort.pick();
    ChildJvm target = startTarget(jmxPort, 0);
    ChildJvm exporter = startExporter("standalone", "hostPort: 127.0.0.1:" + jmxPort + "\n");
    String base = baseOf(exporter);
    run("standalone /metrics", () -> get(base + "/metrics"), exporter, target, jmxPort, 100);
  }

  @Test
  void probeSurvivesAKilledPausedAndRestartedTarget() {
    int jmxPort = FreePort.pick();
    ChildJvm target = startTarget(jmxPort, 0);
    ChildJvm exporter = startExporter("gateway", "allowedTargets: ['127.0.0.1:*']\n");
    String url = baseOf(exporter) + "/probe?target=127.0.0.1:" + jmxPort;
    run("/probe", () -> get(url), exporter, target, jmxPort, 100);
  }

  /** The whole scenario against one exporter; prints the figures. */
  private void run(
      String mode,
      Scrape scrape,
      ChildJvm exporter,
      ChildJvm firstTarget,
      int jmxPort,
      int restarts) {
    long started = System.nanoTime();
    Timed up = Timed.of(scrape);
    assertThat(up.metrics.value("jmx_scrape_error")).isZero();
    assertThat(up.metrics.value(PID)).isEqualTo(firstTarget.pid());

    // Paused: the kernel still accepts and keeps the connection, the JVM answers nothing.
    signal("STOP", firstTarget);
    double slowestPaused = 0;
    double pausedOwn = 0; // the exporter's own jmx_scrape_duration_seconds of that answer
    for (int i = 0; i < 3; i++) {
      Timed paused = Timed.of(scrape);
      if (paused.seconds > slowestPaused) {
        slowestPaused = paused.seconds;
        pausedOwn = paused.metrics.value("jmx_scrape_duration_seconds");
      }
      assertThat(paused.metrics.value("jmx_scrape_error")).as("paused, scrape %d", i + 1).isOne();
      assertThat(paused.metrics.find(PID)).isEmpty();
    }
    signal("CONT", firstTarget);
    Timed resumed = Timed.of(scrape);
    assertThat(resumed.metrics.value("jmx_scrape_error")).as("first scrape after SIGCONT").isZero();
    assertThat(resumed.metrics.value(PID)).isEqualTo(firstTarget.pid());

    ChildJvm target = firstTarget;
    double slowestGone = 0;
    double slowestBack = 0;
    Usage afterFirst = null;
    long restartNanos = 0; // stopping the old target and starting the new one until it listens
    for (int restart = 1; restart <= restarts; restart++) {
      long stop = System.nanoTime();
      target.destroy();
      restartNanos += System.nanoTime() - stop;
      Timed gone = Timed.of(scrape);
      slowestGone = Math.max(slowestGone, gone.seconds);
      assertThat(gone.metrics.value("jmx_scrape_error")).as("gone, restart %d", restart).isOne();
      assertThat(gone.metrics.find(PID)).isEmpty();

      long begin = System.nanoTime();
      target = startTarget(jmxPort, restart);
      restartNanos += System.nanoTime() - begin;
      Timed back = Timed.of(scrape);
      slowestBack = Math.max(slowestBack, back.seconds);
      assertThat(back.metrics.value("jmx_scrape_error"))
          .as("first scrape after restart %d\n%s", restart, back.metrics.text())
          .isZero();
      assertThat(back.metrics.value(PID)).isEqualTo(target.pid());
      if (restart == 1) {
        afterFirst = Usage.of(exporter);
      }
    }
    Usage afterLast = Usage.of(exporter);
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "LOST TARGETS %s: slowest answer paused %.2f s (the exporter's own"
            + " jmx_scrape_duration_seconds %.2f s, deadline %.2f s), gone %.2f s, first after"
            + " restart %.2f s; exporter after restart 1: %d threads, %d fds; after restart %d: %d"
            + " threads, %d fds; %d restarts in %.0f s (%.2f s a restart for stopping and starting"
            + " the target)%n  threads after restart %d: %s%n",
        mode,
        slowestPaused,
        pausedOwn,
        DEADLINE_SECONDS,
        slowestGone,
        slowestBack,
        afterFirst.threads,
        afterFirst.fds,
        restarts,
        afterLast.threads,
        afterLast.fds,
        restarts,
        seconds,
        restartNanos / 1e9 / restarts,
        restarts,
        afterLast.threadNames);

    assertThat(slowestPaused)
        .as(
            "slowest scrape while paused: the deadline %.1f s plus %.1f s",
            DEADLINE_SECONDS, MARGIN_SECONDS)
        .isLessThan(DEADLINE_SECONDS + MARGIN_SECONDS);
    assertThat(pausedOwn)
        .as("the time the exporter says it waited, within its deadline")
        .isLessThanOrEqualTo(DEADLINE_SECONDS + MARGIN_SECONDS);
    assertThat(slowestGone).as("slowest scrape while gone").isLessThan(SCRAPE_TIMEOUT_SECONDS);
    assertThat(afterLast.threads)
        .as("threads after restart %d (after restart 1: %s)", restarts, afterFirst.threadNames)
        .isLessThanOrEqualTo(afterFirst.threads + SLACK);
    assertThat(afterLast.fds)
        .as("open file descriptors after restart %d", restarts)
        .isLessThanOrEqualTo(afterFirst.fds + SLACK);
  }

  private ChildJvm startTarget(int jmxPort, int restart) {
    ChildJvm target =
        jvms.start(
            ChildJvm.app("target-" + restart).mainClass(TinyTarget.class).jmxRemote(jmxPort));
    // The JMX agent starts before main, so the port accepts before TARGET READY; the test scrapes
    // as soon as it accepts, which is what "the first scrape after it is back" means.
    assertThat(FreePort.awaitListening("127.0.0.1", jmxPort, START))
        .as("target %d listens on %d\n%s", restart, jmxPort, target.dump())
        .isTrue();
    return target;
  }

  private ChildJvm startExporter(String name, String config) {
    int port = FreePort.pick();
    Path file = ConfigFiles.write(dir, name + ".yaml", config);
    ChildJvm exporter =
        jvms.start(ChildJvm.jar(name, Jars.standalone()).args("127.0.0.1:" + port, file));
    exporter.waitFor(SERVING, START);
    return exporter;
  }

  private static String baseOf(ChildJvm exporter) {
    String line = exporter.waitFor("jmxprom: serving http://", START);
    java.util.regex.Matcher m = Pattern.compile("http://([0-9.]+:[0-9]+)").matcher(line);
    assertThat(m.find()).as(line).isTrue();
    return "http://" + m.group(1);
  }

  /** A scrape as Prometheus makes it: text format, its scrape timeout in the header, HTTP 200. */
  private Exposition get(String url) {
    Http.Response response =
        http.get(
            url,
            "Accept",
            "text/plain; version=0.0.4",
            "X-Prometheus-Scrape-Timeout-Seconds",
            Integer.toString(SCRAPE_TIMEOUT_SECONDS));
    assertThat(response.status()).as("GET %s\n%s", url, response.text()).isEqualTo(200);
    return Exposition.parse(response.text());
  }

  /** {@code kill -SIG pid} for a child this test started, by its own PID. */
  private static void signal(String signal, ChildJvm child) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid()))
              .redirectErrorStream(true)
              .start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(kill.exitValue()).as("kill -%s %d", signal, child.pid()).isZero();
    } catch (IOException e) {
      throw new AssertionError("kill -" + signal + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  interface Scrape {
    Exposition get();
  }

  /** One scrape and how long it took. */
  private static final class Timed {
    final Exposition metrics;
    final double seconds;

    private Timed(Exposition metrics, double seconds) {
      this.metrics = metrics;
      this.seconds = seconds;
    }

    static Timed of(Scrape scrape) {
      long start = System.nanoTime();
      Exposition metrics = scrape.get();
      return new Timed(metrics, (System.nanoTime() - start) / 1e9);
    }
  }

  /** The exporter's threads and open file descriptors, from /proc. */
  private static final class Usage {
    final int threads;
    final int fds;
    final Map<String, Integer> threadNames;

    private Usage(int threads, int fds, Map<String, Integer> threadNames) {
      this.threads = threads;
      this.fds = fds;
      this.threadNames = threadNames;
    }

    static Usage of(ChildJvm process) {
      Path proc = Paths.get("/proc", Long.toString(process.pid()));
      Map<String, Integer> names = new TreeMap<>();
      int threads = 0;
      try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
        for (Path task : (Iterable<Path>) tasks::iterator) {
          threads++;
          String name = comm(task);
          // Numbered threads (RMI TCP Connection(12)-..., jmxprom-probe-3) counted by kind.
          names.merge(name.replaceAll("[0-9]+", "N"), 1, Integer::sum);
        }
      } catch (IOException e) {
        throw new AssertionError("cannot list " + proc + "/task", e);
      }
      int fds;
      try (Stream<Path> open = Files.list(proc.resolve("fd"))) {
        fds = (int) open.count();
      } catch (IOException e) {
        throw new AssertionError("cannot list " + proc + "/fd", e);
      }
      return new Usage(threads, fds, names);
    }

    private static String comm(Path task) {
      try {
        return new String(Files.readAllBytes(task.resolve("comm")), StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        return "?"; // the thread ended meanwhile
      }
    }
  }
}
