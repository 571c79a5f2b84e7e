package io.github.jmxprom.runtime.http;

import java.net.InetAddress;

/**
 * The address part of {@link ExporterHttpServer#prepare}, started early on a daemon thread: it
 * resolves the host and binds the port for a moment while the caller goes on (the java agent reads
 * its config meanwhile), and {@code prepare} then asks for its results at the points where it would
 * have done the work itself, so the same error comes first. Resolving and the first socket load the
 * JDK's network classes, which a host application would otherwise wait for in {@code premain}.
 *
 * <pre>{@code
 * AddressCheck early = AddressCheck.start(host, port);
 * try {
 *   CollectorConfig config = ConfigLoader.load(file); // meanwhile
 *   ExporterHttpServer.prepare(httpConfig, host, port, early);
 * } finally {
 *   early.join(); // nothing of it outlives the caller's step, whatever failed
 * }
 * }</pre>
 *
 * <p>A plain class, not a lambda: the first lambda of the agent's classes would bootstrap {@code
 * invokedynamic} (a few milliseconds) in {@code premain}.
 */
public final class AddressCheck implements Runnable {

  private final String host;
  private final int port;
  private final Thread thread;
  private InetAddress address;
  private RuntimeException resolveError;
  private RuntimeException bindError;

  private AddressCheck(String host, int port) {
    this.host = host;
    this.port = port;
    this.thread = new Thread(this, "jmxprom-address-check");
    thread.setDaemon(true);
  }

  /**
   * Starts resolving {@code host} (null: all interfaces) and checking that {@code port} is free.
   */
  public static AddressCheck start(String host, int port) {
    AddressCheck check = new AddressCheck(host, port);
    check.thread.start();
    return check;
  }

  @Override
  public void run() {
    try {
      address = ExporterHttpServer.resolve(host);
    } catch (RuntimeException e) {
      resolveError = e;
      return;
    }
    try {
      if (port > 0) {
        ExporterHttpServer.checkFree(address, host, port);
      }
    } catch (RuntimeException e) {
      bindError = e;
    }
  }

  /** Waits for the check to end; the results are visible to this thread afterwards. */
  public void join() {
    // Uninterrupted: the check must not outlive the caller's step.
    awaitEnd(thread);
  }

  /**
   * Waits for {@code thread} to end even when interrupted meanwhile (the interrupt is kept for the
   * caller): for the short start-up threads whose results the caller reads next.
   */
  static void awaitEnd(Thread thread) {
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  boolean isFor(String host, int port) {
    return this.port == port && (this.host == null ? host == null : this.host.equals(host));
  }

  /** The resolved address, or the resolve error {@code prepare} would have thrown. */
  InetAddress address() {
    join();
    if (resolveError != null) {
      throw resolveError;
    }
    return address;
  }

  /** Throws what binding the port threw. */
  void checkFree() {
    join();
    if (bindError != null) {
      throw bindError;
    }
  }
}
