package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jmxprom.it.app.App;
import io.github.jmxprom.it.harness.ChildJvm;
import io.github.jmxprom.it.harness.ChildJvms;
import io.github.jmxprom.it.harness.ConfigFiles;
import io.github.jmxprom.it.harness.Exposition;
import io.github.jmxprom.it.harness.FreePort;
import io.github.jmxprom.it.harness.Http;
import io.github.jmxprom.it.harness.Jars;
import io.github.jmxprom.it.harness.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's {@code httpServer} section: basic authentication (plaintext and PBKDF2; no, wrong and
 * empty credentials get 401), TLS from a key store (an untrusting client fails), and mutual TLS
 * (only a client certificate from the trust store gets in).
 */
class HttpSecurityIT {

  static final Duration START = Duration.ofSeconds(30);
  static final String USER = "Prometheus";
  static final String PASSWORD = "secret";

  @RegisterExtension final ChildJvms jvms = ChildJvms.perTest();
  @TempDir Path dir;

  final Http http = Http.plain();

  @Test
  void basicAuthenticationWithAPlaintextPassword() {
    String base =
        startAgent(
            "auth-plaintext",
            "httpServer:\n"
                + "  authentication:\n"
                + "    basic:\n"
                + "      username: "
                + USER
                + "\n"
                + "      password: "
                + PASSWORD
                + "\n");

    assertOnlyTheRightCredentialsPass(base);
  }

  @Test
  void basicAuthenticationWithAPbkdf2Hash() {
    // The verified PBKDF2WithHmacSHA256 vector of jmx_exporter (reference 5.5): "secret".
    String base =
        startAgent(
            "auth-pbkdf2",
            "httpServer:\n"
                + "  authentication:\n"
                + "    basic:\n"
                + "      username: "
                + USER
                + "\n"
                + "      algorithm: PBKDF2WithHmacSHA256\n"
                + "      passwordHash: 02:56:48:21:BA:EF:62:CC:92:79:90:C4:E6:45:F0:48\n"
                + "      salt: 98LeBWIjca\n"
                + "      iterations: 600000\n"
                + "      keyLength: 128\n");

    assertOnlyTheRightCredentialsPass(base);
  }

  @Test
  void tlsFromAKeyStore() {
    TestKeys keys = TestKeys.generate(dir);
    String base =
        startAgent(
            "tls",
            "httpServer:\n"
                + "  ssl:\n"
                + "    keyStore:\n"
                + "      filename: "
                + keys.keyStore()
                + "\n"
                + "      type: PKCS12\n"
                + "      password: "
                + TestKeys.PASSWORD
                + "\n"
                + "    certificate:\n"
                + "      alias: jmxprom-it\n");
    String https = base.replace("http://", "https://");
    Http trusting = Http.trusting(keys.trustStore(), TestKeys.PASSWORD);

    Exposition metrics = trusting.scrape(https);
    assertThat(metrics.value("jvm_threads_current")).isPositive();
    assertThat(metrics.value("jmx_scrape_error")).isZero();
    assertThat(trusting.get(https + "/-/healthy").status()).isEqualTo(200);
    assertThatThrownBy(() -> http.get(https + "/metrics"))
        .as("a client that does not trust the certificate")
        .hasMessageContaining("GET " + https + "/metrics failed");
  }

  @Test
  void mutualTlsAdmitsOnlyClientsWithATrustedCertificate() throws Exception {
    TestKeys server = TestKeys.generate(Files.createDirectories(dir.resolve("server")));
    TestKeys client = TestKeys.generate(Files.createDirectories(dir.resolve("client")));
    TestKeys stranger = TestKeys.generate(Files.createDirectories(dir.resolve("stranger")));
    String base =
        startAgent(
            "mtls",
            "httpServer:\n"
                + "  ssl:\n"
                + "    mutualTLS: true\n"
                + "    keyStore:\n"
                + "      filename: "
                + server.keyStore()
                + "\n"
                + "      type: PKCS12\n"
                + "      password: "
                + TestKeys.PASSWORD
                + "\n"
                + "    trustStore:\n"
                + "      filename: "
                + client.trustStore()
                + "\n"
                + "      type: PKCS12\n"
                + "      password: "
                + TestKeys.PASSWORD
                + "\n"
                + "    certificate:\n"
                + "      alias: jmxprom-it\n");
    String https = base.replace("http://", "https://");

    Exposition metrics =
        Http.withClientCertificate(server.trustStore(), client.keyStore(), TestKeys.PASSWORD)
            .scrape(https);
    assertThat(metrics.value("jmx_scrape_error")).isZero();

    Http anonymous = Http.trusting(server.trustStore(), TestKeys.PASSWORD);
    Http untrusted =
        Http.withClientCertificate(server.trustStore(), stranger.keyStore(), TestKeys.PASSWORD);
    for (Http refused : new Http[] {anonymous, untrusted}) {
      assertThatThrownBy(() -> refused.get(https + "/metrics"))
          .as(refused == anonymous ? "no client certificate" : "an untrusted client certificate")
          .hasMessageContaining("GET " + https + "/metrics failed")
          .hasMessageNotContaining("timed out");
    }
  }

  private void assertOnlyTheRightCredentialsPass(String base) {
    String metrics = base + "/metrics";
    Http.Response anonymous = http.get(metrics);
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic");
    assertThat(http.get(base + "/-/healthy").status()).isEqualTo(401);
    assertThat(http.getAs(USER, "Secret", metrics).status()).isEqualTo(401);
    assertThat(http.getAs("prometheus", PASSWORD, metrics).status()).isEqualTo(401);
    assertThat(http.getAs(USER, "", metrics).status()).isEqualTo(401);

    Http.Response accepted = http.getAs(USER, PASSWORD, metrics);
    assertThat(accepted.status()).isEqualTo(200);
    assertThat(Exposition.parse(accepted.text()).value("jvm_threads_current")).isPositive();
    assertThat(http.getAs(USER, PASSWORD, base + "/-/healthy").status()).isEqualTo(200);
  }

  private String startAgent(String name, String config) {
    int port = FreePort.pick();
    Path file = ConfigFiles.write(dir, name + ".yaml", config);
    ChildJvm app =
        jvms.start(
            ChildJvm.app("app-" + name)
                .mainClass(App.class)
                .javaagent(Jars.agent(), "127.0.0.1:" + port + ":" + file)
                .args(60));
    app.waitFor("APP READY", START);
    app.waitFor("jmxprom: serving", START);
    return "http://127.0.0.1:" + port;
  }
}
