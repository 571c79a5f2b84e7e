package io.github.jmxprom.runtime.http;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import io.github.jmxprom.collector.config.ConfigException;
import io.github.jmxprom.collector.config.HttpServerConfig;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * HTTPS from {@code httpServer.ssl}: the key store (its password also unlocks the key, as in
 * jmx_exporter), {@code certificate.alias} choosing the key when the store holds several, client
 * certificates checked against the trust store with {@code mutualTLS}, and the {@code protocols}
 * and {@code ciphers} enabled. Everything is read and checked here, at start; problems are {@link
 * ConfigException}s naming the {@code httpServer.ssl} key, never showing a password.
 *
 * <p>Unlike jmx_exporter, the stores are read once: a renewed certificate needs a restart.
 */
final class TlsConfigurator extends HttpsConfigurator {

  private final HttpServerConfig.Ssl ssl;

  private TlsConfigurator(SSLContext context, HttpServerConfig.Ssl ssl) {
    super(context);
    this.ssl = ssl;
  }

  static TlsConfigurator create(HttpServerConfig.Ssl ssl) {
    HttpServerConfig.KeyStore keyStoreConfig = ssl.getKeyStore();
    KeyStore keyStore = load(keyStoreConfig, "httpServer.ssl.keyStore");
    checkKeys(keyStore, keyStoreConfig, ssl.getCertificateAlias());
    KeyManager[] keyManagers = keyManagers(keyStore, keyStoreConfig, ssl.getCertificateAlias());
    TrustManager[] trustManagers = null;
    if (ssl.isMutualTls()) {
      trustManagers = trustManagers(load(ssl.getTrustStore(), "httpServer.ssl.trustStore"));
    }
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(keyManagers, trustManagers, null);
    } catch (GeneralSecurityException e) {
      throw new ConfigException("httpServer.ssl: cannot set up TLS: " + e.getMessage(), e);
    }
    SSLParameters supported = context.getSupportedSSLParameters();
    checkSupported("httpServer.ssl.protocols", ssl.getProtocols(), supported.getProtocols());
    checkSupported("httpServer.ssl.ciphers", ssl.getCiphers(), supported.getCipherSuites());
    return new TlsConfigurator(context, ssl);
  }

  @Override
  public void configure(HttpsParameters params) {
    SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
    if (!ssl.getProtocols().isEmpty()) {
      parameters.setProtocols(ssl.getProtocols().toArray(new String[0]));
    }
    if (!ssl.getCiphers().isEmpty()) {
      parameters.setCipherSuites(ssl.getCiphers().toArray(new String[0]));
    }
    parameters.setNeedClientAuth(ssl.isMutualTls());
    params.setSSLParameters(parameters);
  }

  /** Reads a key or trust store; {@code key} is its YAML path for messages. */
  static KeyStore load(HttpServerConfig.KeyStore config, String key) {
    String filename = config.getFilename();
    File file = new File(filename);
    if (!file.exists()) {
      throw new ConfigException(key + ".filename: " + filename + " does not exist");
    }
    if (!file.isFile() || !file.canRead()) {
      throw new ConfigException(key + ".filename: " + filename + " is not a readable file");
    }
    KeyStore store;
    try {
      store = KeyStore.getInstance(config.getType());
    } catch (GeneralSecurityException e) {
      throw new ConfigException(
          key + ".type: this JVM cannot read " + config.getType() + " key stores", e);
    }
    try (InputStream in = new FileInputStream(file)) {
      store.load(in, config.getPassword().toCharArray());
      return store;
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException
          || String.valueOf(e.getMessage())
              .toLowerCase(java.util.Locale.ROOT)
              .contains("password")) {
        throw new ConfigException(
            key + ".password: wrong password for " + filename + " (or the file is damaged)", e);
      }
      throw new ConfigException(
          key
              + ".filename: cannot read "
              + filename
              + " as a "
              + config.getType()
              + " key store: "
              + (e.getMessage() == null ? "not a key store of that type" : e.getMessage()),
          e);
    } catch (GeneralSecurityException e) {
      throw new ConfigException(
          key + ".filename: cannot read " + filename + ": " + e.getMessage(), e);
    }
  }

  /** The store must hold a private key, and the one named by the alias if there is one. */
  private static void checkKeys(
      KeyStore store, HttpServerConfig.KeyStore config, String certificateAlias) {
    List<String> keyAliases = new ArrayList<>();
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          keyAliases.add(alias);
        }
      }
    } catch (GeneralSecurityException e) {
      throw new ConfigException(
          "httpServer.ssl.keyStore: cannot list " + config.getFilename() + ": " + e.getMessage(),
          e);
    }
    if (keyAliases.isEmpty()) {
      throw new ConfigException(
          "httpServer.ssl.keyStore.filename: "
              + config.getFilename()
              + " holds no private key; the server needs its key and certificate there");
    }
    if (certificateAlias != null && !containsIgnoreCase(keyAliases, certificateAlias)) {
      throw new ConfigException(
          "httpServer.ssl.certificate.alias: "
              + config.getFilename()
              + " has no key named '"
              + certificateAlias
              + "'; its keys are "
              + keyAliases);
    }
  }

  private static KeyManager[] keyManagers(
      KeyStore store, HttpServerConfig.KeyStore config, String certificateAlias) {
    KeyManagerFactory factory;
    try {
      factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, config.getPassword().toCharArray());
    } catch (UnrecoverableKeyException e) {
      throw new ConfigException(
          "httpServer.ssl.keyStore.password: opens "
              + config.getFilename()
              + " but not the private key in it; the key must have the store's password",
          e);
    } catch (GeneralSecurityException e) {
      throw new ConfigException(
          "httpServer.ssl.keyStore: cannot use the keys in "
              + config.getFilename()
              + ": "
              + e.getMessage(),
          e);
    }
    KeyManager[] managers = factory.getKeyManagers();
    if (certificateAlias != null) {
      for (int i = 0; i < managers.length; i++) {
        if (managers[i] instanceof X509ExtendedKeyManager) {
          managers[i] = new AliasKeyManager((X509ExtendedKeyManager) managers[i], certificateAlias);
        }
      }
    }
    return managers;
  }

  private static TrustManager[] trustManagers(KeyStore trustStore) {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trustStore);
      return factory.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw new ConfigException(
          "httpServer.ssl.trustStore: cannot use it to check clients: " + e.getMessage(), e);
    }
  }

  private static void checkSupported(String key, List<String> wanted, String[] supported) {
    List<String> known = Arrays.asList(supported);
    for (String name : wanted) {
      if (!known.contains(name)) {
        throw new ConfigException(
            key + ": this JVM does not support '" + name + "'; it supports " + known);
      }
    }
  }

  private static boolean containsIgnoreCase(List<String> aliases, String alias) {
    for (String candidate : aliases) {
      if (candidate.equalsIgnoreCase(alias)) {
        return true;
      }
    }
    return false;
  }
}
