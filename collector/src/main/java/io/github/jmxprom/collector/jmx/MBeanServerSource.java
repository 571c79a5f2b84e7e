package io.github.jmxprom.collector.jmx;

import java.io.Closeable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServerConnection;

/**
 * Where MBeans are read from: the local platform MBeanServer, a remote JVM over JMX, or anything a
 * library user plugs in. A remote source keeps its connection open across scrapes and reconnects
 * after {@link #connectionFailed()}.
 *
 * <pre>{@code
 * MBeanServerSource local = MBeanServerSource.of(ManagementFactory.getPlatformMBeanServer());
 * MBeanServerConnection connection = local.connection();
 * }</pre>
 */
public interface MBeanServerSource extends Closeable {

  /** The connection to read from, connecting first if needed. */
  MBeanServerConnection connection() throws IOException;

  /**
   * The connection if one is open, else null; never connects. What reads over the collector's
   * connection (the JVM metrics) uses this, so that a target that is down costs one connection
   * attempt per scrape, made by the collector. Sources that are always open return {@link
   * #connection()}.
   */
  default MBeanServerConnection connectionIfOpen() throws IOException {
    return connection();
  }

  /** Tells the source its connection broke; the next {@link #connection()} reconnects. */
  void connectionFailed();

  /** A short description for logs and errors, e.g. {@code service:jmx:rmi://...}. */
  String describe();

  @Override
  void close();

  /** Chooses the source for a config. */
  interface Factory {
    MBeanServerSource create(io.github.jmxprom.collector.config.CollectorConfig config);
  }

  /**
   * This JVM's platform MBeanServer, looked up at the first scrape rather than now: creating it
   * costs the host application's start-up a tenth of a second or more, and application servers that
   * install their own MBeanServer builder (WildFly, JBoss) must do so before it exists.
   */
  static MBeanServerSource platform() {
    return new MBeanServerSource() {
      @Override
      public MBeanServerConnection connection() {
        return ManagementFactory.getPlatformMBeanServer();
      }

      @Override
      public void connectionFailed() {}

      @Override
      public String describe() {
        return "local MBeanServer";
      }

      @Override
      public void close() {}
    };
  }

  /** A source that always returns the given connection (nothing to close). */
  static MBeanServerSource of(MBeanServerConnection connection) {
    return new MBeanServerSource() {
      @Override
      public MBeanServerConnection connection() {
        return connection;
      }

      @Override
      public void connectionFailed() {}

      @Override
      public String describe() {
        return "local MBeanServer";
      }

      @Override
      public void close() {}
    };
  }
}
