package io.github.jmxprom.collector.jmx;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.JmxSslConfig;
import java.io.IOException;
import java.net.MalformedURLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.naming.Context;
import javax.rmi.ssl.SslRMIClientSocketFactory;

/**
 * A remote JVM over JMX ({@code hostPort:} or {@code jmxUrl:}), with credentials and TLS from the
 * config. Unlike jmx_exporter, which opens a new connection for every scrape, the connection is
 * kept and reused until it fails.
 *
 * <pre>{@code
 * try (RemoteJmxSource remote = new RemoteJmxSource(config)) {
 *   MBeanServerConnection connection = remote.connection();
 * }
 * }</pre>
 */
public final class RemoteJmxSource implements MBeanServerSource {

  private static final Logger LOG = Logger.getLogger(RemoteJmxSource.class.getName());
  // JNDI's RMI registry factory, named explicitly: inside Tomcat the JVM-wide default factory is
  // Tomcat's own class, which the exporter's threads cannot load (NoInitialContextException).
  private static final String RMI_REGISTRY_FACTORY =
      "com.sun.jndi.rmi.registry.RegistryContextFactory";
  private static final long CONNECT_TIMEOUT_SECONDS = 10;

  private static final long FIRST_BACKOFF_MILLIS = 1000;
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  private final String url;
  private final Map<String, Object> environment;
  private JMXConnector connector;
  private MBeanServerConnection connection;
  // Back-off after failures, so a target that is down costs one connection attempt per interval,
  // not one per scrape (and not one per collector sharing this source).
  private long backoffMillis;
  private long nextAttemptNanos;
  private String lastFailure;

  /** A source for the config's {@code jmxUrl}; nothing connects until the first scrape. */
  public RemoteJmxSource(CollectorConfig config) {
    this.url = config.getJmxUrl();
    this.environment = environment(config);
  }

  @Override
  public synchronized MBeanServerConnection connection() throws IOException {
    if (connection == null) {
      long wait = nextAttemptNanos - System.nanoTime();
      if (backoffMillis > 0 && wait > 0) {
        throw new BackoffException(
            lastFailure,
            "not connected to "
                + url
                + " ("
                + lastFailure
                + "); next attempt in "
                + Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999))
                + " s");
      }
      try {
        connector = connect();
        connection = connector.getMBeanServerConnection();
        backoffMillis = 0;
        lastFailure = null;
      } catch (IOException e) {
        closeQuietly();
        scheduleRetry(Failures.describe(e));
        throw e;
      }
    }
    return connection;
  }

  private void scheduleRetry(String failure) {
    backoffMillis =
        backoffMillis == 0 ? FIRST_BACKOFF_MILLIS : Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
    nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis);
    lastFailure = failure;
  }

  private JMXConnector connect() throws IOException {
    JMXServiceURL serviceUrl;
    try {
      serviceUrl = new JMXServiceURL(url);
    } catch (MalformedURLException e) {
      throw new IOException("invalid JMX URL " + url + ": " + e.getMessage(), e);
    }
    // A connection attempt to a host that drops packets can block for minutes; bound it.
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "jmxprom-connect");
              t.setDaemon(true);
              return t;
            });
    try {
      Future<JMXConnector> future =
          executor.submit(() -> JMXConnectorFactory.connect(serviceUrl, environment));
      return future.get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IOException(
          "no answer from " + url + " within " + CONNECT_TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while connecting to " + url, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      if (cause instanceof SecurityException) {
        throw new IOException(
            "authentication failed at "
                + url
                + ": "
                + cause.getMessage()
                + "; check username and password",
            cause);
      }
      throw new IOException("cannot connect to " + url + ": " + cause, cause);
    } finally {
      executor.shutdownNow();
    }
  }

  @Override
  public synchronized void connectionFailed() {
    if (connection != null) {
      // A connection that worked and then broke: try again at once (the target may have just
      // restarted); back off only if that fails too.
      closeQuietly();
      backoffMillis = 0;
    }
  }

  @Override
  public String describe() {
    return url;
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    if (connector != null) {
      try {
        connector.close();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.FINE, "closing JMX connection to " + url, e);
      }
    }
    connector = null;
    connection = null;
  }

  /**
   * Thrown instead of connecting while backing off after a failure: the failure was reported
   * already, so callers need not log it again.
   */
  public static final class BackoffException extends IOException {
    private static final long serialVersionUID = 1L;
    private final String failure;

    BackoffException(String failure, String message) {
      super(message);
      this.failure = failure;
    }

    /** The failure of the last connection attempt, as {@link Failures#describe} words it. */
    public String getFailure() {
      return failure;
    }
  }

  static Map<String, Object> environment(CollectorConfig config) {
    Map<String, Object> env = new HashMap<>();
    env.put(Context.INITIAL_CONTEXT_FACTORY, RMI_REGISTRY_FACTORY);
    String username = config.getUsername();
    String password = config.getPassword();
    if (username != null && !username.isEmpty() && password != null && !password.isEmpty()) {
      env.put(JMXConnector.CREDENTIALS, new String[] {username, password});
    }
    JmxSslConfig ssl = config.getSsl();
    if (ssl.isEnabled()) {
      env.put(Context.SECURITY_PROTOCOL, "ssl");
      Object factory =
          ssl.getKeyStore() == null
                  && ssl.getTrustStore() == null
                  && ssl.getProtocols().isEmpty()
                  && ssl.getCiphers().isEmpty()
              ? new SslRMIClientSocketFactory()
              : new ConfiguredSslSocketFactory(ssl);
      env.put("jmx.remote.rmi.client.socket.factory", factory);
      if (!"true".equalsIgnoreCase(System.getenv("RMI_REGISTRY_SSL_DISABLED"))) {
        env.put("com.sun.jndi.rmi.factory.socket", factory);
      }
    }
    return env;
  }
}
