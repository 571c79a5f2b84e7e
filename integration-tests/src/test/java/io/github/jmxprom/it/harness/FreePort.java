package io.github.jmxprom.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/** Loopback ports for the children: a free one, and whether something listens on one. */
public final class FreePort {

  private FreePort() {}

  /** A port nothing listens on right now (on 127.0.0.1 and, where it exists, ::1). */
  public static int pick() {
    for (int attempt = 0; attempt < 20; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!isListening("127.0.0.1", port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port found");
  }

  /** True when a TCP connection to {@code host:port} is accepted. */
  public static boolean isListening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits until something listens on {@code host:port}; false when the time is up. */
  public static boolean awaitListening(String host, int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (isListening(host, port)) {
        return true;
      }
      sleep(50);
    }
    return false;
  }

  /** Waits until nothing listens on {@code host:port} any more; false when the time is up. */
  public static boolean awaitClosed(String host, int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!isListening(host, port)) {
        return true;
      }
      sleep(50);
    }
    return false;
  }

  /** True when this machine has a working IPv6 loopback ({@code ::1}). */
  public static boolean hasIpv6Loopback() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
