package io.github.jmxprom.standalone;

import io.github.jmxprom.collector.jmx.RemoteJmxSource;
import java.util.Properties;

/**
 * Read timeouts for RMI in the standalone scraper's JVM, set before any RMI class loads (the JDK
 * reads them once). Without them a target that stops answering without closing its connections (a
 * {@code SIGSTOP}, a debugger, a frozen VM) keeps every JMX call waiting forever: RMI has no
 * response timeout by default, and 60 s for the connection handshake. The scraper owns its JVM, so
 * it sets these JVM-wide properties; the java agent never does (they would change the host
 * application's RMI). A value given with {@code -D} wins.
 *
 * <pre>{@code
 * RmiTimeouts.applyDefaults(System.getProperties()); // first thing in main
 * }</pre>
 *
 * <p>Public only because the shaded jar relocates every class but the main class into another
 * package.
 */
public final class RmiTimeouts {

  /**
   * Longest wait for the answer to one JMX call. Below Prometheus' default scrape timeout (10 s),
   * so a scrape of a paused target still answers in time; above what a healthy call takes (the
   * slowest, listing 50,000 MBeans, takes about 0.4 s).
   */
  static final String RESPONSE_TIMEOUT_MILLIS = "5000";

  /** Longest wait for a new connection's RMI handshake (JDK default: 60 s). */
  static final String HANDSHAKE_TIMEOUT_MILLIS = "5000";

  static final String HANDSHAKE_TIMEOUT_PROPERTY = "sun.rmi.transport.tcp.handshakeTimeout";

  private RmiTimeouts() {}

  /** Sets each timeout the properties do not already have. */
  public static void applyDefaults(Properties properties) {
    if (properties.getProperty(RemoteJmxSource.RESPONSE_TIMEOUT_PROPERTY) == null) {
      properties.setProperty(RemoteJmxSource.RESPONSE_TIMEOUT_PROPERTY, RESPONSE_TIMEOUT_MILLIS);
    }
    if (properties.getProperty(HANDSHAKE_TIMEOUT_PROPERTY) == null) {
      properties.setProperty(HANDSHAKE_TIMEOUT_PROPERTY, HANDSHAKE_TIMEOUT_MILLIS);
    }
  }
}
