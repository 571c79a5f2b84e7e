package io.github.jmxprom.collector.jmx;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * A cheap check whether a remote JVM's RMI port answers, made before each connection attempt: a TCP
 * connection and, unless the port talks TLS, the first two bytes of the JRMP handshake (the
 * protocol every RMI port speaks first). A killed target refuses the TCP connection at once; a
 * paused one ({@code SIGSTOP}, a long GC, a debugger) accepts it in the kernel but never sends the
 * JRMP acknowledgement. Either way the probe answers within its timeout, where a full JMX connect
 * would wait for RMI's handshake timeout.
 *
 * <pre>{@code
 * TargetProbe probe = TargetProbe.forUrl("service:jmx:rmi:///jndi/rmi://127.0.0.1:9999/jmxrmi", false);
 * String problem = probe == null ? null : probe.check(); // null: it answers
 * }</pre>
 */
final class TargetProbe {

  /** Connect and read timeout of a probe. A live JVM answers in well under a millisecond. */
  static final int TIMEOUT_MILLIS = 1000;

  // sun.rmi.transport.TransportConstants: "JRMI", version 2, stream protocol; the answer.
  private static final int MAGIC = 0x4a524d49;
  private static final short VERSION = 2;
  private static final int STREAM_PROTOCOL = 0x4b;
  private static final int PROTOCOL_ACK = 0x4e;

  private final String host;
  private final int port;
  private final boolean tls;
  private final int timeoutMillis;

  TargetProbe(String host, int port, boolean tls, int timeoutMillis) {
    this.host = host;
    this.port = port;
    this.tls = tls;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * The probe for the RMI registry of a {@code service:jmx:rmi:///jndi/rmi://host:port/name} URL;
   * null for any other URL (nothing to probe cheaply: connection attempts then just back off).
   */
  static TargetProbe forUrl(String jmxUrl, boolean tls) {
    String marker = "/jndi/rmi://";
    int at = jmxUrl.indexOf(marker);
    if (!jmxUrl.startsWith("service:jmx:rmi:") || at < 0) {
      return null;
    }
    try {
      URI registry = new URI("rmi://" + jmxUrl.substring(at + marker.length()));
      if (registry.getHost() == null) {
        return null;
      }
      int port = registry.getPort() > 0 ? registry.getPort() : 1099;
      return new TargetProbe(registry.getHost(), port, tls, TIMEOUT_MILLIS);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** Null when the port answers; otherwise what is wrong, in words, for the scrape's log. */
  String check() {
    boolean accepted = false;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      accepted = true;
      if (tls) {
        return null; // a TLS port cannot be asked in JRMP without a TLS handshake; accepting will
        // do
      }
      socket.setSoTimeout(timeoutMillis);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeInt(MAGIC);
      out.writeShort(VERSION);
      out.writeByte(STREAM_PROTOCOL);
      out.flush();
      int answer = new DataInputStream(socket.getInputStream()).read();
      if (answer == PROTOCOL_ACK) {
        return null;
      }
      return answer < 0
          ? host + ":" + port + " closed the connection without answering"
          : host + ":" + port + " is no RMI port (answered " + answer + ")";
    } catch (java.net.SocketTimeoutException e) {
      if (!accepted) {
        return host + ":" + port + " does not accept a connection within " + timeoutMillis + " ms";
      }
      return host
          + ":"
          + port
          + " accepts connections but does not answer within "
          + timeoutMillis
          + " ms (the JVM may be paused or overloaded)";
    } catch (IOException e) {
      return host + ":" + port + " does not answer: " + Failures.describe(e);
    }
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
