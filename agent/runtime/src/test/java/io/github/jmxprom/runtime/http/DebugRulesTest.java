package io.github.jmxprom.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.runtime.BuildInfo;
import io.github.jmxprom.runtime.Exporter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /debug/rules?bean=PATTERN} of the agent: off unless {@code httpServer.debugRules} is set,
 * then behind the metrics' authentication, answering with the explanation of the live MBeans.
 */
class DebugRulesTest {

  private static final String RULES =
      "rules:\n"
          + "  - pattern: 'java.lang<type=Memory><HeapMemoryUsage>(used|max)'\n"
          + "    name: heap_$1_bytes\n"
          + "  - pattern: 'java.lang<type=Threading><>ThreadCount'\n"
          + "    name: threads\n";

  private static final String AUTH =
      "  authentication:\n"
          + "    basic:\n"
          + "      username: prometheus\n"
          + "      password: secret\n";

  @TempDir Path dir;
  private Exporter exporter;
  private final HttpClient client = TestHttp.client();

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.close();
    }
  }

  private String start(String yaml) throws IOException {
    Path file = dir.resolve("config.yaml");
    Files.write(file, yaml.getBytes(StandardCharsets.UTF_8));
    CollectorConfig config = ConfigLoader.load(file);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort(); // port 0 would mean "no HTTP" to the exporter
    }
    exporter =
        Exporter.start(
            Exporter.Mode.AGENT, file, config, "127.0.0.1", port, new BuildInfo("test", "1"));
    return "http://127.0.0.1:" + exporter.getPort();
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void isNotServedByDefault() throws Exception {
    String base = start(RULES);
    assertThat(TestHttp.get(client, base + "/debug/rules").statusCode()).isEqualTo(404);
    assertThat(TestHttp.get(client, base + "/metrics").statusCode()).isEqualTo(200);

    stop();
    base = start(RULES + "httpServer:\n  debugRules: false\n");
    assertThat(TestHttp.get(client, base + "/debug/rules?bean=java.lang:*").statusCode())
        .isEqualTo(404);
  }

  @Test
  void whenEnabledItNeedsTheSameCredentialsAsTheMetrics() throws Exception {
    String base = start(RULES + "httpServer:\n  debugRules: true\n" + AUTH);
    String url = base + "/debug/rules?bean=java.lang:type=Memory";
    assertThat(TestHttp.get(client, url).statusCode()).isEqualTo(401);
    assertThat(
            TestHttp.get(client, url, "Authorization", basic("prometheus", "wrong")).statusCode())
        .isEqualTo(401);
    assertThat(TestHttp.get(client, base + "/metrics").statusCode()).isEqualTo(401);

    HttpResponse<byte[]> ok =
        TestHttp.get(client, url, "Authorization", basic("prometheus", "secret"));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    String text = TestHttp.text(ok);
    assertThat(text)
        .containsPattern(
            "(?m)^java.lang<type=Memory><HeapMemoryUsage>used: \\d+\\n"
                + "  rules\\[0\\] 'java.lang<type=Memory><HeapMemoryUsage>\\(used\\|max\\)'"
                + " -> heap_used_bytes \\d+ unknown$")
        .containsPattern("(?m)^java.lang<type=Memory><>Verbose: (true|false)\\n  no rule matched$")
        .doesNotContain("Threading")
        .containsPattern("\\d+ values, 2 samples, 2 served, 0 dropped\\n$");
  }

  @Test
  void withoutABeanEveryBeanIsExplainedAndABadPatternIsRefused() throws Exception {
    String base = start(RULES + "httpServer: {debugRules: true}\n");
    String all = TestHttp.text(TestHttp.get(client, base + "/debug/rules"));
    assertThat(all)
        .contains("  rules[1] 'java.lang<type=Threading><>ThreadCount' -> threads ")
        .contains("java.lang<type=Memory><HeapMemoryUsage>max: ");

    HttpResponse<byte[]> bad = TestHttp.get(client, base + "/debug/rules?bean=no%20colon");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(TestHttp.text(bad)).startsWith("bean=no colon is not an ObjectName pattern");
  }
}
