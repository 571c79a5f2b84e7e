package io.github.jmxprom.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures of the standalone scraper that concern /probe. */
class JmxPromStandaloneTest {

  @TempDir Path dir;

  private String err;

  private int run(String yaml, String... args) throws IOException {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, yaml);
    String[] full = new String[args.length + 1];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = file.toString();
    Captured run = Captured.run((a, out, e) -> JmxPromStandalone.run(a, e), full);
    err = run.err();
    return run.status();
  }

  @Test
  void aConfigWithNeitherATargetNorProbeKeysSaysWhatIsMissing() throws IOException {
    assertThat(run("lowercaseOutputName: true\n", "127.0.0.1:1")).isEqualTo(1);
    assertThat(err)
        .contains("jmxprom: not started:")
        .contains("hostPort:")
        .contains("allowedTargets:");
  }

  @Test
  void probesWithoutAnHttpPortAreRefused() throws IOException {
    assertThat(run("allowedTargets: ['127.0.0.1:*']\nopenTelemetry: {}\n")).isEqualTo(1);
    assertThat(err).contains("/probe and /sd need an HTTP port");
  }
}
