package io.github.jmxprom.collector.config;

import static io.github.jmxprom.collector.config.HttpServerConfigTest.error;
import static io.github.jmxprom.collector.config.HttpServerConfigTest.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.config.HttpServerConfig.BasicAuthentication;
import io.github.jmxprom.collector.config.HttpServerConfig.PasswordAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@code httpServer.authentication.basic}. */
class HttpServerBasicAuthenticationTest {
  private static final String PREFIX = "httpServer:\n  authentication:\n    basic: ";

  @Test
  void readsASha256HashTheWayItIsChecked() throws Exception {
    BasicAuthentication basic =
        read("""
                httpServer:
                  authentication:
                    basic:
                      username: Prometheus
                      algorithm: SHA-256
                      passwordHash: 2bf7ed4906ac065bde39f7508d6102a6cdd7153a929ea883ff6cd04442772c99
                      salt: 'U9i%=N+m]#i9yvUV:bA/3n4X9JdPXf=n'
                """)
            .getBasicAuthentication();
    assertThat(basic.getAlgorithm()).isEqualTo(PasswordAlgorithm.SHA_256);
    assertThat(basic.getPassword()).isNull();
    assertThat(basic.getIterations()).isZero();
    byte[] expected =
        MessageDigest.getInstance(basic.getAlgorithm().getConfigName())
            .digest((basic.getSalt() + ":secret").getBytes(StandardCharsets.UTF_8));
    assertThat(basic.getPasswordHash()).isEqualTo(expected);
  }

  @Test
  void readsAPbkdf2HashWithColonsAndTheDefaults() {
    BasicAuthentication basic =
        read("""
                httpServer:
                  authentication:
                    basic:
                      username: Prometheus
                      algorithm: PBKDF2WithHmacSHA256
                      passwordHash: 02:56:48:21:BA:EF:62:CC:92:79:90:c4:e6:45:f0:48
                      salt: 98LeBWIjca
                """)
            .getBasicAuthentication();
    assertThat(basic.getAlgorithm().isPbkdf2()).isTrue();
    assertThat(basic.getPasswordHash())
        .isEqualTo(HexFormat.of().parseHex("02564821baef62cc927990c4e645f048"));
    assertThat(basic.getSalt()).isEqualTo("98LeBWIjca");
    assertThat(basic.getIterations()).isEqualTo(600_000);
    assertThat(basic.getKeyLength()).isEqualTo(128);
    assertThat(basic.toString()).doesNotContain("98LeBWIjca", "02:56", "0256");
  }

  @Test
  void hasJmxExportersDefaultIterationsPerAlgorithm() {
    assertThat(PasswordAlgorithm.PBKDF2_WITH_HMAC_SHA1.defaultIterations()).isEqualTo(1_300_000);
    assertThat(PasswordAlgorithm.PBKDF2_WITH_HMAC_SHA256.defaultIterations()).isEqualTo(600_000);
    assertThat(PasswordAlgorithm.PBKDF2_WITH_HMAC_SHA512.defaultIterations()).isEqualTo(210_000);
    assertThat(PasswordAlgorithm.SHA_512.isPbkdf2()).isFalse();
  }

