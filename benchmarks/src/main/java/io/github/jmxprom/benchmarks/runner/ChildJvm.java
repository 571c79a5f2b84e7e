package io.github.jmxprom.benchmarks.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the runner started. Output goes to a log file under target/bench-work and is kept in memory
 * so the runner can wait for a line. It is stopped through its own process handle only.
 */
final class ChildJvm implements AutoCloseable {

  /** Children still running, stopped by a shutdown hook if the runner is interrupted. */
  private static final Set<ChildJvm> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> RUNNING.forEach(child -> child.process.destroyForcibly()), "stop-children"));
  }

  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Path log;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static ChildJvm start(String name, List<String> command, Path logDirectory) throws IOException {
    Files.createDirectories(logDirectory);
    Path log = logDirectory.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("JDK_JAVA_OPTIONS");
    ChildJvm child = new ChildJvm(name, builder.start(), log);
    RUNNING.add(child);
    child.pump(String.join(" ", command));
    return child;
  }

  private void pump(String command) {
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  PrintWriter out =
                      new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
                out.println("$ " + command);
                String line;
                while ((line = in.readLine()) != null) {
                  out.println(line);
                  synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                  }
                }
              } catch (IOException e) {
                // the process went away
              }
            },
            "pump-" + name);
    pump.setDaemon(true);
    pump.start();
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  /** Waits for a line starting with {@code prefix}; returns it. */
  String waitForLine(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    synchronized (lines) {
      while (true) {
        for (; seen < lines.size(); seen++) {
          if (lines.get(seen).startsWith(prefix)) {
            return lines.get(seen);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !process.isAlive() && seen == lines.size()) {
          throw new IllegalStateException(
              name
                  + " did not print '"
                  + prefix
                  + "' ("
                  + (process.isAlive() ? "timeout" : "exited")
                  + "); see "
                  + log);
        }
        lines.wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
      }
    }
  }

  /** Waits until the process exits; returns its status. */
  int waitForExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(name + " did not exit; see " + log);
    }
    return process.exitValue();
  }

  /** Waits until something accepts connections on 127.0.0.1:port. */
  void waitForPort(int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
        return;
      } catch (IOException e) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(
              name + " does not listen on port " + port + "; see " + log, e);
        }
        Thread.sleep(50);
      }
    }
  }

  /** SIGTERM to this process only, SIGKILL after 10 s. */
  @Override
  public void close() {
    RUNNING.remove(this);
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** A port that is free on 127.0.0.1 right now. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
