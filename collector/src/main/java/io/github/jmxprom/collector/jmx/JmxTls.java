package io.github.jmxprom.collector.jmx;

import io.github.jmxprom.collector.config.JmxSslConfig;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS context for a remote JMX connection from the key and trust stores of the config's {@code
 * ssl:} mapping.
 *
 * <p>RMI makes this harder than it looks: the registry lookup uses the socket factory jmxprom
 * passes, but the connection itself uses the factory the server put in its stub, which takes the
 * JVM's default TLS context. The standalone scraper, which owns its JVM, therefore also installs
 * this context as the JVM default ({@link #installAsDefault}); the agent never changes its host
 * application's default.
 *
 * <pre>{@code
 * SSLContext context = JmxTls.context(config.getSsl());
 * }</pre>
 */
public final class JmxTls {

  private JmxTls() {}

  /** A context from the configured stores (the JVM defaults where a store is not given). */
  public static SSLContext context(JmxSslConfig ssl) throws IOException {
    try {
      KeyManagerFactory keys = null;
      if (ssl.getKeyStore() != null) {
        KeyStore store = load(ssl.getKeyStore(), "keyStore");
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password(ssl.getKeyStore()));
      }
      TrustManagerFactory trust = null;
      if (ssl.getTrustStore() != null) {
        trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(ssl.getTrustStore(), "trustStore"));
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          keys == null ? null : keys.getKeyManagers(),
          trust == null ? null : trust.getTrustManagers(),
          null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS for JMX: " + e.getMessage(), e);
    }
  }

  /**
   * Makes the configured stores the JVM's default TLS context, when the mapping names any; for a
   * process that only talks to this JMX target (the standalone scraper).
   */
  public static void installAsDefault(JmxSslConfig ssl) throws IOException {
    if (ssl.isEnabled() && (ssl.getKeyStore() != null || ssl.getTrustStore() != null)) {
      SSLContext.setDefault(context(ssl));
    }
  }

  private static KeyStore load(JmxSslConfig.StoreConfig config, String key)
      throws IOException, GeneralSecurityException {
    KeyStore store =
        KeyStore.getInstance(
            config.getType() == null ? KeyStore.getDefaultType() : config.getType());
    try (InputStream in = new FileInputStream(config.getFilename())) {
      store.load(in, password(config));
    } catch (IOException e) {
      throw new IOException(
          "ssl." + key + ": cannot read " + config.getFilename() + ": " + e.getMessage(), e);
    }
    return store;
  }

  private static char[] password(JmxSslConfig.StoreConfig config) {
    return config.getPassword() == null ? null : config.getPassword().toCharArray();
  }
}
