package io.github.jmxprom.runtime.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs first for every request on every path: client_java's {@code HTTPServer} installs one {@link
 * Authenticator} on all its contexts and offers no other hook in front of its handlers, so this
 * "authenticator" also does what a filter would. In order it
 *
 * <ol>
 *   <li>adds the security headers (also to 401, 403 and 503 answers);
 *   <li>answers 503 at once when no worker thread was free ({@link WorkerPool#isOverflow()});
 *   <li>arms the {@code maximumRequestSeconds} deadline;
 *   <li>remembers the request's scrape timeout for the collectors ({@link ScrapeTimeout});
 *   <li>asks the configured authenticator, if any.
 * </ol>
 */
final class ExchangeGuard extends Authenticator {

  static final String OVERFLOW_BODY = "too many concurrent scrapes\n";

  /** The principal of requests when no authentication is configured. */
  private static final HttpPrincipal ANONYMOUS = new HttpPrincipal("anonymous", "jmxprom");

  private final Authenticator delegate;
  private final boolean https;
  private final ScheduledExecutorService deadlines;
  private final int maximumRequestSeconds;

  /**
   * @param delegate the configured authentication, or null to let every request through
   * @param deadlines closes exchanges after {@code maximumRequestSeconds}; null for no limit
   */
  ExchangeGuard(
      Authenticator delegate,
      boolean https,
      ScheduledExecutorService deadlines,
      int maximumRequestSeconds) {
    this.delegate = delegate;
    this.https = https;
    this.deadlines = deadlines;
    this.maximumRequestSeconds = maximumRequestSeconds;
  }

  @Override
  public Result authenticate(HttpExchange exchange) {
    Headers headers = exchange.getResponseHeaders();
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    if (https) {
      headers.set("Strict-Transport-Security", "max-age=31536000");
    }
    if (WorkerPool.isOverflow()) {
      return overflow(exchange);
    }
    if (deadlines != null) {
      armDeadline(exchange);
    }
    ScrapeTimeout.remember(exchange.getRequestHeaders().getFirst(ScrapeTimeout.HEADER));
    return delegate == null ? new Success(ANONYMOUS) : delegate.authenticate(exchange);
  }

  /**
   * Writes the whole 503 here, on the dispatcher thread, without reading credentials: the
   * Authenticator API can only return a status without a body. The server then fails to send its
   * own (empty) answer for the {@link Failure} and closes the connection, which is what an
   * overloaded server should do anyway.
   */
  private static Result overflow(HttpExchange exchange) {
    byte[] body = OVERFLOW_BODY.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.getResponseHeaders().set("Connection", "close");
    try {
      if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(503, -1);
      } else {
        exchange.sendResponseHeaders(503, body.length);
        exchange.getResponseBody().write(body);
      }
    } catch (IOException e) {
      // The client went away; nothing to answer.
    } finally {
      exchange.close();
    }
    return new Failure(503);
  }

  /**
   * Closes the exchange when it is still open after {@code maximumRequestSeconds}: the client sees
   * the connection close (before headers) or a truncated body. The timer is cancelled when the
   * response is closed normally, so finished exchanges are not kept in memory until it fires.
   */
  private void armDeadline(final HttpExchange exchange) {
    ScheduledFuture<?> deadline =
        deadlines.schedule(
            new Runnable() {
              @Override
              public void run() {
                exchange.close();
              }
            },
            maximumRequestSeconds,
            TimeUnit.SECONDS);
    OutputStream body = exchange.getResponseBody();
    exchange.setStreams(null, new CancelOnClose(body, deadline));
  }

  /** The response body stream, which cancels the deadline when the response is complete. */
  private static final class CancelOnClose extends FilterOutputStream {
    private final ScheduledFuture<?> deadline;

    CancelOnClose(OutputStream body, ScheduledFuture<?> deadline) {
      super(body);
      this.deadline = deadline;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      deadline.cancel(false);
      out.close();
    }
  }
}
