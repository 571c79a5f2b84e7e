package io.github.jmxprom.runtime.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import io.github.jmxprom.collector.config.ConfigException;
import io.github.jmxprom.collector.config.HttpServerConfig;
import io.github.jmxprom.collector.config.HttpServerConfig.PluginAuthentication;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The exporter's HTTP endpoint: client_java's {@link HTTPServer} (metrics with content negotiation,
 * gzip and {@code name[]}; {@code /-/healthy}) set up from the {@code httpServer} section, with
 * basic or plugin authentication on every path, security headers on every response, HTTPS and
 * mutual TLS, a bounded pool of daemon worker threads that answers 503 when all are busy, and
 * {@code maximumRequestSeconds}.
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

  private final HTTPServer server;
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor deadlines;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ExporterHttpServer(
      HTTPServer server, ThreadPoolExecutor workers, ScheduledThreadPoolExecutor deadlines) {
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
    InetAddress address = resolve(host);
    HttpsConfigurator https =
        config.getSsl() == null ? null : TlsConfigurator.create(config.getSsl());
    Authenticator authentication = authentication(config);

    ThreadPoolExecutor workers = WorkerPool.create(config.getThreads());
    ScheduledThreadPoolExecutor deadlines = null;
    if (config.getMaximumRequestSeconds() > 0) {
      deadlines =
          new ScheduledThreadPoolExecutor(1, WorkerPool.daemonThreads("jmxprom-http-deadline-"));
      deadlines.setRemoveOnCancelPolicy(true);
    }
    HTTPServer.Builder builder =
        builder(config, registry, address, port, https, handlers)
            .executorService(workers)
            .authenticator(
                new ExchangeGuard(
                    authentication, https != null, deadlines, config.getMaximumRequestSeconds()));
    try {
      return new ExporterHttpServer(startOnDaemonThread(builder), workers, deadlines);
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

  /** The port the server listens on (the one chosen by the system when started with 0). */
  public int getPort() {
    return server.getPort();
  }

  /** Stops listening, closes open connections and ends the server's threads; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.close();
      shutdown(workers, deadlines);
    }
  }

  /** Address, registry, paths and HTTPS; threads and the guard are added by the caller. */
  private static HTTPServer.Builder builder(
      HttpServerConfig config,
      PrometheusRegistry registry,
      InetAddress address,
      int port,
      HttpsConfigurator https,
      Map<String, HttpHandler> handlers) {
    String metricsPath = config.getMetricsPath();
    HttpHandler metricsAlias = null;
    if (!RootHandler.DEFAULT_METRICS_PATH.equals(metricsPath)) {
      metricsAlias = new MetricsHandler(PrometheusProperties.get(), registry);
    }
    HTTPServer.Builder builder =
        HTTPServer.builder()
            .port(port)
            .registry(registry)
            .metricsHandlerPath(metricsPath)
            .defaultHandler(new RootHandler(metricsPath, metricsAlias, handlers));
    if (address != null) {
      builder.inetAddress(address);
    }
    if (https != null) {
      builder.httpsConfigurator(https);
    }
    PluginAuthentication plugin = config.getPluginAuthentication();
    if (plugin != null && plugin.getSubjectAttributeName() != null) {
      // client_java then runs each handler in Subject.doAs, or answers 403 without a Subject.
      builder.authenticatedSubjectAttributeName(plugin.getSubjectAttributeName());
    }
    return builder;
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

  private static InetAddress resolve(String host) {
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

  /**
   * Builds and starts the server from a new daemon thread: the JDK's dispatcher thread inherits its
   * daemon status from the thread that starts it, and the caller's thread may be a user thread (the
   * agent's premain runs on {@code main}).
   */
  private static HTTPServer startOnDaemonThread(final HTTPServer.Builder builder)
      throws IOException {
    final Object[] outcome = new Object[1];
    Thread starter =
        new Thread(
            new Runnable() {
              @Override
              public void run() {
                try {
                  outcome[0] = builder.buildAndStart();
                } catch (IOException | RuntimeException | Error e) {
                  outcome[0] = e;
                }
              }
            },
            "jmxprom-http-start");
    starter.setDaemon(true);
    starter.start();
    boolean interrupted = false;
    while (true) {
      try {
        starter.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Object result = outcome[0];
    if (result instanceof IOException) {
      throw (IOException) result;
    }
    if (result instanceof RuntimeException) {
      throw (RuntimeException) result;
    }
    if (result instanceof Error) {
      throw (Error) result;
    }
    return (HTTPServer) result;
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
