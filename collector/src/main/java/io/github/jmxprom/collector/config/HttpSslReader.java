package io.github.jmxprom.collector.config;

import io.github.jmxprom.collector.config.HttpServerConfig.KeyStore;
import java.security.Security;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads {@code httpServer.ssl}. Store settings left out of the YAML come from the {@code
 * javax.net.ssl.*} system properties, as in jmx_exporter, so a JVM already set up for TLS needs
 * only {@code ssl: {}}. Files are not opened here: the agent does that at start, where a missing
 * file can be reported together with the port it was meant for.
 */
final class HttpSslReader {

  private static final List<String> KEYS =
      Arrays.asList("keyStore", "certificate", "mutualTLS", "trustStore", "protocols", "ciphers");
  private static final List<String> STORE_KEYS = Arrays.asList("filename", "type", "password");
  private static final List<String> CERTIFICATE_KEYS = Collections.singletonList("alias");

  private final Variables variables;
  private final Properties systemProperties;
  private final List<String> warnings;

  HttpSslReader(Variables variables, Properties systemProperties, List<String> warnings) {
    this.variables = variables;
    this.systemProperties = systemProperties;
    this.warnings = warnings;
  }

  HttpServerConfig.Ssl read(ConfigNode node) {
    if (node.isNull()) {
      throw node.error(
          "empty; give keyStore, or write 'ssl: {}' to use the javax.net.ssl.keyStore system"
              + " properties");
    }
    Map<String, ConfigNode> keys = node.mapping(KEYS);
    KeyStore keyStore = store(node, keys.get("keyStore"), "keyStore");

    // Optional, unlike jmx_exporter, which requires the alias but never uses it to pick a key.
    String certificateAlias = null;
    ConfigNode certificate = keys.get("certificate");
    if (certificate != null) {
      Map<String, ConfigNode> certificateKeys = certificate.mapping(CERTIFICATE_KEYS);
      certificateAlias =
          SectionValues.nonBlank(SectionValues.required(certificate, certificateKeys, "alias", ""));
    }

    boolean mutualTls = false;
    if (keys.containsKey("mutualTLS")) {
      mutualTls = SectionValues.bool(keys.get("mutualTLS"));
    }
    KeyStore trustStore = null;
    ConfigNode trustStoreNode = keys.get("trustStore");
    if (mutualTls) {
      trustStore = store(node, trustStoreNode, "trustStore");
    } else if (trustStoreNode != null) {
      // Kept as a warning, not an error: switching mutualTLS off while keeping the store is normal.
      if (!trustStoreNode.isNull()) {
        trustStoreNode.mapping(STORE_KEYS);
      }
      warnings.add(
          SectionValues.warning(
              trustStoreNode, "ignored because mutualTLS is not true (clients are not checked)"));
    }

    List<String> protocols = Collections.emptyList();
    if (keys.containsKey("protocols")) {
      protocols = SectionValues.names(keys.get("protocols"));
    }
    List<String> ciphers = Collections.emptyList();
    if (keys.containsKey("ciphers")) {
      ciphers = SectionValues.names(keys.get("ciphers"));
    }
    return new HttpServerConfig.Ssl(
        keyStore, certificateAlias, mutualTls, trustStore, protocols, ciphers);
  }

  /**
   * A key or trust store; {@code key} is {@code keyStore} or {@code trustStore}, which is also the
   * stem of the system properties ({@code javax.net.ssl.keyStore}, {@code ...Type}, {@code
   * ...Password}).
   */
  private KeyStore store(ConfigNode ssl, ConfigNode node, String key) {
    String property = "javax.net.ssl." + key;
    Map<String, ConfigNode> keys =
        node == null ? Collections.<String, ConfigNode>emptyMap() : node.mapping(STORE_KEYS);

    String filename;
    if (keys.containsKey("filename")) {
      filename = SectionValues.nonBlank(keys.get("filename"));
    } else {
      filename = property(property);
      if (filename == null) {
        throw missing(ssl, node, key, "filename", property);
      }
    }

    String type;
    if (keys.containsKey("type")) {
      type = type(keys.get("type"));
    } else {
      type = property(property + "Type");
      if (type == null) {
        type = java.security.KeyStore.getDefaultType();
      }
    }

    String password;
    if (keys.containsKey("password")) {
      password = SectionValues.secret(keys.get("password"), variables);
    } else {
      password = property(property + "Password");
      if (password == null) {
        throw missing(ssl, node, key, "password", property + "Password");
      }
    }
    return new KeyStore(filename, type, password);
  }

  private static ConfigException missing(
      ConfigNode ssl, ConfigNode store, String key, String field, String property) {
    String fallback = " (the system property " + property + " is not set either)";
    if (store == null) {
      return ssl.error("missing key '" + key + "' with a " + field + fallback);
    }
    return store.error("missing key '" + field + "'" + fallback);
  }

  /** A store type this JVM's security providers know, such as PKCS12 or JKS. */
  private static String type(ConfigNode node) {
    String type = SectionValues.nonBlank(node).trim();
    Set<String> known = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    known.addAll(Security.getAlgorithms("KeyStore"));
    if (!known.contains(type)) {
      String suggestion = Suggestions.closest(type, known);
      throw node.error(
          "unknown key store type \""
              + type
              + "\""
              + (suggestion == null
                  ? "; this JVM supports " + String.join(", ", known)
                  : ", did you mean '" + suggestion + "'?"));
    }
    return type;
  }

  private String property(String name) {
    String value = systemProperties.getProperty(name);
    return value == null || value.trim().isEmpty() ? null : value;
  }
}
