package io.github.jmxprom.runtime.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP basic authentication ({@code Authorization: Basic base64(user:password)}, UTF-8) against a
 * {@link PasswordVerifier}. A missing, malformed or wrong header gets 401 with {@value #CHALLENGE}
 * as {@code WWW-Authenticate}, the challenge jmx_exporter sends. The JDK's own {@code
 * BasicAuthenticator} cannot announce the charset on Java 8, hence this class.
 */
final class PasswordAuthenticator extends Authenticator {

  static final String REALM = "/";
  static final String CHALLENGE = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";

  private static final String SCHEME = "Basic ";

  private final PasswordVerifier verifier;

  PasswordAuthenticator(PasswordVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public Result authenticate(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      String credentials = decode(header.substring(SCHEME.length()).trim());
      int colon = credentials == null ? -1 : credentials.indexOf(':');
      if (colon >= 0) {
        String username = credentials.substring(0, colon);
        if (verifier.verify(username, credentials.substring(colon + 1))) {
          return new Success(new HttpPrincipal(username, REALM));
        }
      }
    }
    exchange.getResponseHeaders().set("WWW-Authenticate", CHALLENGE);
    return new Retry(401);
  }

  /** The decoded credentials, or null when they are not base64. */
  private static String decode(String base64) {
    try {
      return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
