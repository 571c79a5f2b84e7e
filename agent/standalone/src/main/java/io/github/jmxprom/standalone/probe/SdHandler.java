package io.github.jmxprom.standalone.probe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/**
 * {@code GET /sd}: the targets to probe, as Prometheus HTTP service discovery JSON (see {@link
 * ServiceDiscovery}).
 *
 * <pre>{@code
 * curl http://127.0.0.1:9404/sd
 * }</pre>
 */
final class SdHandler implements HttpHandler {

  static final String PATH = "/sd";

  private final ServiceDiscovery discovery;

  SdHandler(ServiceDiscovery discovery) {
    this.discovery = discovery;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (Responses.readOnly(exchange)) {
      Responses.send(
          exchange, 200, "application/json", ServiceDiscovery.toJson(discovery.groups()));
    }
  }
}
