package io.github.jmxprom.it.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code promtool} (installed with Prometheus) and returns its exit status and output.
 *
 * <pre>{@code
 * Promtool.Result result = Promtool.run(dir, "check", "rules", "alerts.yml");
 * assertThat(result.exitCode()).as(result.output()).isZero();
 * }</pre>
 */
public final class Promtool {

  private Promtool() {}

  /** The {@code promtool} executable on the PATH, if any. */
  public static Optional<Path> executable() {
    return PrometheusServer.onPath("promtool");
  }

  /** Runs {@code promtool arguments...} in {@code directory}; waits at most 2 minutes. */
  public static Result run(Path directory, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(
        executable()
            .orElseThrow(() -> new AssertionError("promtool is not on the PATH"))
            .toString());
    command.addAll(List.of(arguments));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("promtool did not finish: " + command);
      }
      return new Result(command, process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Exit status and output (stdout and stderr together) of one promtool run. */
  public static final class Result {
    private final List<String> command;
    private final int exitCode;
    private final String output;

    Result(List<String> command, int exitCode, String output) {
      this.command = command;
      this.exitCode = exitCode;
      this.output = output;
    }

    public int exitCode() {
      return exitCode;
    }

    public String output() {
      return output;
    }

    @Override
    public String toString() {
      return "$ " + String.join(" ", command) + "\n" + output + "(exit " + exitCode + ")";
    }
  }
}
