package io.github.jmxprom.collector.jmx;

import io.github.jmxprom.collector.config.JmxSslConfig;
import java.io.IOException;
import java.io.Serializable;
import java.net.Socket;
import java.rmi.server.RMIClientSocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

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
      factory = JmxTls.context(ssl).getSocketFactory();
    }
    return factory;
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
