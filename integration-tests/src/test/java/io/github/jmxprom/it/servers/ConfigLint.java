package io.github.jmxprom.it.servers;

import io.github.jmxprom.it.harness.ChildJvm;
import io.github.jmxprom.it.harness.Jars;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs the standalone jar's lint command, {@code java -jar jmxprom-standalone.jar lint config.yaml
 * --target host:port}: it loads the config, reads every MBean of the target over JMX remote, and
 * prints for each rule how many attributes it matched and how many samples it made, or that it
 * matches nothing (exit status 0: every rule matches; 1: findings; 2: cannot run).
 *
 * <pre>{@code
 * ConfigLint.Result lint = ConfigLint.run(RepoFiles.path("config-samples/tomcat.yaml"), tomcat.jmxHostPort());
 * lint.assertEveryRuleMatches();
 * }</pre>
 */
public final class ConfigLint {

  private ConfigLint() {}

  /** Lints {@code config} against the JVM whose JMX remote port is {@code target}. */
  public static Result run(Path config, String target) {
    ChildJvm lint =
        ChildJvm.jar("lint " + config.getFileName(), Jars.standalone())
            .args("lint", config, "--target", target)
            .start();
    try {
      int status = lint.waitForExit(Duration.ofSeconds(120));
      return new Result(status, lint.output());
    } finally {
      lint.destroy();
    }
  }

  /** Exit status and output of one lint run. */
  public static final class Result {
    private final int exitCode;
    private final String output;

    Result(int exitCode, String output) {
      this.exitCode = exitCode;
      this.output = output;
    }

    public int exitCode() {
      return exitCode;
    }

    public String output() {
      return output;
    }

    /** The lines about rules that match nothing on the target. */
    public List<String> deadRules() {
      return output
          .lines()
          .filter(line -> line.contains("matches nothing"))
          .collect(Collectors.toList());
    }

    /** Fails, with the whole output, unless the exit status is 0 and no rule is dead. */
    public Result assertEveryRuleMatches() {
      if (!output.contains(" series from ")) {
        throw new AssertionError(
            "lint did not report on the rules (exit status " + exitCode + "):\n" + output);
      }
      if (exitCode != 0 || !deadRules().isEmpty()) {
        throw new AssertionError(
            "lint exit status "
                + exitCode
                + ", rules matching nothing: "
                + deadRules()
                + "\n"
                + output);
      }
      return this;
    }

    @Override
    public String toString() {
      return output + "\n(exit " + exitCode + ")";
    }
  }
}
