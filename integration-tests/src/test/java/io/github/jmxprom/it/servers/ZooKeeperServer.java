package io.github.jmxprom.it.servers;

import io.github.jmxprom.it.harness.FreePort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real Apache ZooKeeper server in standalone mode ({@code QuorumPeerMain zoo.cfg} with no
 * ensemble), run from the jars of {@code target/server-libs/zookeeper} (see {@link ServerLibs})
 * with a data folder under the test's folder. The client port and the JMX port are free loopback
 * ports, picked when the builder is made; the AdminServer (Jetty on port 8080) is off.
 *
 * <p>Ready when the four-letter command {@code srvr} answers {@code Mode: standalone}: unlike
 * {@code ruok}, which answers {@code imok} even when the server thread has died, {@code srvr} needs
 * a running server. Stopped by its PID (SIGTERM).
 *
 * <pre>{@code
 * ZooKeeperServer.Builder builder = ZooKeeperServer.builder(dir).jmxRemote();
 * ZooKeeperServer zookeeper = builder.start();
 * String stats = zookeeper.fourLetterWord("mntr");
 * zookeeper.close();
 * }</pre>
 */
public final class ZooKeeperServer implements AutoCloseable {

  private static final List<String> BASE_OPTIONS =
      List.of(
          "-Xms32m",
          "-Xmx128m",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

  private final ServerProcess process;
  private final Path directory;
  private final int clientPort;
  private final int jmxPort;

  private ZooKeeperServer(ServerProcess process, Path directory, int clientPort, int jmxPort) {
    this.process = process;
    this.directory = directory;
    this.clientPort = clientPort;
    this.jmxPort = jmxPort;
  }

  /**
   * The ZooKeeper version of target/server-libs/zookeeper (system property {@code
   * jmxprom.zookeeper.version}).
   */
  public static String version() {
    return System.getProperty("jmxprom.zookeeper.version", "3.9.3");
  }

  /** A server whose data, config and log go under {@code directory}; ports are picked now. */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  public int clientPort() {
    return clientPort;
  }

  /** {@code 127.0.0.1:clientPort}, a ZooKeeper connect string. */
  public String connectString() {
    return "127.0.0.1:" + clientPort;
  }

  /** The JMX remote port (listening only when the builder had {@link Builder#jmxRemote()}). */
  public int jmxPort() {
    return jmxPort;
  }

  /** {@code 127.0.0.1:jmxPort}, as {@code hostPort:} in a config or {@code lint --target}. */
  public String jmxHostPort() {
    return "127.0.0.1:" + jmxPort;
  }

  public long pid() {
    return process.pid();
  }

  public Path directory() {
    return directory;
  }

  public ServerProcess process() {
    return process;
  }

  /**
   * Sends a four-letter command ({@code ruok}, {@code srvr}, {@code mntr}: the ones zoo.cfg allows)
   * to the client port and returns the answer; empty when the server does not answer.
   */
  public String fourLetterWord(String command) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", clientPort), 1000);
      socket.setSoTimeout(2000);
      socket.getOutputStream().write(command.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      in.transferTo(answer);
      return answer.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Stops the server (SIGTERM to its PID). */
  @Override
  public void close() {
    process.stop();
  }

  private boolean serving() {
    return fourLetterWord("srvr").contains("Mode: standalone");
  }

  /** JVM options and timeout; {@link #start()} writes zoo.cfg and starts the server. */
  public static final class Builder {
    private final Path directory;
    private final int clientPort = FreePort.pick();
    private final int jmxPort = FreePort.pick();
    private final List<String> options = new ArrayList<>(BASE_OPTIONS);
    private Duration startTimeout = Duration.ofSeconds(30);

    private Builder(Path directory) {
      this.directory = directory;
    }

    public int clientPort() {
      return clientPort;
    }

    /** The JMX remote port the server will listen on with {@link #jmxRemote()}. */
    public int jmxPort() {
      return jmxPort;
    }

    /** {@code 127.0.0.1:jmxPort}. */
    public String jmxHostPort() {
      return "127.0.0.1:" + jmxPort;
    }

    /**
     * JMX remote on {@link #jmxPort()}, without authentication or TLS, bound to 127.0.0.1 (what
     * zkServer.sh's {@code JMXPORT} sets, plus loopback binding).
     */
    public Builder jmxRemote() {
      return jvmOptions(
          "-Dcom.sun.management.jmxremote",
          "-Dcom.sun.management.jmxremote.port=" + jmxPort,
          "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
          "-Dcom.sun.management.jmxremote.authenticate=false",
          "-Dcom.sun.management.jmxremote.ssl=false",
          "-Dcom.sun.management.jmxremote.host=127.0.0.1",
          "-Djava.rmi.server.hostname=127.0.0.1");
    }

    /** {@code -javaagent:jar=arguments}. */
    public Builder javaagent(Path agentJar, String arguments) {
      return jvmOptions("-javaagent:" + agentJar + "=" + arguments);
    }

    /** More JVM options (after the defaults, so they win). */
    public Builder jvmOptions(String... jvmOptions) {
      options.addAll(Arrays.asList(jvmOptions));
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /** Writes zoo.cfg, starts the server and waits until it serves. */
    public ZooKeeperServer start() {
      Path config = directory.resolve("zoo.cfg");
      try {
        Files.createDirectories(directory.resolve("data"));
        Files.writeString(config, zooCfg(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      List<String> command = new ArrayList<>();
      command.add(ServerLibs.java());
      command.addAll(options);
      command.addAll(
          List.of(
              "-cp",
              ServerLibs.classPath("zookeeper"),
              "org.apache.zookeeper.server.quorum.QuorumPeerMain",
              config.toString()));
      ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
      KafkaServer.clearJavaEnvironment(builder);
      ServerProcess process =
          ServerProcess.start("zookeeper", builder, directory.resolve("zookeeper.log"));
      ZooKeeperServer zookeeper = new ZooKeeperServer(process, directory, clientPort, jmxPort);
      try {
        process.awaitReady("'Mode: standalone' from srvr", zookeeper::serving, startTimeout);
      } catch (AssertionError | RuntimeException e) {
        process.stop();
        throw e;
      }
      return zookeeper;
    }

    private String zooCfg() {
      return String.join(
          "\n",
          "tickTime=2000",
          "dataDir=" + directory.resolve("data"),
          "clientPort=" + clientPort,
          "clientPortAddress=127.0.0.1",
          "admin.enableServer=false",
          "4lw.commands.whitelist=ruok,srvr,mntr",
          "");
    }
  }
}
