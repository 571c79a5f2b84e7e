package io.github.jmxprom.runtime.http;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Serves the key named by {@code httpServer.ssl.certificate.alias}, where the JDK's key manager
 * would pick any key of a suitable type. When the named key does not suit the handshake (wrong key
 * type or issuer), no key is offered, so the handshake fails rather than using another key.
 */
final class AliasKeyManager extends X509ExtendedKeyManager {

  private final X509ExtendedKeyManager delegate;
  private final String alias;

  AliasKeyManager(X509ExtendedKeyManager delegate, String alias) {
    this.delegate = delegate;
    this.alias = alias;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return configured(keyType, issuers);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return configured(keyType, issuers);
  }

  /** The configured alias, as the store spells it, if it offers a key for this handshake. */
  private String configured(String keyType, Principal[] issuers) {
    String[] candidates = delegate.getServerAliases(keyType, issuers);
    if (candidates != null) {
      for (String candidate : candidates) {
        if (candidate.equalsIgnoreCase(alias)) {
          return candidate;
        }
      }
    }
    return null;
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return delegate.getServerAliases(keyType, issuers);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return delegate.getClientAliases(keyType, issuers);
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return delegate.chooseClientAlias(keyTypes, issuers, socket);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return delegate.chooseEngineClientAlias(keyTypes, issuers, engine);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return delegate.getCertificateChain(alias);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return delegate.getPrivateKey(alias);
  }
}
