package io.github.jmxprom.it.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short command to its end (Jetty's {@code start.jar --add-modules}, {@code artemis create},
 * {@code artemis producer}, ...): output appended to a log file, a deadline, and a failure with the
 * output when it exits with a status other than 0 or runs too long (then it is killed by its PID).
 *
 * <pre>{@code
 * String output = Commands.run("artemis create", new ProcessBuilder(...), dir.resolve("create.log"), Duration.ofSeconds(60));
 * }</pre>
 */
final class Commands {

  private Commands() {}

  /** Runs {@code builder}'s command; returns what it printed (stdout and stderr). */
  static String run(String name, ProcessBuilder builder, Path log, Duration timeout) {
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      long before = Files.exists(log) ? Files.size(log) : 0;
      builder
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Process process = builder.start();
      boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!exited) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      byte[] all = Files.readAllBytes(log);
      String output =
          new String(all, (int) before, all.length - (int) before, StandardCharsets.UTF_8);
      if (!exited || process.exitValue() != 0) {
        throw new AssertionError(
            name
                + (exited ? " failed with status " + process.exitValue() : " ran over " + timeout)
                + "\n$ "
                + String.join(" ", builder.command())
                + "\n"
                + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + name + ": " + builder.command(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
