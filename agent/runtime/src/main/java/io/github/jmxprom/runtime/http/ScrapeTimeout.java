package io.github.jmxprom.runtime.http;

import java.util.concurrent.TimeUnit;

/**
 * How long a scrape may take: Prometheus sends its scrape timeout in {@code
 * X-Prometheus-Scrape-Timeout-Seconds}, and an answer half a second before it still arrives in
 * time; without the header, 10 s (Prometheus' default). The exporter's request guard remembers the
 * header of the request the current thread serves, so a collector deep inside client_java's {@code
 * /metrics} handler can bound its work by it.
 *
 * <pre>{@code
 * long nanos = ScrapeTimeout.nanos(exchange.getRequestHeaders().getFirst(ScrapeTimeout.HEADER));
 * long forThisRequest = ScrapeTimeout.currentNanos(); // from a collector, on the HTTP thread
 * }</pre>
 */
public final class ScrapeTimeout {

  /** The header Prometheus sends with every scrape. */
  public static final String HEADER = "X-Prometheus-Scrape-Timeout-Seconds";

  /** The time a scrape may take without the header. */
  public static final long DEFAULT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private static final long MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  private static final long MINIMUM_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  // The header of the request this HTTP worker thread serves (null: none, or not an HTTP thread).
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

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
    return nanos(CURRENT.get());
  }

  /** Called first for each request, on the thread that serves it. */
  static void remember(String header) {
    if (header == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(header);
    }
  }
}
