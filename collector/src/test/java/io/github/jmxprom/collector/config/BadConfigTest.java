package io.github.jmxprom.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code src/test/resources/bad-configs/} is a config jmxprom must refuse at load
 * time. Its first line is {@code # expect: <message>}, the exact {@link ConfigException} message
 * with the file's path written as {@code <file>} and its directory as {@code <dir>} (for the {@code
 * ${file:...}} secrets next to it, the non-YAML files there). An optional second line {@code #
 * secret: <text>} names a value that must not appear anywhere in the message.
 */
class BadConfigTest {

  private static final String EXPECT = "# expect: ";
  private static final String SECRET = "# secret: ";

  @TempDir Path temp;

  static List<String> badConfigs() {
    try (Stream<Path> files = Files.list(directory())) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".yaml"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theCorpusCoversAtLeastThirtyMistakes() {
    assertThat(badConfigs()).hasSizeGreaterThanOrEqualTo(30);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigs")
  void isRefusedWithTheExpectedMessage(String name) throws IOException {
    Path file = directory().resolve(name);
    List<String> header = header(file);
    assertThat(header.get(0)).as("first line of " + name).startsWith(EXPECT);
    String expected = header.get(0).substring(EXPECT.length());

    String message = rejection(file);

    assertThat(
            message
                .replace(file.toString(), "<file>")
                .replace(file.getParent().toString(), "<dir>"))
        .isEqualTo(expected);
    if (header.get(1).startsWith(SECRET)) {
      assertThat(message).doesNotContain(header.get(1).substring(SECRET.length()));
    }
  }

  @Test
  void anEmptyFileIsRefusedWithHowToGetTheDefaults() throws IOException {
    Path file = Files.write(temp.resolve("empty.yaml"), new byte[0]);

    assertThat(rejection(file))
        .isEqualTo(
            file
                + ": the config is empty (or only comments); write {} to use the defaults"
                + " (export every MBean with the default format)");
  }

  @Test
  void aFileWithNulBytesIsNotYaml() throws IOException {
    byte[] bytes = "rules:\0\0\0\u0001\u0002- pattern: x\0".getBytes(StandardCharsets.US_ASCII);
    Path file = Files.write(temp.resolve("binary.yaml"), bytes);

    assertThat(rejection(file)).isEqualTo(file + ": not a YAML text file (it contains NUL bytes)");
  }

  @Test
  void aJarGivenAsTheConfigIsNotYamlRatherThanNotUtf8() throws IOException {
    // The classic mistake: -javaagent:agent.jar=8080:agent.jar. A jar is binary, not a YAML file
    // in the wrong encoding, so "save it as UTF-8" would send the user the wrong way.
    ByteArrayOutputStream jar = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(jar)) {
      zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
      zip.write(
          "Manifest-Version: 1.0\r\nPremain-Class: x.Agent\r\n".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    Path file = Files.write(temp.resolve("jmxprom-javaagent.jar"), jar.toByteArray());

    assertThat(rejection(file)).isEqualTo(file + ": not a YAML text file (it contains NUL bytes)");
  }

  @Test
  void aMissingFileNamesTheWorkingDirectory() {
    Path file = Path.of("no-such-dir", "config.yaml");

    assertThat(rejection(file))
        .isEqualTo(
            file
                + ": config file not found (working directory "
                + System.getProperty("user.dir")
                + "); check the path");
  }

  @Test
  void aDirectoryIsNotAConfigFile() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("conf.d"));

    assertThat(rejection(dir))
        .isEqualTo(dir + ": is a directory, not a config file; give the path of the YAML file");
  }

  private static String rejection(Path file) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file));
    assertThat(e).as("ConfigException for " + file).isNotNull();
    return e.getMessage();
  }

  /** The first two lines, read without assuming the rest of the file is UTF-8. */
  private static List<String> header(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    List<String> lines = Arrays.asList(text.split("\n", 3));
    String second = lines.size() > 1 ? lines.get(1) : "";
    return Arrays.asList(
        new String(lines.get(0).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8),
        new String(second.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
  }

  private static Path directory() {
    try {
      return Path.of(BadConfigTest.class.getResource("/bad-configs").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
