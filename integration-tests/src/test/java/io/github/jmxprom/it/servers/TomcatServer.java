package io.github.jmxprom.it.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.harness.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.stream.Stream;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A real Apache Tomcat (the Maven Central distribution {@code org.apache.tomcat:tomcat:tar.gz},
 * which the pom unpacks into {@code target/tomcat/}), started with {@code catalina.sh run} from a
 * private {@code CATALINA_BASE} under the test's folder, with free loopback ports and the shutdown
 * port disabled.
 *
 * <p>JMX remote is always on, exactly as Tomcat users set it (issue B: {@code
 * -Dcom.sun.management.jmxremote.port=...}, no authentication, no TLS), bound to 127.0.0.1; its
 * port is {@link Builder#jmxPort()}, known before the start so that an agent config can name it in
 * {@code hostPort}. Extra options (the agent, heap, ...) go into {@code CATALINA_OPTS}. Only the
 * distribution's ROOT web application is deployed unless {@link Builder#webapps} adds others.
 *
 * <p>Ready when Tomcat's HTTP port answers AND its {@code Catalina:} MBeans (the connector's
 * GlobalRequestProcessor and a WebModule) are registered, read over JMX remote: an agent's HTTP
 * port opens earlier than that. {@code catalina.sh run} execs java, so the process is the JVM; it
 * is stopped by its PID (SIGTERM, graceful in about 1.5 s).
 *
 * <pre>{@code
 * TomcatServer.Builder builder = TomcatServer.builder(dir);
 * int agentPort = FreePort.pick();
 * TomcatServer tomcat =
 *     builder.javaagent(Jars.agent(), "127.0.0.1:" + agentPort + ":" + config).start();
 * tomcat.get("/");                       // a request, counted by Catalina:type=GlobalRequestProcessor
 * tomcat.close();
 * }</pre>
 */
public final class TomcatServer implements AutoCloseable {

  /** Where failsafe says the unpacked distribution is (see the pom). */
  public static final String HOME_PROPERTY = "jmxprom.tomcat.home";

  /** Options before the test's own: a small heap and a quick start. */
  private static final List<String> BASE_OPTIONS =
      List.of("-Xms64m", "-Xmx256m", "-XX:TieredStopAtLevel=1");

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

  private TomcatServer(ServerProcess process, Path base, int httpPort, int jmxPort) {
    this.process = process;
    this.base = base;
    this.httpPort = httpPort;
    this.jmxPort = jmxPort;
  }

  /** CATALINA_HOME: the unpacked distribution ({@code mvn verify} unpacks it). */
  public static Path home() {
    Path home =
        Paths.get(System.getProperty(HOME_PROPERTY, "target/tomcat/apache-tomcat-10.1.34"))
            .toAbsolutePath()
            .normalize();
    assertThat(home.resolve("bin/catalina.sh"))
        .as(
            "Tomcat distribution (system property %s); run 'mvn verify' in integration-tests",
            HOME_PROPERTY)
        .exists();
    return home;
  }

  /** A Tomcat whose CATALINA_BASE and log go under {@code directory}; ports are picked now. */
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

  /** CATALINA_BASE. */
  public Path base() {
    return base;
  }

  public ServerProcess process() {
    return process;
  }

  /** GET {@code path} from Tomcat; returns the status code. */
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

  /** Stops Tomcat (SIGTERM to its PID). */
  @Override
  public void close() {
    process.stop();
  }

