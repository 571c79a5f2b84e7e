package io.github.jmxprom.runtime.http;

import java.util.concurrent.TimeUnit;

/**
 * How long a scrape may take: Prometheus sends its scrape timeout in {@code
 * X-Prometheus-Scrape-Timeout-Seconds}, and an answer half a second before it still arrives in
 * time; without the header, 10 s (Prometheus' default). The exporter's request guard remembers the
 * header of the request the current thread serves and when the request arrived, so a collector deep
 * inside client_java's {@code /metrics} handler (or {@code /probe}) can bound its work by the time
 * left: the deadline counts from the arrival, not from the moment the collector starts, so the work
 * done before (authentication, opening a pooled target, other collectors) does not push the answer
 * past it.
 *
 * <pre>{@code
 * long nanos = ScrapeTimeout.nanos(exchange.getRequestHeaders().getFirst(ScrapeTimeout.HEADER));
 * long left = ScrapeTimeout.remainingNanos(); // from a collector, on the HTTP thread
 * }</pre>
 */
public final class ScrapeTimeout {

  /** The header Prometheus sends with every scrape. */
  public static final String HEADER = "X-Prometheus-Scrape-Timeout-Seconds";

  /** The time a scrape may take without the header. */
  public static final long DEFAULT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private static final long MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final long MINIMUM_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  // The request this HTTP worker thread serves (null: not an HTTP thread).
  private static final ThreadLocal<Request> CURRENT = new ThreadLocal<>();

  /** A request's header and the time it arrived. */
  private static final class Request {
    final String header;
    final long arrivedNanos;

    Request(String header, long arrivedNanos) {
      this.header = header;
      this.arrivedNanos = arrivedNanos;
    }
  }

  private ScrapeTimeout() {}

  /** The header's timeout less half a second (at least 0.2 s); the default without a valid one. */
  public static long nanos(String header) {
    if (header != null) {
      try {
        double seconds = Double.parseDouble(header.trim());
        if (seconds > 0 && !Double.isInfinite(seconds)) {
          long nanos = (long) (seconds * 1e9) - MARGIN_NANOS;
          return Math.max(MINIMUM_NANOS, nanos);
        }
      } catch (NumberFormatException e) {
        // fall back to the default
      }
    }
    return DEFAULT_NANOS;
  }

  /** The timeout of the request the current thread serves; the default elsewhere. */
  public static long currentNanos() {
    Request request = CURRENT.get();
    return nanos(request == null ? null : request.header);
  }

  /**
   * The time left until the deadline of the request the current thread serves ({@link #nanos} of
   * its header, counted from its arrival; 0 when it has passed); off an HTTP thread, the default
   * from now.
   */
  public static long remainingNanos() {
    return remainingNanos(System.nanoTime());
  }

  static long remainingNanos(long nowNanos) {
    Request request = CURRENT.get();
    if (request == null) {
      return DEFAULT_NANOS;
    }
    long left = nanos(request.header) - (nowNanos - request.arrivedNanos);
    return Math.max(0, left);
  }

  /** Called first for each request, on the thread that serves it, as it arrives. */
  static void remember(String header) {
    remember(header, System.nanoTime());
  }

  static void remember(String header, long arrivedNanos) {
    CURRENT.set(new Request(header, arrivedNanos));
  }

  /** Forgets the current thread's request (tests). */
  static void forget() {
    CURRENT.remove();
  }
}
