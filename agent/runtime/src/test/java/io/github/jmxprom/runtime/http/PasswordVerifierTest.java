package io.github.jmxprom.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.config.HttpServerConfig.BasicAuthentication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The password checks against the hashes verified for jmx_exporter (behaviour reference 5.5). */
class PasswordVerifierTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SHA-1 | f43eab5fac834f683a1b9453d5e9cb356599c082 | uv=//2NtFCUS{::tY9P.DCv_jzmPja#%",
        "SHA-256 | 2bf7ed4906ac065bde39f7508d6102a6cdd7153a929ea883ff6cd04442772c99"
            + " | U9i%=N+m]#i9yvUV:bA/3n4X9JdPXf=n",
        "PBKDF2WithHmacSHA1 | 26:40:93:17:BB:A0:82:68:1E:67:46:61:9F:02:1F:EC | 98LeBWIjca",
        "PBKDF2WithHmacSHA256 | 02:56:48:21:BA:EF:62:CC:92:79:90:C4:E6:45:F0:48 | 98LeBWIjca",
        "PBKDF2WithHmacSHA512 | CA:7E:D3:B7:DB:D3:19:A3:D2:CE:7A:10:2A:F4:2F:3B | 98LeBWIjca",
      })
  void acceptsTheVerifiedHashOfSecret(String algorithm, String hash, String salt) {
    PasswordVerifier verifier = PasswordVerifier.of(basic(algorithm, hash, salt));

    assertThat(verifier.verify("Prometheus", "secret")).isTrue();
    assertThat(verifier.verify("Prometheus", "Secret")).isFalse();
    assertThat(verifier.verify("prometheus", "secret")).isFalse();
  }

  @Test
  void plaintextComparesExactly() {
    PasswordVerifier verifier =
        PasswordVerifier.of(
            TestHttp.config(
                    "httpServer:\n"
                        + "  authentication:\n"
                        + "    basic: {username: Prometheus, password: secret}\n")
                .getBasicAuthentication());

    assertThat(verifier.verify("Prometheus", "secret")).isTrue();
    assertThat(verifier.verify("Prometheus", "secret ")).isFalse();
    assertThat(verifier.verify("Prometheus", "secre")).isFalse();
    assertThat(verifier.verify("Prometheus", "")).isFalse();
  }

  @Test
  void pbkdf2RunsOnceForTheRightPasswordAndEveryTimeForWrongOnes() {
    PasswordVerifier verifier =
        PasswordVerifier.of(
            basic(
                "PBKDF2WithHmacSHA256",
                "02:56:48:21:BA:EF:62:CC:92:79:90:C4:E6:45:F0:48",
                "98LeBWIjca"));

    for (int i = 0; i < 5; i++) {
      assertThat(verifier.verify("Prometheus", "secret")).isTrue();
    }
    assertThat(verifier.derivations()).isEqualTo(1);

    assertThat(verifier.verify("Prometheus", "wrong")).isFalse();
    assertThat(verifier.verify("Prometheus", "wrong")).isFalse();
    assertThat(verifier.derivations()).isEqualTo(3);

    // A wrong user name never reaches the slow derivation.
    assertThat(verifier.verify("intruder", "secret")).isFalse();
    assertThat(verifier.derivations()).isEqualTo(3);
  }

  private static BasicAuthentication basic(String algorithm, String hash, String salt) {
    return TestHttp.config(
            "httpServer:\n"
                + "  authentication:\n"
                + "    basic:\n"
                + "      username: Prometheus\n"
                + "      algorithm: "
                + algorithm
                + "\n"
                + "      passwordHash: '"
                + hash
                + "'\n"
                + "      salt: '"
                + salt
                + "'\n")
        .getBasicAuthentication();
  }
}
