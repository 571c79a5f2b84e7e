package io.github.jmxprom.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ${file:PATH}}: a secret read from a file, with real files in a temporary directory. */
class SecretFileTest {

  private static final String SECRET = "s3cr3t-from-a-file";

  @TempDir Path dir;

  @Test
  void theFilesTextIsTheValueWithItsTrailingNewlineRemoved() throws IOException {
    write("unix", SECRET + "\n");
    write("windows", SECRET + "\r\n");
    write("bare", SECRET);

    for (String name : new String[] {"unix", "windows", "bare"}) {
      assertThat(load("password: ${file:" + dir.resolve(name) + "}\n").getPassword())
          .as(name)
          .isEqualTo(SECRET);
    }
  }

  @Test
  void theTextIsTrimmedLikeAnEnvironmentVariable() throws IOException {
    write("padded", "  pass word \t\n\n");

    assertThat(load("password: \" ${ file: " + dir.resolve("padded") + " } \"\n").getPassword())
        .isEqualTo("pass word");
  }

  @Test
  void aRelativePathIsReadFromTheConfigFilesDirectory() throws IOException {
    Files.createDirectories(dir.resolve("secrets"));
    write("secrets/jmx", "from-the-config-dir\n");

    assertThat(load("password: ${file:secrets/jmx}\n").getPassword())
        .isEqualTo("from-the-config-dir");
  }

  @Test
  void aRelativePathInConfigTextIsReadFromTheWorkingDirectory() {
    Path expected = Path.of(System.getProperty("user.dir"), "no-such-secret");

    assertThat(
            catchThrowableOfType(
                    ConfigException.class,
                    () -> ConfigLoader.load("password: ${file:no-such-secret}\n"))
                .getMessage())
        .isEqualTo(
            "<string>: password: secret file "
                + expected
                + " not found; check the path or create the file (line 1, column 11)");
  }

  @Test
  void everyKeyThatTakesAVariableTakesAFile() throws IOException {
    write("user", "monitor\n");
    write("pass", SECRET + "\n");
    String user = "${file:user}";
    String pass = "${file:pass}";
    CollectorConfig config =
        load(
            String.join(
                "\n",
                "username: " + user,
                "password: " + pass,
                "ssl:",
                "  keyStore: {filename: k.p12, password: '" + pass + "'}",
                "  trustStore: {filename: t.p12, password: '" + pass + "'}",
                "httpServer:",
                "  authentication:",
                "    basic: {username: '" + user + "', password: '" + pass + "'}",
                "  ssl:",
                "    keyStore: {filename: k.p12, password: '" + pass + "'}",
                "    mutualTLS: true",
                "    trustStore: {filename: t.p12, password: '" + pass + "'}",
                "modules:",
                "  secured: {username: '" + user + "', password: '" + pass + "'}",
                ""));

    assertThat(config.getUsername()).isEqualTo("monitor");
    assertThat(config.getPassword()).isEqualTo(SECRET);
    assertThat(config.getSsl().getKeyStore().getPassword()).isEqualTo(SECRET);
    assertThat(config.getSsl().getTrustStore().getPassword()).isEqualTo(SECRET);
    HttpServerConfig http = config.getHttpServer();
    assertThat(http.getBasicAuthentication().getUsername()).isEqualTo("monitor");
    assertThat(http.getBasicAuthentication().getPassword()).isEqualTo(SECRET);
    assertThat(http.getSsl().getKeyStore().getPassword()).isEqualTo(SECRET);
    assertThat(http.getSsl().getTrustStore().getPassword()).isEqualTo(SECRET);
    CollectorConfig module = config.getProbe().getModules().get("secured");
    assertThat(module.getUsername()).isEqualTo("monitor");
    assertThat(module.getPassword()).isEqualTo(SECRET);
    assertThat(
            Arrays.asList(
                config.getSsl().getKeyStore().toString(),
                config.getSsl().getTrustStore().toString(),
                http.toString()))
        .noneMatch(text -> text.contains(SECRET));
  }

  @Test
  void aMissingFileIsAnErrorNamingKeyAndPath() {
    assertThat(error("password: ${file:missing}\n"))
        .isEqualTo(
            config()
                + ": password: secret file "
                + dir.resolve("missing")
                + " not found; check the path or create the file (line 1, column 11)");
  }

