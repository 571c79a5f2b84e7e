package io.github.jmxprom.collector.jmx;

import io.github.jmxprom.collector.config.JmxSslConfig;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.Socket;
import java.rmi.server.RMIClientSocketFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * RMI client sockets over TLS with the key store, trust store, protocols and ciphers of the
 * config's {@code ssl:} mapping, instead of the JVM-wide {@code javax.net.ssl.*} settings.
 */
final class ConfiguredSslSocketFactory implements RMIClientSocketFactory, Serializable {

  private static final long serialVersionUID = 1L;

  private final transient JmxSslConfig ssl;
  private transient SSLSocketFactory factory;

  ConfiguredSslSocketFactory(JmxSslConfig ssl) {
    this.ssl = ssl;
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    SSLSocket socket = (SSLSocket) factory().createSocket(host, port);
    if (!ssl.getProtocols().isEmpty()) {
      socket.setEnabledProtocols(ssl.getProtocols().toArray(new String[0]));
    }
    if (!ssl.getCiphers().isEmpty()) {
      socket.setEnabledCipherSuites(ssl.getCiphers().toArray(new String[0]));
    }
    return socket;
  }

  private synchronized SSLSocketFactory factory() throws IOException {
    if (factory == null) {
      try {
        KeyManagerFactory keys = null;
        if (ssl.getKeyStore() != null) {
          KeyStore store = load(ssl.getKeyStore());
          keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
          keys.init(store, password(ssl.getKeyStore()));
        }
        TrustManagerFactory trust = null;
        if (ssl.getTrustStore() != null) {
          trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
          trust.init(load(ssl.getTrustStore()));
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(
            keys == null ? null : keys.getKeyManagers(),
            trust == null ? null : trust.getTrustManagers(),
            null);
        factory = context.getSocketFactory();
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot set up TLS for JMX: " + e.getMessage(), e);
      }
    }
    return factory;
  }

  private static KeyStore load(JmxSslConfig.StoreConfig config)
      throws IOException, GeneralSecurityException {
    KeyStore store =
        KeyStore.getInstance(
            config.getType() == null ? KeyStore.getDefaultType() : config.getType());
    try (InputStream in = new FileInputStream(config.getFilename())) {
      store.load(in, password(config));
    } catch (IOException e) {
      throw new IOException("cannot read " + config.getFilename() + ": " + e.getMessage(), e);
    }
    return store;
  }

  private static char[] password(JmxSslConfig.StoreConfig config) {
    return config.getPassword() == null ? null : config.getPassword().toCharArray();
  }

  @Override
  public boolean equals(Object o) {
    return o == this;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
