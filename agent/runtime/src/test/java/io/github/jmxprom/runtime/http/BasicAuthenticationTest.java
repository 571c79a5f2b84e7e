package io.github.jmxprom.runtime.http;

import static io.github.jmxprom.runtime.http.TestHttp.client;
import static io.github.jmxprom.runtime.http.TestHttp.config;
import static io.github.jmxprom.runtime.http.TestHttp.get;
import static io.github.jmxprom.runtime.http.TestHttp.registry;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Basic authentication over real HTTP, with jmx_exporter's 5 x 5 credential matrix and its verified
 * password hashes (behaviour reference 5.5).
 */
class BasicAuthenticationTest {

  static final String PLAINTEXT =
      """
      httpServer:
        authentication:
          basic:
            username: Prometheus
            password: secret
      """;
  static final String SHA_256 =
      """
      httpServer:
        authentication:
          basic:
            username: Prometheus
            algorithm: SHA-256
            passwordHash: 2bf7ed4906ac065bde39f7508d6102a6cdd7153a929ea883ff6cd04442772c99
            salt: 'U9i%=N+m]#i9yvUV:bA/3n4X9JdPXf=n'
      """;
  static final String PBKDF2_SHA_256 =
      """
      httpServer:
        authentication:
          basic:
            username: Prometheus
            algorithm: PBKDF2WithHmacSHA256
            passwordHash: '02:56:48:21:BA:EF:62:CC:92:79:90:C4:E6:45:F0:48'
            salt: 98LeBWIjca
      """;

  private static final List<String> USERNAMES =
      Arrays.asList("Prometheus", "prometheus", "bad", "", null);
  private static final List<String> PASSWORDS = Arrays.asList("secret", "Secret", "bad", "", null);

  private final HttpClient client = client();
  private ExporterHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private String start(String yaml) {
    server = ExporterHttpServer.start(config(yaml), "127.0.0.1", 0, registry());
    return "http://127.0.0.1:" + server.getPort();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"plaintext", "SHA-256", "PBKDF2WithHmacSHA256"})
  void onlyPrometheusWithSecretGetsIn(String algorithm) throws Exception {
    String base =
        start(
            switch (algorithm) {
              case "plaintext" -> PLAINTEXT;
              case "SHA-256" -> SHA_256;
              default -> PBKDF2_SHA_256;
            });

    List<String> admitted = new ArrayList<>();
    for (String username : USERNAMES) {
      for (String password : PASSWORDS) {
        HttpResponse<byte[]> response = get(client, base + "/metrics", auth(username, password));
        String pair = username + "/" + password;
        if (response.statusCode() == 200) {
          admitted.add(pair);
        } else {
          assertThat(response.statusCode()).as(pair).isEqualTo(401);
          assertThat(response.headers().firstValue("WWW-Authenticate"))
              .as(pair)
              .hasValue("Basic realm=\"/\", charset=\"UTF-8\"");
          assertThat(response.headers().firstValue("X-Content-Type-Options"))
              .as(pair)
              .hasValue("nosniff");
          assertThat(response.headers().firstValue("X-Frame-Options")).as(pair).hasValue("DENY");
          assertThat(response.body()).as(pair).isEmpty();
        }
      }
    }

    assertThat(admitted).containsExactly("Prometheus/secret");
  }

  @Test
  void everyPathNeedsTheCredentials() throws Exception {
    String base = start(PLAINTEXT);

    for (String path : List.of("/metrics", "/-/healthy", "/", "/elsewhere")) {
      assertThat(get(client, base + path).statusCode()).as(path).isEqualTo(401);
      assertThat(get(client, base + path, auth("Prometheus", "secret")).statusCode())
          .as(path)
          .isIn(200, 404);
    }
  }

  @Test
  void malformedAuthorizationHeadersAreRejected() throws Exception {
    String base = start(PLAINTEXT);

    for (String header :
        List.of(
            "Basic " + base64("Prometheus"), // no colon
            "Basic not*base64",
            "Bearer " + base64("Prometheus:secret"),
            "Basic",
            "Basic " + base64(":"))) {
      HttpResponse<byte[]> response = get(client, base + "/metrics", "Authorization", header);
      assertThat(response.statusCode()).as(header).isEqualTo(401);
    }
  }

  @Test
  void schemeNameIsCaseInsensitiveAndPasswordMayContainColons() throws Exception {
    String base =
        start(
            """
            httpServer:
              authentication:
                basic: {username: Prometheus, password: 'se:cr:et'}
            """);

    HttpResponse<byte[]> response =
        get(client, base + "/metrics", "Authorization", "bAsIc " + base64("Prometheus:se:cr:et"));

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void nonAsciiCredentialsAreReadAsUtf8() throws Exception {
    String base =
        start(
            """
            httpServer:
              authentication:
                basic: {username: Jürgen, password: 'pässwörd€'}
            """);

    assertThat(get(client, base + "/metrics", auth("Jürgen", "pässwörd€")).statusCode())
        .isEqualTo(200);
    assertThat(get(client, base + "/metrics", auth("Jurgen", "pässwörd€")).statusCode())
        .isEqualTo(401);
  }

  /** The Authorization header for a pair; no header at all when either part is missing. */
  private static String[] auth(String username, String password) {
    if (username == null || password == null) {
      return new String[0];
    }
    return new String[] {"Authorization", "Basic " + base64(username + ":" + password)};
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