  private boolean answersHttp() {
    try {
      HTTP.send(
          HttpRequest.newBuilder(URI.create(url("/favicon.ico")))
              .timeout(Duration.ofSeconds(2))
              .build(),
          HttpResponse.BodyHandlers.discarding());
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private boolean catalinaMBeansRegistered() {
    JMXServiceURL url;
    try {
      url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + jmxHostPort() + "/jmxrmi");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
      MBeanServerConnection connection = connector.getMBeanServerConnection();
      return connection.isRegistered(
              new ObjectName(
                  "Catalina:type=GlobalRequestProcessor,name=\"http-nio-" + httpPort + "\""))
          && !connection
              .queryNames(new ObjectName("Catalina:j2eeType=WebModule,*"), null)
              .isEmpty();
    } catch (IOException e) {
      return false;
    } catch (MalformedObjectNameException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Options, web applications and timeout; {@link #start()} prepares CATALINA_BASE and starts. */
  public static final class Builder {
    private final Path directory;
    private final int httpPort = FreePort.pick();
    private final int jmxPort = FreePort.pick();
    private final List<String> options = new ArrayList<>(BASE_OPTIONS);
    private final List<String> webapps = new ArrayList<>(List.of("ROOT"));
    private Duration startTimeout = Duration.ofSeconds(60);

    private Builder(Path directory) {
      this.directory = directory;
    }

    public int httpPort() {
      return httpPort;
    }

    /** The JMX remote port Tomcat will listen on (for {@code hostPort:} in a config). */
    public int jmxPort() {
      return jmxPort;
    }

    /** Adds options to {@code CATALINA_OPTS} (after the defaults, so they win). */
    public Builder catalinaOpts(String... jvmOptions) {
      options.addAll(Arrays.asList(jvmOptions));
      return this;
    }

    /** Adds {@code -javaagent:jar=arguments} to {@code CATALINA_OPTS}. */
    public Builder javaagent(Path agentJar, String arguments) {
      return catalinaOpts("-javaagent:" + agentJar + "=" + arguments);
    }

    /** Also deploys these web applications of the distribution (docs, examples, manager, ...). */
    public Builder webapps(String... names) {
      webapps.addAll(Arrays.asList(names));
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /** Prepares CATALINA_BASE, starts {@code catalina.sh run} and waits until Tomcat is ready. */
    public TomcatServer start() {
      Path home = home();
      Path base = directory.resolve("catalina-base");
      try {
        for (String folder : List.of("logs", "temp", "webapps", "work")) {
          Files.createDirectories(base.resolve(folder));
        }
        copyTree(home.resolve("conf"), base.resolve("conf"));
        for (String webapp : webapps) {
          copyTree(
              home.resolve("webapps").resolve(webapp), base.resolve("webapps").resolve(webapp));
        }
        Path serverXml = base.resolve("conf/server.xml");
        String xml = Files.readString(serverXml, StandardCharsets.UTF_8);
        String rewritten =
            xml.replace("<Server port=\"8005\"", "<Server port=\"-1\"")
                .replace("<Connector port=\"8080\"", "<Connector port=\"" + httpPort + "\"");
        if (rewritten.equals(xml) || !rewritten.contains("port=\"" + httpPort + "\"")) {
          throw new AssertionError("unexpected server.xml in " + home + ": ports not replaced");
        }
        Files.writeString(serverXml, rewritten, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }

      List<String> catalinaOpts = new ArrayList<>(options);
      catalinaOpts.addAll(
          List.of(
              "-Dcom.sun.management.jmxremote",
              "-Dcom.sun.management.jmxremote.port=" + jmxPort,
              "-Dcom.sun.management.jmxremote.authenticate=false",
              "-Dcom.sun.management.jmxremote.ssl=false",
              // Not in the users' set-up: keeps JMX and RMI on the loopback address.
              "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
              "-Dcom.sun.management.jmxremote.host=127.0.0.1",
              "-Djava.rmi.server.hostname=127.0.0.1"));
      ProcessBuilder command =
          new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), "run")
              .directory(base.toFile());
      Map<String, String> environment = command.environment();
      for (String variable :
          List.of(
              "JAVA_OPTS",
              "JAVA_TOOL_OPTIONS",
              "JDK_JAVA_OPTIONS",
              "_JAVA_OPTIONS",
              "JRE_HOME",
              "CATALINA_PID",
              "CATALINA_OUT")) {
        environment.remove(variable);
      }
      environment.put("JAVA_HOME", System.getProperty("java.home"));
      environment.put("CATALINA_HOME", home.toString());
      environment.put("CATALINA_BASE", base.toString());
      environment.put("CATALINA_OPTS", String.join(" ", catalinaOpts));
      ServerProcess process =
          ServerProcess.start("tomcat", command, directory.resolve("catalina.out"));
      TomcatServer tomcat = new TomcatServer(process, base, httpPort, jmxPort);
      try {
        process.awaitReady("answer on port " + httpPort, tomcat::answersHttp, startTimeout);
        process.awaitReady(
            "Catalina MBeans over JMX on port " + jmxPort,
            tomcat::catalinaMBeansRegistered,
            startTimeout);
      } catch (AssertionError | RuntimeException e) {
        process.stop();
        throw e;
      }
      return tomcat;
    }

    private static void copyTree(Path from, Path to) throws IOException {
      try (Stream<Path> paths = Files.walk(from)) {
        for (Path path : (Iterable<Path>) paths::iterator) {
          Path target = to.resolve(from.relativize(path).toString());
          if (Files.isDirectory(path)) {
            Files.createDirectories(target);
          } else {
            Files.copy(path, target);
          }
        }
      }
    }
  }
}