  @Test
  void aDirectoryIsNotASecretFile() throws IOException {
    Files.createDirectories(dir.resolve("secret-volume"));

    assertThat(
            error(
                "httpServer: {authentication: {basic: {username: u, password: '${file:secret-volume}'}}}\n"))
        .isEqualTo(
            config()
                + ": httpServer.authentication.basic.password: secret file "
                + dir.resolve("secret-volume")
                + " is a directory; give the path of the file that holds the secret"
                + " (a Kubernetes secret volume has one file per key) (line 1, column 62)");
  }

  @Test
  void aDeviceIsNotASecretFile() {
    assumeTrue(Files.exists(Path.of("/dev/null")), "no /dev/null here");

    assertThat(error("password: ${file:/dev/null}\n"))
        .isEqualTo(
            config()
                + ": password: secret file /dev/null is not a regular file; give the path of the"
                + " file that holds the secret (line 1, column 11)");
  }

  @Test
  void anUnreadableFileIsAnError() throws IOException {
    Path file = write("locked", SECRET + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    assumeFalse(Files.isReadable(file), "running as root: permissions do not stop reading");

    assertThat(error("password: ${file:locked}\n"))
        .isEqualTo(
            config()
                + ": password: cannot read secret file "
                + file
                + ": permission denied for this user; give the exporter's user read access"
                + " (line 1, column 11)");
  }

  @Test
  void aBlankFileIsAnError() throws IOException {
    write("empty", "");
    write("blank", " \r\n\t\n");

    for (String name : new String[] {"empty", "blank"}) {
      assertThat(error("ssl: {keyStore: {filename: k, password: '${file:" + name + "}'}}\n"))
          .isEqualTo(
              config()
                  + ": ssl.keyStore.password: secret file "
                  + dir.resolve(name)
                  + " is empty (or only whitespace); write the secret into it or fix the path"
                  + " (line 1, column 41)");
    }
  }

  @Test
  void aFileOver64KibIsNotASecretAndItsContentIsNotShown() throws IOException {
    byte[] big = new byte[SecretFile.MAX_BYTES + 1];
    Arrays.fill(big, (byte) 'x');
    byte[] prefix = SECRET.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(prefix, 0, big, 0, prefix.length);
    Files.write(dir.resolve("big"), big);
    write("limit", "y".repeat(SecretFile.MAX_BYTES));

    assertThat(error("password: ${file:big}\n"))
        .isEqualTo(
            config()
                + ": password: secret file "
                + dir.resolve("big")
                + " is larger than 64 KiB, too large for a secret; check that the path names the"
                + " secret's file (line 1, column 11)")
        .doesNotContain(SECRET);
    assertThat(load("password: ${file:limit}\n").getPassword()).hasSize(SecretFile.MAX_BYTES);
  }

  @Test
  void aFileThatIsNotUtf8IsAnErrorThatDoesNotShowIt() throws IOException {
    byte[] text = (SECRET + "\u00ff").getBytes(StandardCharsets.ISO_8859_1);
    Files.write(dir.resolve("latin1"), text);

    assertThat(error("password: ${file:latin1}\n"))
        .isEqualTo(
            config()
                + ": password: secret file "
                + dir.resolve("latin1")
                + " is not UTF-8 text; save the secret as UTF-8 text (line 1, column 11)")
        .doesNotContain(SECRET);
  }

  @Test
  void anEmptyPathIsAnError() {
    assertThat(error("password: '${file: }'\n"))
        .isEqualTo(
            config()
                + ": password: empty path in ${file: }; write ${file:/path/to/the/secret}"
                + " (line 1, column 11)");
  }

  @Test
  void aLaterMistakeInTheFileDoesNotShowASecretAlreadyRead() throws IOException {
    write("pass", SECRET + "\n");

    assertThat(error("password: ${file:pass}\nrules: {}\n"))
        .isEqualTo(config() + ": rules: expected a list, got a mapping (line 2, column 8)");
  }

  @Test
  void onlyAWholeFileReferenceIsSubstituted() throws IOException {
    write("pass", SECRET + "\n");

    CollectorConfig config =
        ConfigLoader.parse(
            "test.yaml",
            "username: pre${file:pass}\npassword: ${FILE_PASSWORD}\n",
            Map.of("FILE_PASSWORD", "from-env"),
            dir.toFile());

    assertThat(config.getUsername()).isEqualTo("pre${file:pass}");
    assertThat(config.getPassword()).isEqualTo("from-env");
  }

  private CollectorConfig load(String yaml) throws IOException {
    return ConfigLoader.load(Files.writeString(dir.resolve("config.yaml"), yaml));
  }

  private String error(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml));
    assertThat(e).as("ConfigException for\n" + yaml).isNotNull();
    return e.getMessage();
  }

  private Path config() {
    return dir.resolve("config.yaml");
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