  @Test
  void acceptsKeyLengthInBitsOrInTheOlderByteForm() {
    String yaml =
        """
        httpServer:
          authentication:
            basic:
              username: u
              algorithm: PBKDF2WithHmacSHA512
              passwordHash: '%s'
              salt: s
              iterations: 210000
              keyLength: %d
        """;
    String hash32 = "ab".repeat(32);
    assertThat(read(yaml.formatted(hash32, 256)).getBasicAuthentication().getKeyLength())
        .isEqualTo(256);
    assertThat(read(yaml.formatted(hash32, 32)).getBasicAuthentication().getKeyLength())
        .isEqualTo(32);
    assertThat(error(yaml.formatted(hash32, 128)))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic.keyLength: passwordHash has 256 bits"
                + " (64 hex digits) but keyLength is 128; they must match (line 9, column 18)");
  }

  @Test
  void theDefaultKeyLengthMustMatchTheHash() {
    String message =
        error(
            """
            httpServer:
              authentication:
                basic:
                  username: u
                  algorithm: PBKDF2WithHmacSHA1
                  passwordHash: %s
                  salt: s
            """
                .formatted("cd".repeat(32)));
    assertThat(message)
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic.passwordHash: passwordHash has 256 bits"
                + " (64 hex digits) but keyLength is 128 (the default); they must match"
                + " (line 6, column 21)")
        .doesNotContain("cdcd");
  }

  @Test
  void warnsAboutFewIterations() {
    HttpServerConfig config =
        read(
            """
            httpServer:
              authentication:
                basic:
                  username: u
                  algorithm: PBKDF2WithHmacSHA256
                  passwordHash: 02564821baef62cc927990c4e645f048
                  salt: s
                  iterations: 1000
            """);
    assertThat(config.getBasicAuthentication().getIterations()).isEqualTo(1000);
    assertThat(config.getWarnings())
        .containsExactly(
            "test.yaml: httpServer.authentication.basic.iterations: 1000 is below the 600000"
                + " recommended for PBKDF2WithHmacSHA256; a stolen hash is easier to crack"
                + " (line 8, column 19)");
  }

  @Test
  void plaintextIsNamedInAnyCase() {
    assertThat(
            read("httpServer: {authentication: {basic: {username: u, password: p,"
                    + " algorithm: PlainText}}}")
                .getBasicAuthentication()
                .getAlgorithm())
        .isEqualTo(PasswordAlgorithm.PLAINTEXT);
  }

  @Test
  void needsAUsername() {
    assertThat(error(PREFIX + "{password: p}\n"))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic: missing key 'username'"
                + " (line 3, column 12)");
    assertThat(error(PREFIX + "{username: '', password: p}\n"))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic.username: must not be empty"
                + " (line 3, column 23)");
    assertThat(error(PREFIX + "{username: '${EMPTY}', password: p}\n"))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic.username: environment variable EMPTY"
                + " is empty; set it before starting the exporter or write the value in the file"
                + " (line 3, column 23)");
  }

  @Test
  void plaintextNeedsAPassword() {
    assertThat(error(PREFIX + "{username: u}\n"))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic: missing key 'password'"
                + " (line 3, column 12)");
    assertThat(error(PREFIX + "{username: u, password: ' '}\n"))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic.password: must not be empty"
                + " (line 3, column 36)");
    assertThat(error(PREFIX + "{username: u, password: '${NOPE}'}\n"))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic.password: environment variable NOPE is"
                + " not set; set it before starting the exporter or write the value in the file"
                + " (line 3, column 36)");
    assertThat(error(PREFIX + "{username: u, password: {a: b}}\n"))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic.password: expected a string, got a"
                + " mapping (line 3, column 36)");
  }

  @Test
  void neverShowsAPasswordThatIsNotAString() {
    assertThat(error(PREFIX + "{username: u, password: 7654321}\n"))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic.password: expected a string; put the"
                + " value in quotes so that YAML keeps it exactly as written (the value is not"
                + " shown because it is secret) (line 3, column 36)");
    assertThat(error(PREFIX + "{username: u, password: yes}\n")).doesNotContain("true", "yes");
  }

  @Test
  void rejectsUnknownAlgorithms() {
    assertThat(error(PREFIX + "{username: u, algorithm: sha-256}\n"))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic.algorithm: unsupported algorithm"
                + " \"sha-256\", did you mean 'SHA-256'? (line 3, column 37)");
    assertThat(error(PREFIX + "{username: u, algorithm: bcrypt}\n"))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic.algorithm: unsupported algorithm"
                + " \"bcrypt\"; supported are plaintext, SHA-1, SHA-256, SHA-512,"
                + " PBKDF2WithHmacSHA1, PBKDF2WithHmacSHA256, PBKDF2WithHmacSHA512"
                + " (line 3, column 37)");
  }

  @Test
  void plaintextRejectsHashSettings() {
    assertThat(error(PREFIX + "{username: u, password: p, salt: s}\n"))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic.salt: only used with a hashing"
                + " algorithm; set algorithm (e.g. SHA-256 or PBKDF2WithHmacSHA256) or remove"
                + " this key (line 3, column 45)");
  }

  @Test
  void hashedAlgorithmsRejectAPlaintextPassword() {
    assertThat(
            error(
                """
                httpServer:
                  authentication:
                    basic:
                      username: u
                      algorithm: SHA-256
                      password: secret
                """))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic.password: only used with algorithm"
                + " plaintext; SHA-256 checks passwordHash and salt instead (line 6, column 17)");
  }

  @Test
  void hashedAlgorithmsNeedHashAndSalt() {
    String base = "httpServer:\n  authentication:\n    basic:\n      username: u\n";
    assertThat(error(base + "      algorithm: SHA-1\n      salt: s\n"))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic: missing key 'passwordHash' (algorithm"
                + " SHA-1 needs passwordHash and salt) (line 4, column 7)");
    assertThat(
            error(base + "      algorithm: SHA-1\n      passwordHash: '" + "0".repeat(40) + "'\n"))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic: missing key 'salt' (algorithm"
                + " SHA-1 needs passwordHash and salt) (line 4, column 7)");
  }

  @Test
  void hashesMustBeHexOfTheRightLengthAndAreNeverShown() {
    String base =
        "httpServer:\n  authentication:\n    basic:\n      username: u\n"
            + "      algorithm: SHA-256\n      salt: s\n      passwordHash: ";
    assertThat(error(base + "abc\n"))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic.passwordHash: has an odd number of hex"
                + " digits (3); every byte takes two, so one is missing or extra"
                + " (line 7, column 21)");
    assertThat(error(base + "'ab:cg'\n"))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic.passwordHash: expected hexadecimal"
                + " digits (0-9, a-f), optionally separated by ':'; character 5 is neither"
                + " (line 7, column 21)");
    assertThat(error(base + "':'\n"))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic.passwordHash: must not be empty"
                + " (line 7, column 21)");
    assertThat(error(base + "abcd\n"))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic.passwordHash: a SHA-256 hash has 64"
                + " hex digits, this one has 4 (line 7, column 21)");
    // 12:34:56 is a YAML 1.1 base-60 number; the message must show neither form.
    assertThat(error(base + "12:34:56\n"))
        .contains("put the value in quotes")
        .doesNotContain("12:34:56", "45296");
  }

  @Test
  void iterationsAndKeyLengthAreOnlyForPbkdf2() {
    assertThat(
            error(
                """
                httpServer:
                  authentication:
                    basic:
                      username: u
                      algorithm: SHA-512
                      passwordHash: '%s'
                      salt: s
                      keyLength: 512
                """
                    .formatted("ef".repeat(64))))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic.keyLength: only used by the PBKDF2"
                + " algorithms, not SHA-512 (line 8, column 18)");
  }

  @Test
  void iterationsAreAtLeastOne() {
    assertThat(
            error(
                """
                httpServer:
                  authentication:
                    basic:
                      username: u
                      algorithm: PBKDF2WithHmacSHA256
                      passwordHash: 02564821baef62cc927990c4e645f048
                      salt: s
                      iterations: 0
                """))
        .isEqualTo(
            "test.yaml: httpServer.authentication.basic.iterations: must be at least 1, got 0"
                + " (line 8, column 19)");
  }
}
