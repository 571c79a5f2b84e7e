package io.github.jmxprom.javaagent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * What {@code /proc} tells about a local process before anything attaches to it: whether it exists,
 * who owns it, and its command line (to see {@code -XX:+DisableAttachMechanism} up front instead of
 * waiting for an attach that cannot answer). Where there is no {@code /proc} (macOS, Windows) every
 * answer is "unknown" and the attach itself reports what went wrong.
 */
final class LocalProcess {

  private final Path dir;

  LocalProcess(long pid) {
    this.dir = Paths.get("/proc", Long.toString(pid));
  }

  /** False only when {@code /proc} exists and has no such process. */
  boolean mayExist() {
    return !Files.isDirectory(Paths.get("/proc/self")) || Files.isDirectory(dir);
  }

  /** True only when {@code /proc} shows the process. */
  boolean isRunning() {
    return Files.isDirectory(dir);
  }

  /** The owning user, or null when unknown. */
  String owner() {
    try {
      return Files.getOwner(dir).getName();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  /** The command line, arguments separated by spaces, or "" when unknown. */
  String commandLine() {
    try {
      byte[] bytes = Files.readAllBytes(dir.resolve("cmdline"));
      return new String(bytes, StandardCharsets.UTF_8).replace('\0', ' ').trim();
    } catch (IOException | SecurityException e) {
      return "";
    }
  }

  boolean hasOption(String option) {
    return (" " + commandLine() + " ").contains(" " + option + " ");
  }
}
