package io.github.jmxprom.runtime.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import io.github.jmxprom.collector.config.ConfigException;
import io.github.jmxprom.collector.config.HttpServerConfig;
import io.github.jmxprom.collector.config.HttpServerConfig.PluginAuthentication;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The exporter's HTTP endpoint: the JDK's HTTP server serving the metrics path ({@link
 * MetricsEndpoint}: the text format streamed from the scrape, everything else through client_java,
 * with content negotiation, gzip and {@code name[]}) and {@code /-/healthy}, set up from the {@code
 * httpServer} section, with basic or plugin authentication on every path, security headers on every
 * response, HTTPS and mutual TLS, a bounded pool of daemon worker threads that answers 503 when all
 * are busy, and {@code maximumRequestSeconds}.
 *
 * <pre>{@code
 * HttpServerConfig http = config.getHttpServer() == null ? HttpServerConfig.defaults() : config.getHttpServer();
 * ExporterHttpServer server = ExporterHttpServer.start(http, null, 9404, registry);
 * ...
 * server.close();
 * }</pre>
 *
 * <p>No thread it starts is a non-daemon thread, so it never keeps a JVM alive.
 */
public final class ExporterHttpServer implements Closeable {

  static final String HEALTH_PATH = "/-/healthy";

  private final HttpServer server;
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor deadlines;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ExporterHttpServer(
      HttpServer server, ThreadPoolExecutor workers, ScheduledThreadPoolExecutor deadlines) {
    this.server = server;
    this.workers = workers;
    this.deadlines = deadlines;
  }

  /**
   * Starts serving {@code registry} on {@code host} (null: all interfaces) and {@code port} (0: any
   * free port, see {@link #getPort()}).
   *
   * @throws ConfigException when the {@code httpServer} settings cannot be used (key store missing
   *     or locked with another password, plugin class not found, ...); the message names the key
   * @throws ExporterStartException when the address cannot be used, e.g. the port is taken
   */
  public static ExporterHttpServer start(
      HttpServerConfig config, String host, int port, PrometheusRegistry registry) {
    return start(config, host, port, registry, Collections.<String, HttpHandler>emptyMap());
  }

  /**
   * As {@link #start(HttpServerConfig, String, int, PrometheusRegistry)}, also serving {@code
   * handlers} by exact path (such as {@code /probe} and {@code /sd}), behind the same guard:
   * authentication, security headers, worker limit and deadline.
   */
  public static ExporterHttpServer start(
      HttpServerConfig config,
      String host,
      int port,
      PrometheusRegistry registry,
      Map<String, HttpHandler> handlers) {
    return prepare(config, host, port).start(registry, handlers);
  }

  /**
   * Checks everything that can keep the server from starting, without starting it: the settings
   * (key stores, password hashes, plugin classes), the address, and whether the port is free (by
   * binding it for a moment). The java agent calls this in {@code premain}, so these errors are
   * reported there, and builds the server afterwards on a background thread, so the application
   * does not wait for it.
   *
   * @throws ConfigException when the {@code httpServer} settings cannot be used
   * @throws ExporterStartException when the address cannot be used, e.g. the port is taken
   */
  public static Prepared prepare(HttpServerConfig config, String host, int port) {
    return prepare(config, host, port, null);
  }

  /**
   * As {@link #prepare(HttpServerConfig, String, int)}, with the host resolved and the port checked
   * by {@code early} (started before, for the same host and port; null: done here).
   */
  public static Prepared prepare(
      HttpServerConfig config, String host, int port, AddressCheck early) {
    if (early != null && !early.isFor(host, port)) {
      early = null;
    }
    if (port < 0 || port > 65535) {
      throw new ExporterStartException("port " + port + " is not a port number (0 to 65535)");
    }
    if (HEALTH_PATH.equals(config.getMetricsPath())) {
      throw new ConfigException(
          "httpServer.metrics.path: "
              + HEALTH_PATH
              + " is taken by the health check; choose another path");
    }
    // Everything that can be wrong in the settings is found before a port or thread is taken.
    InetAddress address = early != null ? early.address() : resolve(host);
    HttpsConfigurator https =
        config.getSsl() == null ? null : TlsConfigurator.create(config.getSsl());
    Authenticator authentication = authentication(config);
    if (port > 0) {
      if (early != null) {
        early.checkFree();
      } else {
        checkFree(address, host, port);
      }
    }
    return new Prepared(config, host, port, address, https, authentication);
  }

  /** A server whose settings and port were checked by {@link #prepare}; not yet listening. */
  public static final class Prepared {
    private final HttpServerConfig config;
    private final String host;
    private final int port;
    private final InetAddress address;
    private final HttpsConfigurator https;
    private final Authenticator authentication;

    private Prepared(
        HttpServerConfig config,
        String host,
        int port,
        InetAddress address,
        HttpsConfigurator https,
        Authenticator authentication) {
      this.config = config;
      this.host = host;
      this.port = port;
      this.address = address;
      this.https = https;
      this.authentication = authentication;
    }

