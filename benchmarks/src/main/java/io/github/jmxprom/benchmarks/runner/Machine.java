package io.github.jmxprom.benchmarks.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the benchmark ran on, from /proc and the child JVM's {@code java -version}. */
final class Machine {

  private Machine() {}

  static String cpu() {
    List<String> lines = lines(Paths.get("/proc/cpuinfo"));
    String model = field(lines, "model name");
    long processors = lines.stream().filter(l -> l.startsWith("processor")).count();
    String mhz = field(lines, "cpu MHz");
    String cache = field(lines, "cache size");
    return processors
        + " × "
        + model
        + (mhz.isEmpty() ? "" : " @ " + Math.round(Double.parseDouble(mhz)) + " MHz")
        + (cache.isEmpty() ? "" : ", cache " + cache);
  }

  static String memory() {
    String total = field(lines(Paths.get("/proc/meminfo")), "MemTotal");
    if (total.isEmpty()) {
      return "?";
    }
    long kib = Long.parseLong(total.replace("kB", "").trim());
    return String.format("%.1f GiB", kib / 1048576.0);
  }

  static String kernel() {
    List<String> version = lines(Paths.get("/proc/version"));
    if (version.isEmpty()) {
      return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }
    String[] words = version.get(0).split(" ");
    return words.length >= 3 ? words[0] + " " + words[2] : version.get(0);
  }

  static String loadAverage() {
    List<String> load = lines(Paths.get("/proc/loadavg"));
    return load.isEmpty() ? "?" : String.join(" ", List.of(load.get(0).split(" ")).subList(0, 3));
  }

  static String java(Path java) {
    try {
      Process process =
          new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(30, TimeUnit.SECONDS);
      String[] lines = output.split("\n");
      return lines.length >= 3 ? lines[2].trim() : output.trim();
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  private static String field(List<String> lines, String name) {
    for (String line : lines) {
      if (line.startsWith(name)) {
        int colon = line.indexOf(':');
        return colon < 0 ? "" : line.substring(colon + 1).trim();
      }
    }
    return "";
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of();
    }
  }
}
