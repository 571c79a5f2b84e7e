package io.github.jmxprom.runtime.http;

import static io.github.jmxprom.runtime.http.TestHttp.config;
import static io.github.jmxprom.runtime.http.TestHttp.get;
import static io.github.jmxprom.runtime.http.TestHttp.registry;
import static io.github.jmxprom.runtime.http.TestHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jmxprom.collector.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS and mutual TLS with key stores made by the JDK's keytool. */
class TlsTest {

  private static final String PASSWORD = "changeit";

  @TempDir static Path dir;

  private ExporterHttpServer server;

  /**
   * server.p12 (key "server"), two-keys.p12 ("first", "second"), client.p12 and stranger.p12
   * (client keys); client-trust.p12 trusts both server certificates, server-trust.p12 only
   * client's.
   */
  @BeforeAll
  static void makeKeyStores() throws Exception {
    keyPair("server.p12", "server", "CN=server");
    keyPair("two-keys.p12", "first", "CN=first");
    keyPair("two-keys.p12", "second", "CN=second");
    keyPair("client.p12", "client", "CN=client");
    keyPair("stranger.p12", "stranger", "CN=stranger");
    trust("client-trust.p12", "server.p12", "server");
    trust("client-trust.p12", "two-keys.p12", "first");
    trust("client-trust.p12", "two-keys.p12", "second");
    trust("server-trust.p12", "client.p12", "client");
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void servesHttpsWithTheKeyStore() throws Exception {
    String base = start(ssl("server.p12", null, false, ""));

    HttpResponse<byte[]> response = get(TestHttp.client(clientTls(null)), base + "/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(text(response)).contains("test_events_total 3.0");
    assertThat(peer(response)).isEqualTo("CN=server");
    assertThat(response.headers().firstValue("Strict-Transport-Security"))
        .hasValue("max-age=31536000");
    assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
  }

  @Test
  void certificateAliasChoosesTheKey() throws Exception {
    for (String alias : List.of("first", "second")) {
      String base = start(ssl("two-keys.p12", alias, false, ""));

      HttpResponse<byte[]> response = get(TestHttp.client(clientTls(null)), base + "/-/healthy");

      assertThat(peer(response)).isEqualTo("CN=" + alias);
      server.close();
      server = null;
    }
  }

  @Test
  void mutualTlsAdmitsTrustedClients() throws Exception {
    String base = start(ssl("server.p12", null, true, ""));

    HttpResponse<byte[]> response =
        get(TestHttp.client(clientTls("client.p12")), base + "/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void mutualTlsRejectsClientsWithoutATrustedCertificate() throws Exception {
    String base = start(ssl("server.p12", null, true, ""));

    for (String clientKeys : Arrays.asList(null, "stranger.p12")) {
      assertThatThrownBy(() -> get(TestHttp.client(clientTls(clientKeys)), base + "/metrics"))
          .as(String.valueOf(clientKeys))
          .isInstanceOf(IOException.class)
          .isNotInstanceOf(HttpTimeoutException.class);
    }
  }

  @Test
  void protocolsLimitWhatIsNegotiated() throws Exception {
    String base = start(ssl("server.p12", null, false, "    protocols: TLSv1.2\n"));

    HttpResponse<byte[]> response = get(TestHttp.client(clientTls(null)), base + "/metrics");

    assertThat(response.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.2");
  }

  @Test
  void plainHttpToTheHttpsPortFails() {
    String base = start(ssl("server.p12", null, false, "")).replace("https:", "http:");

    assertThatThrownBy(() -> get(TestHttp.client(), base + "/metrics"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void missingKeyStoreIsAConfigError() {
    Path missing = dir.resolve("missing.p12");

    assertThatThrownBy(() -> start(ssl("missing.p12", null, false, "")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("httpServer.ssl.keyStore.filename: " + missing + " does not exist");
  }

  @Test
  void wrongKeyStorePasswordIsAConfigErrorThatDoesNotShowIt() {
    String yaml = ssl("server.p12", null, false, "").replace(PASSWORD, "wrong-password");

    assertThatThrownBy(() -> start(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "httpServer.ssl.keyStore.password: wrong password for "
                + dir.resolve("server.p12")
                + " (or the file is damaged)")
        .hasMessageNotContaining("wrong-password");
  }

  @Test
  void unknownCertificateAliasIsAConfigError() {
    assertThatThrownBy(() -> start(ssl("two-keys.p12", "third", false, "")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "httpServer.ssl.certificate.alias: "
                + dir.resolve("two-keys.p12")
                + " has no key named 'third'; its keys are [first, second]");
  }

  @Test
  void unsupportedProtocolIsAConfigError() {
    assertThatThrownBy(() -> start(ssl("server.p12", null, false, "    protocols: TLSv9\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("httpServer.ssl.protocols: this JVM does not support 'TLSv9'");
  }

  private String start(String yaml) {
    server = ExporterHttpServer.start(config(yaml), "127.0.0.1", 0, registry());
    return "https://127.0.0.1:" + server.getPort();
  }

  private static String ssl(String keyStore, String alias, boolean mutualTls, String more) {
    return "httpServer:\n"
        + "  ssl:\n"
        + "    keyStore:\n"
        + "      filename: '"
        + dir.resolve(keyStore)
        + "'\n"
        + "      type: PKCS12\n"
        + "      password: "
        + PASSWORD
        + "\n"
        + (alias == null ? "" : "    certificate:\n      alias: " + alias + "\n")
        + (mutualTls
            ? "    mutualTLS: true\n"
                + "    trustStore:\n"
                + "      filename: '"
                + dir.resolve("server-trust.p12")
                + "'\n"
                + "      type: PKCS12\n"
                + "      password: "
                + PASSWORD
                + "\n"
            : "")
        + more;
  }

  /** Trusts the test's server certificates; presents the key in {@code keyStore} if not null. */
  private static SSLContext clientTls(String keyStore) throws Exception {
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(read("client-trust.p12"));
    KeyManagerFactory keys = null;
    if (keyStore != null) {
      keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(read(keyStore), PASSWORD.toCharArray());
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }

  private static String peer(HttpResponse<?> response) throws Exception {
    X509Certificate certificate =
        (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
    return certificate.getSubjectX500Principal().getName();
  }

  private static KeyStore read(String name) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve(name))) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  private static void keyPair(String store, String alias, String name) throws Exception {
    keytool(
        "-genkeypair",
        "-alias",
        alias,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        name,
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        dir.resolve(store).toString(),
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
  }

  /** Adds the certificate of {@code alias} in {@code from} to {@code store} as trusted. */
  private static void trust(String store, String from, String alias) throws Exception {
    Path certificate = dir.resolve(alias + ".crt");
    keytool(
        "-exportcert",
        "-alias",
        alias,
        "-keystore",
        dir.resolve(from).toString(),
        "-storepass",
        PASSWORD,
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        alias,
        "-file",
        certificate.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        dir.resolve(store).toString(),
        "-storepass",
        PASSWORD);
  }

  private static void keytool(String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(Arrays.asList(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
  }
}
