package io.github.jmxprom.benchmarks.runner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds the command lines of the target and exporter JVMs and starts them. */
final class Launcher {

  static final String TARGET_MAIN = "io.github.jmxprom.benchmarks.app.TargetApp";

  private final Options options;
  private final Path benchJar;

  Launcher(Options options) throws IOException {
    this.options = options;
    this.benchJar = findBenchJar(options.home().resolve("target"));
    Files.createDirectories(options.work());
  }

  private static Path findBenchJar(Path target) throws IOException {
    try (var files = Files.list(target)) {
      return files
          .filter(p -> p.getFileName().toString().matches("jmxprom-benchmarks-.*\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IOException("no jmxprom-benchmarks jar in " + target));
    }
  }

  /** A config file from the runner's resources, written to the work directory. */
  Path config(String resource, String prefix, String name) throws IOException {
    Path file = options.work().resolve(name);
    try (InputStream in = Launcher.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IOException("missing resource " + resource);
      }
      Files.writeString(file, prefix + new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    return file;
  }

  /** The JVM options both exporters' targets get. */
  private List<String> targetJvm() {
    List<String> command = new ArrayList<>();
    command.add(options.java().toString());
    command.add("-Xms" + options.heap());
    command.add("-Xmx" + options.heap());
    command.add("-XX:+UseG1GC");
    return command;
  }

  /**
   * {@link #targetJvm} for the JVMs whose scrapes are measured, with the heap touched at start. A
   * JVM that has run for a while has touched its heap; a fresh one pays a page fault (the kernel
   * zeroing a page) the first time it writes to each page, and an exporter that allocates little
   * per scrape keeps reaching untouched pages for a hundred scrapes: without this, the measured
   * scrapes would carry that one-off kernel work (about half of jmxprom's CPU per scrape at
   * N=10,000), and jmx_exporter, which allocates more, would have paid it during its warm-up.
   */
  private List<String> measuredJvm() {
    List<String> command = targetJvm();
    command.add("-XX:+AlwaysPreTouch");
    return command;
  }

  private List<String> targetMain(int mbeans, int probePort) {
    return List.of(
        "-cp",
        benchJar.toString(),
        TARGET_MAIN,
        "--mbeans",
        Integer.toString(mbeans),
        "--partitions",
        Integer.toString(options.partitions()),
        "--probe-port",
        Integer.toString(probePort));
  }

  /** A target with an exporter's agent (exporter null: without one). */
  ChildJvm agentTarget(
      String name,
      Exporter exporter,
      int metricsPort,
      Path config,
      int mbeans,
      int probePort,
      List<String> extraJvmOptions)
      throws IOException {
    List<String> command = measuredJvm();
    command.addAll(extraJvmOptions);
    if (exporter != null) {
      command.add(
          "-javaagent:" + exporter.agentJar(options) + "=127.0.0.1:" + metricsPort + ":" + config);
    }
    command.addAll(targetMain(mbeans, probePort));
    return ChildJvm.start(name, command, options.work());
  }

  /** A target that a standalone exporter reads over RMI on {@code jmxPort}. */
  ChildJvm remoteTarget(String name, int jmxPort, int mbeans, int probePort) throws IOException {
    List<String> command = measuredJvm();
    command.add("-Dcom.sun.management.jmxremote.port=" + jmxPort);
    command.add("-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort);
    command.add("-Dcom.sun.management.jmxremote.host=127.0.0.1");
    command.add("-Dcom.sun.management.jmxremote.authenticate=false");
    command.add("-Dcom.sun.management.jmxremote.ssl=false");
    command.add("-Djava.rmi.server.hostname=127.0.0.1");
    command.addAll(targetMain(mbeans, probePort));
    return ChildJvm.start(name, command, options.work());
  }

  /** A standalone exporter, with the probe as java agent. */
  ChildJvm standalone(String name, Exporter exporter, int metricsPort, Path config, int probePort)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(options.java().toString());
    command.add("-Xms1g");
    command.add("-Xmx1g");
    command.add("-XX:+UseG1GC");
    command.add("-XX:+AlwaysPreTouch"); // see measuredJvm
    command.add("-javaagent:" + benchJar + "=" + probePort);
    command.add("-jar");
    command.add(exporter.standaloneJar(options).toString());
    command.add("127.0.0.1:" + metricsPort);
    command.add(config.toString());
    return ChildJvm.start(name, command, options.work());
  }

  /** A target that exits at the first line of main: for start-up time. */
  ChildJvm startupProbe(String name, Exporter exporter, int metricsPort, Path config)
      throws IOException {
    List<String> command = targetJvm();
    if (exporter != null) {
      command.add(
          "-javaagent:" + exporter.agentJar(options) + "=127.0.0.1:" + metricsPort + ":" + config);
    }
    command.addAll(List.of("-cp", benchJar.toString(), TARGET_MAIN, "--exit-after-main"));
    return ChildJvm.start(name, command, options.work());
  }

  static Duration readyTimeout(int mbeans) {
    return Duration.ofSeconds(60 + mbeans / 500);
  }
}
