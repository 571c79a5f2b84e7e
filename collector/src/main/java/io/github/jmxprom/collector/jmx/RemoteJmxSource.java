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

  /** The JVM-wide read timeout of RMI calls (milliseconds); the standalone scraper sets it. */
  public static final String RESPONSE_TIMEOUT_PROPERTY = "sun.rmi.transport.tcp.responseTimeout";

  private static final String FETCH_TIMEOUT = "jmx.remote.x.notification.fetch.timeout";

  private static final long STARTING_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long STARTING_PAUSE_MILLIS = 50;

  private static final long FIRST_BACKOFF_MILLIS = 1000;
  private static final long MAX_BACKOFF_MILLIS = 30_000;

  private final String url;
  private final Map<String, Object> environment;
  // Null for URLs without an RMI registry address to probe: then failed attempts just back off.
  private final TargetProbe probe;
  private JMXConnector connector;
  private volatile MBeanServerConnection connection;
  // Back-off after a failure where the target answered and refused us (a wrong password, a TLS
  // mismatch, a URL the probe cannot check): retrying at every scrape would not help and would
  // fill the target's security log. A target that is down or paused is probed instead (see
  // connection()).
  private long backoffMillis;
  private long nextAttemptNanos;
  private String lastFailure;

  /** A source for the config's {@code jmxUrl}; nothing connects until the first scrape. */
  public RemoteJmxSource(CollectorConfig config) {
    this.url = config.getJmxUrl();
    this.environment = environment(config);
    this.probe = TargetProbe.forUrl(url, config.getSsl().isEnabled());
  }

  /**
   * The open connection, or a new one. Before connecting, the target's RMI port is probed (a TCP
   * connection and the first bytes of the RMI handshake, about a millisecond): a target that is
   * down or paused fails the scrape at once, without a connection attempt, and the first scrape
   * after its port answers again connects, whatever failed before. So a restarted target is back at
   * the first scrape (a back-off would refuse that scrape), while a target that stays down costs
   * one TCP connection per scrape. Only failures of a target that answered (credentials, TLS) and
   * URLs the probe cannot check back off, from 1 s doubling to 30 s.
   */
  @Override
  public synchronized MBeanServerConnection connection() throws IOException {
    MBeanServerConnection open = connection;
    if (open != null) {
      return open;
    }
    if (probe != null) {
      String problem = probe.check();
      if (problem != null) {
        // lastFailure stays the last connection attempt's, which a back-off message names.
        throw new IOException("cannot connect to " + url + ": " + problem);
      }
    }
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
      connector = connectWhileStarting();
      open = connector.getMBeanServerConnection();
      connection = open;
      backoffMillis = 0;
      lastFailure = null;
      return open;
    } catch (IOException e) {
      closeQuietly();
      String failure = Failures.describe(e);
      if (probe == null || refusedUs(e)) {
        scheduleRetry(failure);
      }
      lastFailure = failure;
      throw e;
    }
  }

  /**
   * The open connection, or null: never connects, so that only the collector's scrape makes
   * connection attempts (the JVM metrics read over the connection it opened).
   */
  @Override
  public MBeanServerConnection connectionIfOpen() {
    return connection;
  }

  /**
   * Connects, asking again for up to a second while the target's management agent is still
   * starting: the JDK's agent opens its RMI port (so the probe passes) a moment before the registry
   * holds {@code jmxrmi}, and a scrape in that moment would otherwise fail although the target is
   * back.
   */
  private JMXConnector connectWhileStarting() throws IOException {
    long deadline = System.nanoTime() + STARTING_NANOS;
    while (true) {
      try {
        return connect();
      } catch (IOException e) {
        if (!agentStarting(e) || System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(STARTING_PAUSE_MILLIS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** True when the registry answers but has no connector (yet): the agent is starting. */
  private static boolean agentStarting(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof javax.naming.NameNotFoundException
          || t instanceof java.rmi.NoSuchObjectException) {
        return true;
      }
    }
    return false;
  }

  /**
   * True for failures where the target answered and turned us down, or has no JMX connector where
   * the URL says (after a second of asking again): trying at every scrape would not help.
   */
  private static boolean refusedUs(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SecurityException || t instanceof javax.net.ssl.SSLException) {
        return true;
      }
    }
    return agentStarting(e);
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
      // restarted). Closed on another thread: closing makes a remote call, which waits for the RMI
      // response timeout when the target is paused, and the scrape must answer meanwhile.
      final JMXConnector broken = connector;
      connector = null;
      connection = null;
      backoffMillis = 0;
      if (broken != null) {
        Thread closer = new Thread(() -> closeQuietly(broken), "jmxprom-close");
        closer.setDaemon(true);
        closer.start();
      }
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
      closeQuietly(connector);
    }
    connector = null;
    connection = null;
  }

  private void closeQuietly(JMXConnector closing) {
    try {
      closing.close();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "closing JMX connection to " + url, e);
    }
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
    long responseTimeout = Long.getLong(RESPONSE_TIMEOUT_PROPERTY, 0L);
    if (responseTimeout > 0) {
      // Fetching notifications (the GC listener of the JVM metrics) is a long poll that the server
      // holds for this long, 60 s by default: under an RMI response timeout every poll would fail
      // and the connector would stop fetching. Hold it well below the timeout instead.
      env.put(FETCH_TIMEOUT, Long.toString(Math.max(1, responseTimeout / 2)));
    }
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
