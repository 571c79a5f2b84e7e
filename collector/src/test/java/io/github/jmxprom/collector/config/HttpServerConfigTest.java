package io.github.jmxprom.collector.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.config.HttpServerConfig.BasicAuthentication;
import io.github.jmxprom.collector.config.HttpServerConfig.PasswordAlgorithm;
import io.github.jmxprom.collector.config.HttpServerConfig.Ssl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpServerConfigTest {

  private static final Variables ENVIRONMENT =
      new Variables(
          Map.of(
              "METRICS_USER", "prometheus",
              "METRICS_PASSWORD", " s3cret ",
              "STORE_PASSWORD", "changeit",
              "EMPTY", " "));

  static HttpServerConfig read(String yaml) {
    return read(yaml, new Properties());
  }

  static HttpServerConfig read(String yaml, Properties systemProperties) {
    return HttpServerConfig.read(
        ConfigNodes.section(yaml, "httpServer"), ENVIRONMENT, systemProperties);
  }

  static String error(String yaml) {
    return error(yaml, new Properties());
  }

  static String error(String yaml, Properties systemProperties) {
    try {
      read(yaml, systemProperties);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a ConfigException for:\n" + yaml);
  }

  @Test
  void readsEveryKeyOfAFullSection() {
    HttpServerConfig config =
        read(
            """
            httpServer:
              metrics:
                path: prometheus
              threads:
                minimum: 2
                maximum: "20"
                keepAliveTime: 60
              maximumRequestSeconds: 30
              authentication:
                basic:
                  username: ${METRICS_USER}
                  password: ${METRICS_PASSWORD}
              ssl:
                keyStore:
                  filename: /etc/jmxprom/server.p12
                  type: PKCS12
                  password: ${STORE_PASSWORD}
                certificate:
                  alias: server
                mutualTLS: "yes"
                trustStore:
                  filename: /etc/jmxprom/clients.jks
                  type: JKS
                  password: clients-secret
                protocols: [TLSv1.3, TLSv1.2]
                ciphers: TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384
            """);

    assertThat(config.getMetricsPath()).isEqualTo("/prometheus");
    assertThat(config.getThreads().getMinimum()).isEqualTo(2);
    assertThat(config.getThreads().getMaximum()).isEqualTo(20);
    assertThat(config.getThreads().getKeepAliveTimeSeconds()).isEqualTo(60);
    assertThat(config.getMaximumRequestSeconds()).isEqualTo(30);

    BasicAuthentication basic = config.getBasicAuthentication();
    assertThat(basic.getUsername()).isEqualTo("prometheus");
    assertThat(basic.getAlgorithm()).isEqualTo(PasswordAlgorithm.PLAINTEXT);
    assertThat(basic.getPassword()).isEqualTo("s3cret");
    assertThat(basic.getPasswordHash()).isNull();
    assertThat(basic.getSalt()).isNull();
    assertThat(config.getPluginAuthentication()).isNull();

    Ssl ssl = config.getSsl();
    assertThat(ssl.getKeyStore().getFilename()).isEqualTo("/etc/jmxprom/server.p12");
    assertThat(ssl.getKeyStore().getType()).isEqualTo("PKCS12");
    assertThat(ssl.getKeyStore().getPassword()).isEqualTo("changeit");
    assertThat(ssl.getCertificateAlias()).isEqualTo("server");
    assertThat(ssl.isMutualTls()).isTrue();
    assertThat(ssl.getTrustStore().getFilename()).isEqualTo("/etc/jmxprom/clients.jks");
    assertThat(ssl.getTrustStore().getType()).isEqualTo("JKS");
    assertThat(ssl.getTrustStore().getPassword()).isEqualTo("clients-secret");
    assertThat(ssl.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(ssl.getCiphers())
        .containsExactly("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384");
    assertThat(config.getWarnings()).isEmpty();
  }

  @Test
  void anEmptySectionMeansTheDefaults() {
    for (String yaml : new String[] {"httpServer:\n", "httpServer: {}\n"}) {
      HttpServerConfig config = read(yaml);
      assertThat(config.getMetricsPath()).isEqualTo("/metrics");
      assertThat(config.getThreads().getMinimum()).isEqualTo(1);
      assertThat(config.getThreads().getMaximum()).isEqualTo(10);
      assertThat(config.getThreads().getKeepAliveTimeSeconds()).isEqualTo(120);
      assertThat(config.getMaximumRequestSeconds()).isZero();
      assertThat(config.getBasicAuthentication()).isNull();
      assertThat(config.getPluginAuthentication()).isNull();
      assertThat(config.getSsl()).isNull();
      assertThat(config.getWarnings()).isEmpty();
    }
    assertThat(HttpServerConfig.defaults().getMetricsPath()).isEqualTo("/metrics");
  }

  @Test
  void readsTheSystemPropertiesOfThisJvmByDefault() {
    String property = "javax.net.ssl.keyStorePassword";
    String before = System.getProperty(property);
    System.setProperty(property, "from-the-jvm");
    try {
      String yaml = "httpServer: {ssl: {keyStore: {filename: k.p12}}}";
      HttpServerConfig config =
          HttpServerConfig.read(ConfigNodes.section(yaml, "httpServer"), ENVIRONMENT);
      assertThat(config.getSsl().getKeyStore().getPassword()).isEqualTo("from-the-jvm");
    } finally {
      if (before == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, before);
      }
    }
    assertThat(HttpServerConfig.read(null, ENVIRONMENT)).isSameAs(HttpServerConfig.defaults());
  }

  @Test
  void toStringNeverShowsSecrets() {
    HttpServerConfig config =
        read(
            """
            httpServer:
              authentication:
                basic: {username: u, password: hunter2}
              ssl:
                keyStore: {filename: k.p12, password: storepass}
            """);
    assertThat(config.toString())
        .contains("username=u", "filename=k.p12")
        .doesNotContain("hunter2", "storepass");
  }

  @Test
  void toStringNeverShowsSecretsReadFromFiles(@TempDir Path dir) throws IOException {
    Path password = Files.writeString(dir.resolve("password"), "hunter3\n");
    Path store = Files.writeString(dir.resolve("store"), "storepass3\n");
    HttpServerConfig config =
        read(
            "httpServer:\n  authentication:\n    basic: {username: u, password: '${file:"
                + password
                + "}'}\n  ssl:\n    keyStore: {filename: k.p12, password: '${file:"
                + store
                + "}'}\n");

    assertThat(config.getBasicAuthentication().getPassword()).isEqualTo("hunter3");
    assertThat(config.getSsl().getKeyStore().getPassword()).isEqualTo("storepass3");
    assertThat(config.toString())
        .contains("username=u", "filename=k.p12")
        .doesNotContain("hunter3", "storepass3");
  }

  @Test
  void unknownKeysAreErrorsWithASuggestion() {
    assertThat(error("httpServer:\n  metric:\n    path: /x\n"))
        .isEqualTo(
            "test.yaml: httpServer.metric: unknown key, did you mean 'metrics'? (line 2, column 3)");
    assertThat(error("httpServer:\n  threads: {minimum: 1, maxium: 2, keepAliveTime: 3}\n"))
        .isEqualTo(
            "test.yaml: httpServer.threads.maxium: unknown key, did you mean 'maximum'?"
                + " (line 2, column 25)");
    assertThat(error("httpServer:\n  ssl:\n    keyStore: {filename: k, pasword: p}\n"))
        .isEqualTo(
            "test.yaml: httpServer.ssl.keyStore.pasword: unknown key, did you mean 'password'?"
                + " (line 3, column 29)");
  }

  @Test
  void theSectionMustBeAMapping() {
    assertThat(error("httpServer: [1]\n"))
        .isEqualTo(
            "test.yaml: httpServer: expected a mapping (key: value lines), got a list"
                + " (line 1, column 13)");
  }

  @Nested
  class MetricsPath {
    @Test
    void keepsAGivenLeadingSlash() {
      assertThat(read("httpServer: {metrics: {path: /custom/metrics}}").getMetricsPath())
          .isEqualTo("/custom/metrics");
    }

    @Test
    void mustBeGivenWhenMetricsIsPresent() {
      assertThat(error("httpServer:\n  metrics: {}\n"))
          .isEqualTo("test.yaml: httpServer.metrics: missing key 'path' (line 2, column 12)");
    }

    @Test
    void mustNotBeBlank() {
      assertThat(error("httpServer:\n  metrics: {path: ' '}\n"))
          .isEqualTo("test.yaml: httpServer.metrics.path: must not be empty (line 2, column 19)");
    }

    @Test
    void mustNotContainSpaces() {
      assertThat(error("httpServer:\n  metrics: {path: /my metrics}\n"))
          .isEqualTo(
              "test.yaml: httpServer.metrics.path: must not contain spaces, got \"/my metrics\""
                  + " (line 2, column 19)");
    }
  }

  @Nested
  class Threads {
    @Test
    void needAllThreeKeys() {
      assertThat(error("httpServer:\n  threads:\n    minimum: 1\n    maximum: 2\n"))
          .isEqualTo(
              "test.yaml: httpServer.threads: missing key 'keepAliveTime' (threads needs all of"
                  + " minimum, maximum and keepAliveTime) (line 3, column 5)");
    }

    @Test
    void minimumIsAtLeastOne() {
      assertThat(error("httpServer:\n  threads: {minimum: 0, maximum: 10, keepAliveTime: 120}\n"))
          .isEqualTo(
              "test.yaml: httpServer.threads.minimum: must be at least 1, got 0"
                  + " (line 2, column 22)");
    }

    @Test
    void maximumIsAtLeastMinimum() {
      assertThat(error("httpServer:\n  threads: {minimum: 5, maximum: 4, keepAliveTime: 120}\n"))
          .isEqualTo(
              "test.yaml: httpServer.threads.maximum: must be at least minimum (5), got 4"
                  + " (line 2, column 34)");
    }

    @Test
    void maximumIsAtMost256() {
      assertThat(
              read("httpServer: {threads: {minimum: 256, maximum: 256, keepAliveTime: 1}}")
                  .getThreads()
                  .getMaximum())
          .isEqualTo(256);
      assertThat(error("httpServer:\n  threads: {minimum: 1, maximum: 257, keepAliveTime: 120}\n"))
          .isEqualTo(
              "test.yaml: httpServer.threads.maximum: must be at most 256, got 257"
                  + " (line 2, column 34)");
    }

    @Test
    void keepAliveTimeIsAtLeastOneSecond() {
      assertThat(error("httpServer:\n  threads: {minimum: 1, maximum: 2, keepAliveTime: 0}\n"))
          .isEqualTo(
              "test.yaml: httpServer.threads.keepAliveTime: must be at least 1, got 0"
                  + " (line 2, column 52)");
    }

    @Test
    void acceptQuotedNumbersButNotWords() {
      assertThat(
              read("httpServer: {threads: {minimum: '3', maximum: ' 4 ', keepAliveTime: 5}}")
                  .getThreads()
                  .getMinimum())
          .isEqualTo(3);
      assertThat(error("httpServer:\n  threads: {minimum: many, maximum: 2, keepAliveTime: 3}\n"))
          .isEqualTo(
              "test.yaml: httpServer.threads.minimum: expected a whole number, got the string \"many\""
                  + " (line 2, column 22)");
      assertThat(error("httpServer:\n  threads: {minimum: 1.5, maximum: 2, keepAliveTime: 3}\n"))
          .isEqualTo(
              "test.yaml: httpServer.threads.minimum: expected a whole number, got number 1.5"
                  + " (line 2, column 22)");
      assertThat(
              error(
                  "httpServer:\n"
                      + "  threads: {minimum: '99999999999', maximum: 2, keepAliveTime: 3}\n"))
          .isEqualTo(
              "test.yaml: httpServer.threads.minimum: expected a whole number, got the string"
                  + " \"99999999999\" (line 2, column 22)");
    }
  }

  @Test
  void maximumRequestSecondsIsAtLeastOne() {
    assertThat(read("httpServer: {maximumRequestSeconds: 1}").getMaximumRequestSeconds())
        .isEqualTo(1);
    assertThat(error("httpServer:\n  maximumRequestSeconds: 0\n"))
        .isEqualTo(
            "test.yaml: httpServer.maximumRequestSeconds: must be at least 1, got 0"
                + " (line 2, column 26)");
  }

  @Test
  void debugRulesIsOffUnlessEnabledAndItsMistakesAreNamed() {
    assertThat(read("httpServer: {metrics: {path: /m}}").isDebugRules()).isFalse();
    assertThat(HttpServerConfig.defaults().isDebugRules()).isFalse();
    assertThat(read("httpServer: {debugRules: true}").isDebugRules()).isTrue();
    assertThat(read("httpServer: {debugRules: false}").isDebugRules()).isFalse();
    assertThat(error("httpServer:\n  debugRule: true\n"))
        .startsWith("test.yaml: httpServer.debugRule: unknown key, did you mean 'debugRules'?");
    assertThat(error("httpServer:\n  debugRules: maybe\n"))
        .startsWith("test.yaml: httpServer.debugRules: ");
  }

  @Nested
  class Authentication {
    @Test
    void needsBasicOrPlugin() {
      assertThat(error("httpServer:\n  authentication: {}\n"))
          .isEqualTo(
              "test.yaml: httpServer.authentication: expected 'basic' or 'plugin'; remove"
                  + " 'authentication' for none (line 2, column 19)");
    }

    @Test
    void doesNotTakeBasicAndPluginTogether() {
      assertThat(
              error(
                  """
                  httpServer:
                    authentication:
                      basic: {username: u, password: p}
                      plugin: {class: com.example.Auth}
                  """))
          .isEqualTo(
              "test.yaml: httpServer.authentication.plugin: give either 'basic' or 'plugin', not"
                  + " both (jmx_exporter would ignore 'basic') (line 4, column 13)");
    }

    @Test
    void readsAPlugin() {
      HttpServerConfig config =
          read(
              """
              httpServer:
                authentication:
                  plugin:
                    class: com.example.auth.Token$Authenticator
                    subjectAttributeName: custom.subject
              """);
      assertThat(config.getBasicAuthentication()).isNull();
      assertThat(config.getPluginAuthentication().getClassName())
          .isEqualTo("com.example.auth.Token$Authenticator");
      assertThat(config.getPluginAuthentication().getSubjectAttributeName())
          .isEqualTo("custom.subject");
      assertThat(
              read("httpServer: {authentication: {plugin: {class: A}}}")
                  .getPluginAuthentication()
                  .getSubjectAttributeName())
          .isNull();
    }

    @Test
    void pluginNeedsAValidClassName() {
      assertThat(error("httpServer:\n  authentication:\n    plugin: {}\n"))
          .isEqualTo(
              "test.yaml: httpServer.authentication.plugin: missing key 'class' (the fully"
                  + " qualified name of the Authenticator subclass) (line 3, column 13)");
      assertThat(error("httpServer:\n  authentication:\n    plugin: {class: com.example..Auth}\n"))
          .isEqualTo(
              "test.yaml: httpServer.authentication.plugin.class: not a Java class name:"
                  + " \"com.example..Auth\"; expected e.g. com.example.TokenAuthenticator"
                  + " (line 3, column 21)");
      assertThat(error("httpServer:\n  authentication:\n    plugin: {class: 1st.Auth}\n"))
          .contains("not a Java class name: \"1st.Auth\"");
      assertThat(
              error(
                  "httpServer:\n  authentication:\n"
                      + "    plugin: {class: A, subjectAttributeName: ''}\n"))
          .isEqualTo(
              "test.yaml: httpServer.authentication.plugin.subjectAttributeName: must not be"
                  + " empty (line 3, column 46)");
    }
  }
}