    /**
     * Starts serving {@code registry} and {@code handlers}.
     *
     * @throws ExporterStartException when the port was taken since {@link #prepare} checked it
     */
    public ExporterHttpServer start(
        PrometheusRegistry registry, Map<String, HttpHandler> handlers) {
      return start(registry, null, handlers);
    }

    /**
     * As {@link #start(PrometheusRegistry, Map)}; with {@code direct}, plain text-format scrapes of
     * the metrics path are written from it and streamed (see {@link DirectScrape}).
     */
    public ExporterHttpServer start(
        PrometheusRegistry registry, DirectScrape direct, Map<String, HttpHandler> handlers) {
      ThreadPoolExecutor workers = WorkerPool.create(config.getThreads());
      ScheduledThreadPoolExecutor deadlines = null;
      if (config.getMaximumRequestSeconds() > 0) {
        deadlines =
            new ScheduledThreadPoolExecutor(1, WorkerPool.daemonThreads("jmxprom-http-deadline-"));
        deadlines.setRemoveOnCancelPolicy(true);
      }
      ExchangeGuard guard =
          new ExchangeGuard(
              authentication, https != null, deadlines, config.getMaximumRequestSeconds());
      PluginAuthentication plugin = config.getPluginAuthentication();
      try {
        HttpServer server =
            JdkServer.start(
                address,
                port,
                https,
                workers,
                guard,
                plugin == null ? null : plugin.getSubjectAttributeName(),
                contexts(config.getMetricsPath(), registry, direct, handlers));
        return new ExporterHttpServer(server, workers, deadlines);
      } catch (BindException e) {
        shutdown(workers, deadlines);
        throw new ExporterStartException(bindMessage(host, port, e), e);
      } catch (IOException e) {
        shutdown(workers, deadlines);
        throw new ExporterStartException(
            "cannot listen on " + display(host) + ":" + port + ": " + e.getMessage(), e);
      } catch (RuntimeException | Error e) {
        shutdown(workers, deadlines);
        throw e;
      }
    }
  }

  /** The paths: the metrics path, the health check and everything else (the root handler). */
  private static Map<String, HttpHandler> contexts(
      String metricsPath,
      PrometheusRegistry registry,
      DirectScrape direct,
      Map<String, HttpHandler> handlers) {
    HttpHandler metrics = new MetricsEndpoint(registry, direct);
    Map<String, HttpHandler> contexts = new LinkedHashMap<>();
    contexts.put(
        "/",
        new RootHandler(
            metricsPath,
            RootHandler.DEFAULT_METRICS_PATH.equals(metricsPath) ? null : metrics,
            handlers));
    contexts.put(metricsPath, metrics);
    contexts.put(HEALTH_PATH, new HealthHandler());
    return contexts;
  }

  /** Binds the port for a moment, with the same address reuse rule the server's socket has. */
  static void checkFree(InetAddress address, String host, int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(address, port));
    } catch (BindException e) {
      throw new ExporterStartException(bindMessage(host, port, e), e);
    } catch (IOException e) {
      throw new ExporterStartException(
          "cannot listen on " + display(host) + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** The port the server listens on (the one chosen by the system when started with 0). */
  public int getPort() {
    return server.getAddress().getPort();
  }

  /** Stops listening, closes open connections and ends the server's threads; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
      shutdown(workers, deadlines);
    }
  }

  private static Authenticator authentication(HttpServerConfig config) {
    if (config.getPluginAuthentication() != null) {
      return PluginAuthenticators.create(config.getPluginAuthentication());
    }
    if (config.getBasicAuthentication() != null) {
      return new PasswordAuthenticator(PasswordVerifier.of(config.getBasicAuthentication()));
    }
    return null;
  }

  static InetAddress resolve(String host) {
    if (host == null) {
      return null;
    }
    try {
      return InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new ExporterStartException(
          "cannot resolve host '"
              + host
              + "'; give an address of this machine or leave it out"
              + " to listen on all interfaces",
          e);
    }
  }

  private static String bindMessage(String host, int port, BindException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("in use")) {
      return "port "
          + port
          + " on "
          + display(host)
          + " is already in use; choose another port or stop the other process";
    }
    if (message.contains("assign requested address")) {
      return "cannot listen on "
          + display(host)
          + ":"
          + port
          + ": "
          + host
          + " is not an address of this machine";
    }
    return "cannot listen on " + display(host) + ":" + port + ": " + message;
  }

  private static String display(String host) {
    return host == null ? "0.0.0.0" : host;
  }

  private static void shutdown(ThreadPoolExecutor workers, ScheduledThreadPoolExecutor deadlines) {
    workers.shutdownNow();
    if (deadlines != null) {
      deadlines.shutdownNow();
    }
  }
}
