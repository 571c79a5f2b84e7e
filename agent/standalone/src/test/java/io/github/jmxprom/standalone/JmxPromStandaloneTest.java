package io.github.jmxprom.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int status = JmxPromStandalone.run(full, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    err = bytes.toString(StandardCharsets.UTF_8);
    return status;
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
