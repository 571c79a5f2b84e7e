package io.github.jmxprom.it.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.harness.FreePort;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A real Eclipse Jetty 12 (the Maven Central distribution {@code
 * org.eclipse.jetty:jetty-home:tar.gz}, which the pom unpacks into {@code target/jetty/}), run from
 * a private {@code jetty.base} under the test's folder with the modules {@value #MODULES} and one
 * static web application ({@code webapps/root}, context {@code /}, named {@code ROOT} in the
 * MBeans). Without the {@code jmx} module Jetty registers no MBeans at all; {@code statistics} adds
 * the StatisticsHandler and the ConnectionStatistics beans.
 *
 * <p>JMX remote is always on (no authentication, no TLS, bound to 127.0.0.1) on {@link
 * Builder#jmxPort()}, picked before the start so that a config can name it. None of the modules
 * needs JVM options of its own, so {@code start.jar} runs Jetty in its own JVM instead of forking
 * one: the options given here ({@code -javaagent}, ...) apply to Jetty, and the process is the
 * server. Ready when the web application answers on the HTTP port; stopped by its PID (SIGTERM).
 *
 * <pre>{@code
 * JettyServer jetty = JettyServer.builder(dir).javaagent(Jars.agent(), "127.0.0.1:" + port + ":" + config).start();
 * jetty.get("/");                        // 200, counted by the StatisticsHandler
 * jetty.close();
 * }</pre>
 */
public final class JettyServer implements AutoCloseable {

  /** Where failsafe says the unpacked jetty-home is (see the pom). */
  public static final String HOME_PROPERTY = "jmxprom.jetty.home";

  /** The modules of the private jetty.base. */
  public static final String MODULES = "server,http,jmx,statistics,ee10-deploy";

  private static final List<String> BASE_OPTIONS =
      List.of("-Xms32m", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private final ServerProcess process;
  private final Path base;
  private final int httpPort;
  private final int jmxPort;

  private JettyServer(ServerProcess process, Path base, int httpPort, int jmxPort) {
    this.process = process;
    this.base = base;
    this.httpPort = httpPort;
    this.jmxPort = jmxPort;
  }

  /** jetty.home: the unpacked distribution ({@code mvn verify} unpacks it). */
  public static Path home() {
    Path home =
        Paths.get(System.getProperty(HOME_PROPERTY, "target/jetty/jetty-home-12.0.16"))
            .toAbsolutePath()
            .normalize();
    assertThat(home.resolve("start.jar"))
        .as(
            "Jetty distribution (system property %s); run 'mvn verify' in integration-tests",
            HOME_PROPERTY)
        .exists();
    return home;
  }

  /** A Jetty whose jetty.base and log go under {@code directory}; ports are picked now. */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  public int httpPort() {
    return httpPort;
  }

  public int jmxPort() {
    return jmxPort;
  }

  /** {@code 127.0.0.1:jmxPort}, as {@code hostPort:} in a config or {@code lint --target}. */
  public String jmxHostPort() {
    return "127.0.0.1:" + jmxPort;
  }

  /** {@code http://127.0.0.1:httpPort + path}. */
  public String url(String path) {
    return "http://127.0.0.1:" + httpPort + path;
  }

  public long pid() {
    return process.pid();
  }

  /** jetty.base. */
  public Path base() {
    return base;
  }

  public ServerProcess process() {
    return process;
  }

  /** GET {@code path} from Jetty; returns the status code. */
  public int get(String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      throw new AssertionError("GET " + url(path) + ": " + e + "\n" + process.dump(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * GET {@code path} on a new connection that is closed after the response ({@code Connection:
   * close}); returns the status code. Jetty's ConnectionStatistics count bytes and messages when a
   * connection closes, which {@link #get}'s kept-alive connections do not.
   */
  public int getAndClose(String path) {
    try (Socket socket = new Socket("127.0.0.1", httpPort)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String response =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      // HTTP/1.1 200 OK
      return Integer.parseInt(response.substring(9, 12));
    } catch (IOException | RuntimeException e) {
      throw new AssertionError(
          "GET " + url(path) + " (Connection: close): " + e + "\n" + process.dump(), e);
    }
  }

  /** Stops Jetty (SIGTERM to its PID). */
  @Override
  public void close() {
    process.stop();
  }

  private boolean answersHttp() {
    try {
      return HTTP.send(
                  HttpRequest.newBuilder(URI.create(url("/")))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Options and timeout; {@link #start()} prepares jetty.base and starts Jetty. */
  public static final class Builder {
    private final Path directory;
    private final int httpPort = FreePort.pick();
    private final int jmxPort = FreePort.pick();
    private final List<String> options = new ArrayList<>(BASE_OPTIONS);
    private Duration startTimeout = Duration.ofSeconds(60);

    private Builder(Path directory) {
      this.directory = directory;
    }

    public int httpPort() {
      return httpPort;
    }

    /** The JMX remote port, known before the start. */
    public int jmxPort() {
      return jmxPort;
    }

    /** {@code -javaagent:jar=arguments} on Jetty's JVM. */
    public Builder javaagent(Path agentJar, String agentArguments) {
      options.add("-javaagent:" + agentJar + "=" + agentArguments);
      return this;
    }

    /** More JVM options for Jetty. */
    public Builder jvmOptions(String... jvmOptions) {
      options.addAll(Arrays.asList(jvmOptions));
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /** Creates jetty.base (modules, the web application), starts Jetty and waits until ready. */
    public JettyServer start() {
      Path home = home();
      Path base = directory.resolve("jetty-base");
      try {
        Files.createDirectories(base.resolve("webapps/root"));
        Files.writeString(
            base.resolve("webapps/root/index.html"),
            "<html><body>jmxprom integration test</body></html>\n",
            StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      addModules(home, base);

      List<String> command = new ArrayList<>();
      command.add(ServerLibs.java());
      command.addAll(options);
      command.addAll(
          List.of(
              "-Dcom.sun.management.jmxremote",
              "-Dcom.sun.management.jmxremote.port=" + jmxPort,
              "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
              "-Dcom.sun.management.jmxremote.host=127.0.0.1",
              "-Dcom.sun.management.jmxremote.authenticate=false",
              "-Dcom.sun.management.jmxremote.ssl=false",
              "-Djava.rmi.server.hostname=127.0.0.1",
              "-jar",
              home.resolve("start.jar").toString(),
              "jetty.http.host=127.0.0.1",
              "jetty.http.port=" + httpPort));
      ServerProcess process =
          ServerProcess.start("jetty", processIn(base, command), directory.resolve("jetty.log"));
      JettyServer jetty = new JettyServer(process, base, httpPort, jmxPort);
      // A port taken between pick and bind makes Jetty print its usage but keeps the JVM alive
      // (the JMX connector's threads): fail at once instead of waiting for the timeout.
      process.awaitReady(
          "an answer on http://127.0.0.1:" + httpPort + "/",
          () -> {
            if (process.logText().contains("Usage: java -jar $JETTY_HOME/start.jar")) {
              throw new AssertionError("Jetty did not start\n" + process.dump());
            }
            return jetty.answersHttp();
          },
          startTimeout);
      return jetty;
    }

    /** {@code java -jar start.jar --add-modules=...} in jetty.base: writes start.d/*.ini. */
    private void addModules(Path home, Path base) {
      List<String> command =
          List.of(
              ServerLibs.java(),
              "-jar",
              home.resolve("start.jar").toString(),
              "--add-modules=" + MODULES);
      Commands.run(
          "jetty --add-modules",
          processIn(base, command),
          directory.resolve("jetty-add-modules.log"),
          Duration.ofSeconds(60));
    }

    private static ProcessBuilder processIn(Path base, List<String> command) {
      ProcessBuilder builder = new ProcessBuilder(command).directory(base.toFile());
      Map<String, String> environment = builder.environment();
      environment.remove("JAVA_TOOL_OPTIONS");
      environment.remove("JDK_JAVA_OPTIONS");
      environment.remove("_JAVA_OPTIONS");
      environment.remove("JETTY_BASE");
      environment.remove("JETTY_HOME");
      return builder;
    }
  }
}
