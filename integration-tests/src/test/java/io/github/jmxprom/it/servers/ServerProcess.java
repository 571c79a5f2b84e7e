package io.github.jmxprom.it.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server process started for a test (Prometheus, Tomcat's {@code catalina.sh run}, a Kafka
 * broker, ...): stdout and stderr go to a log file, readiness is polled with a deadline, and it is
 * stopped by its own PID only (SIGTERM, SIGKILL after 20 s), never by name. Whatever is still
 * running when the test JVM exits is stopped by a shutdown hook.
 *
 * <pre>{@code
 * ProcessBuilder command = new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + config);
 * ServerProcess server = ServerProcess.start("prometheus", command, dir.resolve("prometheus.log"));
 * server.awaitReady("/-/ready answers", () -> FreePort.isListening("127.0.0.1", port), Duration.ofSeconds(20));
 * ...
 * server.stop();
 * }</pre>
 *
 * The fixtures in this package ({@link PrometheusServer}, {@link TomcatServer}) are built on it.
 */
public final class ServerProcess implements AutoCloseable {

  private static final List<ServerProcess> RUNNING = new ArrayList<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  List<ServerProcess> left;
                  synchronized (RUNNING) {
                    left = new ArrayList<>(RUNNING);
                  }
                  left.forEach(ServerProcess::stop);
                },
                "stop-server-processes"));
  }

  private final String name;
  private final List<String> command;
  private final Process process;
  private final Path log;

  private ServerProcess(String name, List<String> command, Process process, Path log) {
    this.name = name;
    this.command = command;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code builder}'s command with stdout and stderr appended to {@code log}. The builder's
   * environment and working directory are used as they are.
   */
  public static ServerProcess start(String name, ProcessBuilder builder, Path log) {
    builder
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      ServerProcess server =
          new ServerProcess(name, List.copyOf(builder.command()), builder.start(), log);
      synchronized (RUNNING) {
        RUNNING.add(server);
      }
      return server;
    } catch (IOException e) {
      throw new AssertionError("cannot start " + name + ": " + builder.command(), e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The log file: the process' stdout and stderr. */
  public Path log() {
    return log;
  }

  /** Everything the process has printed so far. */
  public String logText() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Polls {@code ready} every 100 ms until it is true. Fails with the end of the log when the
   * process exits first or the time is up.
   */
  public void awaitReady(String what, BooleanSupplier ready, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError(
            name + " exited (status " + process.exitValue() + ") before " + what + "\n" + dump());
      }
      if (ready.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + ": no " + what + " within " + timeout + "\n" + dump());
      }
      sleep(100);
    }
  }

  /** Stops the process and only it: SIGTERM to its PID, SIGKILL after 20 s. Safe to call twice. */
  public void stop() {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      synchronized (RUNNING) {
        RUNNING.remove(this);
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** The command and the last 80 lines of the log, for failure messages. */
  public String dump() {
    List<String> lines = logText().lines().toList();
    List<String> tail = lines.subList(Math.max(0, lines.size() - 80), lines.size());
    return "---- "
        + name
        + " (pid "
        + process.pid()
        + ", log "
        + log
        + ")\n$ "
        + String.join(" ", command)
        + "\n"
        + String.join("\n", tail)
        + "\n---- end of "
        + name;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
