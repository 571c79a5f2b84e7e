package io.github.jmxprom.it.app;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

/**
 * An {@code httpServer.authentication.plugin} on the application's class path: lets in requests
 * with the header {@code X-Jmxprom-Test: yes}, answers 401 to the rest, so a test sees that the
 * exporter loaded and uses it.
 *
 * <pre>{@code
 * httpServer:
 *   authentication:
 *     plugin:
 *       class: io.github.jmxprom.it.app.HeaderAuthenticator
 * }</pre>
 */
public final class HeaderAuthenticator extends Authenticator {

  public static final String HEADER = "X-Jmxprom-Test";

  @Override
  public Result authenticate(HttpExchange exchange) {
    if ("yes".equals(exchange.getRequestHeaders().getFirst(HEADER))) {
      return new Success(new HttpPrincipal("test", "jmxprom"));
    }
    return new Failure(401);
  }
}
