package io.github.jmxprom.standalone;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What a command printed, for the tests of the commands that take their output streams instead of
 * writing to {@code System.out} (lint, explain, dump): its exit status, stdout and stderr.
 *
 * <pre>{@code
 * Captured lint = Captured.run(Lint::run, "rules.yaml", "--inventory", "inventory.json");
 * assertThat(lint.status()).isZero();
 * assertThat(lint.out()).contains("matches nothing");
 * }</pre>
 */
public record Captured(int status, String out, String err) {

  /** A command line with the streams it prints to. */
  @FunctionalInterface
  public interface Command {
    int run(String[] args, PrintStream out, PrintStream err);
  }

  /** Runs {@code command} with {@code args}, stdout and stderr kept as UTF-8 text. */
  public static Captured run(Command command, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        command.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Captured(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
