package io.github.jmxprom.runtime.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.security.auth.Subject;

/**
 * The JDK's HTTP server as the exporter runs it: one context per path, each behind the same
 * authenticator, handlers run on the given executor and, with a subject attribute name, inside
 * {@code Subject.doAs} for the subject the authenticator left on the exchange (403 without one), as
 * client_java's {@code HTTPServer} does. The exporter builds its own server rather than
 * client_java's so that the metrics path can stream its answer.
 *
 * <pre>{@code
 * HttpServer server = JdkServer.start(null, 9404, null, workers, guard, null, contexts);
 * ...
 * server.stop(0);
 * }</pre>
 */
final class JdkServer {

  // The backlog client_java's HTTPServer uses.
  private static final int BACKLOG = 3;

  private JdkServer() {}

  /**
   * Binds and starts a server serving {@code contexts} (path to handler); its dispatcher thread is
   * a daemon thread.
   */
  static HttpServer start(
      InetAddress address,
      int port,
      HttpsConfigurator https,
      Executor executor,
      Authenticator authenticator,
      String subjectAttributeName,
      Map<String, HttpHandler> contexts)
      throws IOException {
    InetSocketAddress socket =
        address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
    HttpServer server;
    if (https == null) {
      server = HttpServer.create(socket, BACKLOG);
    } else {
      HttpsServer secure = HttpsServer.create(socket, BACKLOG);
      secure.setHttpsConfigurator(https);
      server = secure;
    }
    server.setExecutor(executor);
    for (Map.Entry<String, HttpHandler> context : contexts.entrySet()) {
      HttpContext created =
          server.createContext(
              context.getKey(), withSubject(context.getValue(), subjectAttributeName));
      if (authenticator != null) {
        created.setAuthenticator(authenticator);
      }
    }
    startOnDaemonThread(server);
    return server;
  }

  private static HttpHandler withSubject(final HttpHandler handler, final String attribute) {
    if (attribute == null) {
      return handler;
    }
    return new HttpHandler() {
      @Override
      public void handle(final HttpExchange exchange) throws IOException {
        Object subject = exchange.getAttribute(attribute);
        if (!(subject instanceof Subject)) {
          drain(exchange);
          exchange.sendResponseHeaders(403, -1);
          exchange.close();
          return;
        }
        try {
          Subject.doAs(
              (Subject) subject,
              new PrivilegedExceptionAction<Void>() {
                @Override
                public Void run() throws IOException {
                  handler.handle(exchange);
                  return null;
                }
              });
        } catch (PrivilegedActionException e) {
          Exception cause = e.getException();
          throw cause instanceof IOException ? (IOException) cause : new IOException(cause);
        }
      }
    };
  }

  private static void drain(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    byte[] buffer = new byte[4096];
    while (in.read(buffer) != -1) {
      // discard the request body, so the connection can be reused
    }
    in.close();
  }

  /**
   * Starts the server from a new daemon thread: the JDK's dispatcher thread inherits its daemon
   * status from the thread that starts it, and the caller's thread may be a user thread (the
   * agent's premain runs on {@code main}).
   */
  private static void startOnDaemonThread(final HttpServer server) {
    final Throwable[] failure = new Throwable[1];
    Thread starter =
        new Thread(
            new Runnable() {
              @Override
              public void run() {
                try {
                  server.start();
                } catch (RuntimeException | Error e) {
                  failure[0] = e;
                }
              }
            },
            "jmxprom-http-start");
    starter.setDaemon(true);
    starter.start();
    AddressCheck.awaitEnd(starter);
    if (failure[0] instanceof RuntimeException) {
      server.stop(0);
      throw (RuntimeException) failure[0];
    }
    if (failure[0] instanceof Error) {
      server.stop(0);
      throw (Error) failure[0];
    }
  }
}
