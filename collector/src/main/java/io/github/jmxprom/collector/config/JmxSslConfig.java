package io.github.jmxprom.collector.config;

import java.util.Collections;
import java.util.List;

/**
 * TLS for the remote JMX connection (top-level {@code ssl:}): {@code true}/{@code false}, or a
 * mapping with key and trust stores, protocols and cipher suites. Without stores the JVM's {@code
 * javax.net.ssl.*} settings apply.
 *
 * <pre>{@code
 * ssl:
 *   enabled: true
 *   trustStore: {filename: /etc/jmx/truststore.p12, type: PKCS12, password: changeit}
 *   protocols: [TLSv1.3]
 * }</pre>
 */
public final class JmxSslConfig {

  static final JmxSslConfig DISABLED =
      new JmxSslConfig(
          false, null, null, Collections.<String>emptyList(), Collections.<String>emptyList());

  private final boolean enabled;
  private final StoreConfig keyStore;
  private final StoreConfig trustStore;
  private final List<String> protocols;
  private final List<String> ciphers;

  JmxSslConfig(
      boolean enabled,
      StoreConfig keyStore,
      StoreConfig trustStore,
      List<String> protocols,
      List<String> ciphers) {
    this.enabled = enabled;
    this.keyStore = keyStore;
    this.trustStore = trustStore;
    this.protocols = Collections.unmodifiableList(protocols);
    this.ciphers = Collections.unmodifiableList(ciphers);
  }

  public boolean isEnabled() {
    return enabled;
  }

  /** Client key store for mutual TLS, or null. */
  public StoreConfig getKeyStore() {
    return keyStore;
  }

  /** Trust store for the server certificate, or null for the JVM default. */
  public StoreConfig getTrustStore() {
    return trustStore;
  }

  public List<String> getProtocols() {
    return protocols;
  }

  public List<String> getCiphers() {
    return ciphers;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof JmxSslConfig)) {
      return false;
    }
    JmxSslConfig other = (JmxSslConfig) o;
    return enabled == other.enabled
        && java.util.Objects.equals(keyStore, other.keyStore)
        && java.util.Objects.equals(trustStore, other.trustStore)
        && protocols.equals(other.protocols)
        && ciphers.equals(other.ciphers);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(enabled, keyStore, trustStore, protocols, ciphers);
  }

  /** A key or trust store file. */
  public static final class StoreConfig {
    private final String filename;
    private final String type;
    private final String password;

    StoreConfig(String filename, String type, String password) {
      this.filename = filename;
      this.type = type;
      this.password = password;
    }

    public String getFilename() {
      return filename;
    }

    /** Store type such as PKCS12 or JKS; null for the JVM default. */
    public String getType() {
      return type;
    }

    public String getPassword() {
      return password;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof StoreConfig)) {
        return false;
      }
      StoreConfig other = (StoreConfig) o;
      return java.util.Objects.equals(filename, other.filename)
          && java.util.Objects.equals(type, other.type)
          && java.util.Objects.equals(password, other.password);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(filename, type);
    }

    @Override
    public String toString() {
      // Never print the password.
      return "StoreConfig{filename=" + filename + ", type=" + type + "}";
    }
  }
}
