package io.github.jmxprom.collector.config;

import static io.github.jmxprom.collector.config.HttpServerConfigTest.error;
import static io.github.jmxprom.collector.config.HttpServerConfigTest.read;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.config.HttpServerConfig.Ssl;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code httpServer.ssl}. */
class HttpServerSslTest {
  private static final String KEY_STORE = "    keyStore: {filename: k.p12, password: p}\n";

  private Properties properties(String... keysAndValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
    }
    return properties;
  }

  @Test
  void takesMissingStoreSettingsFromSystemProperties() {
    Properties properties =
        properties(
            "javax.net.ssl.keyStore", "/jvm/keystore.jks",
            "javax.net.ssl.keyStoreType", "JKS",
            "javax.net.ssl.keyStorePassword", "jvm-secret",
            "javax.net.ssl.trustStore", "/jvm/truststore.p12",
            "javax.net.ssl.trustStorePassword", "trust-secret");
    Ssl ssl = read("httpServer: {ssl: {mutualTLS: true}}", properties).getSsl();
    assertThat(ssl.getKeyStore().getFilename()).isEqualTo("/jvm/keystore.jks");
    assertThat(ssl.getKeyStore().getType()).isEqualTo("JKS");
    assertThat(ssl.getKeyStore().getPassword()).isEqualTo("jvm-secret");
    assertThat(ssl.getTrustStore().getFilename()).isEqualTo("/jvm/truststore.p12");
    assertThat(ssl.getTrustStore().getType()).isEqualTo(java.security.KeyStore.getDefaultType());
    assertThat(ssl.getTrustStore().getPassword()).isEqualTo("trust-secret");
    assertThat(ssl.getCertificateAlias()).isNull();
    assertThat(ssl.getProtocols()).isEmpty();
    assertThat(ssl.getCiphers()).isEmpty();

    Ssl mixed =
        read(
                "httpServer: {ssl: {keyStore: {filename: own.p12, type: pkcs12}}}",
                properties("javax.net.ssl.keyStorePassword", "jvm-secret"))
            .getSsl();
    assertThat(mixed.getKeyStore().getFilename()).isEqualTo("own.p12");
    assertThat(mixed.getKeyStore().getType()).isEqualTo("pkcs12");
    assertThat(mixed.getKeyStore().getPassword()).isEqualTo("jvm-secret");
    assertThat(mixed.isMutualTls()).isFalse();
    assertThat(mixed.getTrustStore()).isNull();
  }

  @Test
  void needsAKeyStoreFromTheFileOrTheSystemProperties() {
    assertThat(error("httpServer:\n  ssl: {}\n"))
        .isEqualTo(
            "test.yaml: httpServer.ssl: missing key 'keyStore' with a filename (the system"
                + " property javax.net.ssl.keyStore is not set either) (line 2, column 8)");
    assertThat(error("httpServer:\n  ssl: {}\n", properties("javax.net.ssl.keyStore", "k")))
        .isEqualTo(
            "test.yaml: httpServer.ssl: missing key 'keyStore' with a password (the system"
                + " property javax.net.ssl.keyStorePassword is not set either)"
                + " (line 2, column 8)");
    assertThat(error("httpServer:\n  ssl: {keyStore: {filename: k.p12}}\n"))
        .isEqualTo(
            "test.yaml: httpServer.ssl.keyStore: missing key 'password' (the system property"
                + " javax.net.ssl.keyStorePassword is not set either) (line 2, column 19)");
    assertThat(error("httpServer:\n  ssl: {keyStore: {password: p}}\n"))
        .isEqualTo(
            "test.yaml: httpServer.ssl.keyStore: missing key 'filename' (the system property"
                + " javax.net.ssl.keyStore is not set either) (line 2, column 19)");
  }

  @Test
  void anEmptySslKeyIsAnError() {
    assertThat(
            error("httpServer:\n  ssl:\n  threads: {minimum: 1, maximum: 2, keepAliveTime: 3}\n"))
        .isEqualTo(
            "test.yaml: httpServer.ssl: empty; give keyStore, or write 'ssl: {}' to use the"
                + " javax.net.ssl.keyStore system properties (line 2, column 7)");
  }

  @Test
  void storePasswordsMayComeFromTheEnvironmentAndAreNeverShown() {
    assertThat(
            read("httpServer:\n  ssl:\n    keyStore: {filename: k, password: '${STORE_PASSWORD}'}\n")
                .getSsl()
                .getKeyStore()
                .getPassword())
        .isEqualTo("changeit");
    assertThat(error("httpServer:\n  ssl:\n    keyStore: {filename: k, password: 31415926}\n"))
        .contains("httpServer.ssl.keyStore.password: expected a string")
        .doesNotContain("31415926");
  }

  @Test
  void storeTypesMustBeKnownToTheJvm() {
    assertThat(
            error("httpServer:\n  ssl:\n    keyStore: {filename: k, type: PKCS13, password: p}\n"))
        .isEqualTo(
            "test.yaml: httpServer.ssl.keyStore.type: unknown key store type \"PKCS13\", did"
                + " you mean 'PKCS12'? (line 3, column 35)");
    assertThat(
            error("httpServer:\n  ssl:\n    keyStore: {filename: k, type: Banana, password: p}\n"))
        .startsWith(
            "test.yaml: httpServer.ssl.keyStore.type: unknown key store type \"Banana\"; this"
                + " JVM supports ")
        .contains("PKCS12");
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "'true'", "yes", "'YES'", "on", "' On '", "1", "'1'"})
  void mutualTlsAcceptsJmxExportersSpellingsOfTrue(String value) {
    Ssl ssl =
        read("httpServer:\n  ssl:\n"
                + KEY_STORE
                + "    mutualTLS: "
                + value
                + "\n    trustStore: {filename: t, password: p}\n")
            .getSsl();
    assertThat(ssl.isMutualTls()).isTrue();
    assertThat(ssl.getTrustStore().getFilename()).isEqualTo("t");
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "'false'", "no", "'No'", "off", "'OFF'", "0", "'0'"})
  void mutualTlsAcceptsJmxExportersSpellingsOfFalse(String value) {
    assertThat(
            read("httpServer:\n  ssl:\n" + KEY_STORE + "    mutualTLS: " + value + "\n")
                .getSsl()
                .isMutualTls())
        .isFalse();
  }

  @Test
  void mutualTlsRejectsOtherValues() {
    assertThat(error("httpServer:\n  ssl:\n" + KEY_STORE + "    mutualTLS: maybe\n"))
        .isEqualTo(
            "test.yaml: httpServer.ssl.mutualTLS: expected true or false, got the string \"maybe\""
                + " (line 4, column 16)");
    assertThat(error("httpServer:\n  ssl:\n" + KEY_STORE + "    mutualTLS: 2\n"))
        .isEqualTo(
            "test.yaml: httpServer.ssl.mutualTLS: expected true or false, got number 2"
                + " (line 4, column 16)");
  }

  @Test
  void mutualTlsNeedsATrustStore() {
    assertThat(error("httpServer:\n  ssl:\n" + KEY_STORE + "    mutualTLS: true\n"))
        .isEqualTo(
            "test.yaml: httpServer.ssl: missing key 'trustStore' with a filename (the system"
                + " property javax.net.ssl.trustStore is not set either) (line 3, column 5)");
  }

  @Test
  void aTrustStoreWithoutMutualTlsIsIgnoredWithAWarning() {
    HttpServerConfig config =
        read("httpServer:\n  ssl:\n" + KEY_STORE + "    trustStore: {filename: t}\n");
    assertThat(config.getSsl().getTrustStore()).isNull();
    assertThat(config.getWarnings())
        .containsExactly(
            "test.yaml: httpServer.ssl.trustStore: ignored because mutualTLS is not true"
                + " (clients are not checked) (line 4, column 17)");
    assertThat(error("httpServer:\n  ssl:\n" + KEY_STORE + "    trustStore: {file: t}\n"))
        .isEqualTo(
            "test.yaml: httpServer.ssl.trustStore.file: unknown key; known keys are"
                + " filename, type, password (line 4, column 18)");
  }

  @Test
  void theCertificateAliasIsOptionalButNotEmpty() {
    assertThat(error("httpServer:\n  ssl:\n" + KEY_STORE + "    certificate: {}\n"))
        .isEqualTo(
            "test.yaml: httpServer.ssl.certificate: missing key 'alias' (line 4, column 18)");
    assertThat(error("httpServer:\n  ssl:\n" + KEY_STORE + "    certificate: {alias: ''}\n"))
        .isEqualTo(
            "test.yaml: httpServer.ssl.certificate.alias: must not be empty"
                + " (line 4, column 26)");
  }

  @Test
  void protocolsAndCiphersAreAListOrCommaSeparated() {
    Ssl ssl =
        read("httpServer:\n  ssl:\n"
                + KEY_STORE
                + "    protocols: ' TLSv1.3 ,, TLSv1.2 '\n"
                + "    ciphers:\n      - TLS_AES_256_GCM_SHA384\n")
            .getSsl();
    assertThat(ssl.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(ssl.getCiphers()).containsExactly("TLS_AES_256_GCM_SHA384");

    assertThat(error("httpServer:\n  ssl:\n" + KEY_STORE + "    protocols: ' , '\n"))
        .isEqualTo(
            "test.yaml: httpServer.ssl.protocols: empty; remove the key to use the JVM's"
                + " defaults (line 4, column 16)");
    assertThat(error("httpServer:\n  ssl:\n" + KEY_STORE + "    ciphers: [A, ' ']\n"))
        .isEqualTo("test.yaml: httpServer.ssl.ciphers[1]: must not be empty (line 4, column 18)");
    assertThat(error("httpServer:\n  ssl:\n" + KEY_STORE + "    ciphers: {a: b}\n"))
        .isEqualTo(
            "test.yaml: httpServer.ssl.ciphers: expected a list or a comma-separated string,"
                + " got a mapping (line 4, column 14)");
  }
}
