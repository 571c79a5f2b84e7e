package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.harness.Jars;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The command lines of the packaged jars work after shading: every class the entry class calls must
 * still be reachable once it is relocated (a package-private one is not).
 */
class LaunchersIT {

  private static final class Run {
    final int status;
    final String output;

    Run(int status, String output) {
      this.status = status;
      this.output = output;
    }
  }

  private static Run java(Path jar, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  @Test
  void standaloneLintRunsFromTheShadedJar() throws Exception {
    Run help = java(Jars.standalone(), "lint", "--help");
    assertThat(help.output).contains("usage: java -jar jmxprom-standalone.jar lint");
    assertThat(help.status).isZero();

    Run sample = java(Jars.standalone(), "lint", "../config-samples/jvm-only.yaml");
    assertThat(sample.output).contains("jvm-only.yaml: config checked");
    assertThat(sample.status).isZero();
  }

  @Test
  void standaloneWithoutArgumentsPrintsTheUsageAndExitsTwo() throws Exception {
    Run run = java(Jars.standalone());
    assertThat(run.status).isEqualTo(2);
    assertThat(run.output)
        .contains("usage: java -jar jmxprom-standalone.jar [host:]port config.yaml");
  }

  @Test
  void theAgentJarRunAsAProgramExplainsHowToUseIt() throws Exception {
    Run run = java(Jars.agent());
    assertThat(run.status).isZero();
    assertThat(run.output)
        .contains("-javaagent:jmxprom-javaagent.jar=[host:]port:path/to/config.yaml");
  }
}
