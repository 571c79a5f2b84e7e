package io.github.jmxprom.it.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.harness.FreePort;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A real Apache ActiveMQ Artemis broker (the Maven Central distribution {@code
 * org.apache.activemq:apache-artemis:tar.gz:bin}, which the pom unpacks into {@code
 * target/artemis/}): {@code artemis create} makes a broker instance under the test's folder, with
 * the main acceptor on a free loopback port, the web console and the other protocol acceptors
 * (fixed ports 1883, 5445, 5672, 61613) off, user {@value #USER}/{@value #PASSWORD}, and the queues
 * given to the builder; {@code artemis run} starts it.
 *
 * <p>JVM options reach the broker through {@code JAVA_ARGS_APPEND} (Artemis' hook for them); {@code
 * JAVA_ARGS} replaces the profile's 2 GB heap with a small one. JMX remote is always on (no
 * authentication, no TLS, bound to 127.0.0.1) on {@link Builder#jmxPort()}. {@code bin/artemis run}
 * execs java, so the process is the broker. Ready when the log says {@code AMQ221007 Server is now
 * active} and the acceptor port accepts connections; stopped by its PID (SIGTERM, about 2 s).
 *
 * <p>{@link #produce} and {@link #consume} run the distribution's own {@code artemis producer} and
 * {@code artemis consumer} (CORE protocol, one JVM each, about 2 s), which gives the queue and
 * broker MBeans real traffic and connections.
 *
 * <pre>{@code
 * ArtemisServer artemis = ArtemisServer.builder(dir).queues("orders").javaagent(Jars.agent(), args).start();
 * artemis.produce("orders", 10);
 * artemis.consume("orders", 4);          // 6 messages stay in the queue
 * artemis.close();
 * }</pre>
 */
public final class ArtemisServer implements AutoCloseable {

  /** Where failsafe says the unpacked distribution is (see the pom). */
  public static final String HOME_PROPERTY = "jmxprom.artemis.home";

  public static final String USER = "admin";
  public static final String PASSWORD = "admin";

  /** Replaces the profile's default JAVA_ARGS (-Xms512M -Xmx2G ...). */
  private static final String JAVA_ARGS =
      "-Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Dlog4j2.disableJmx=true"
          + " --add-opens java.base/jdk.internal.misc=ALL-UNNAMED";

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private final ServerProcess process;
  private final Path directory;
  private final Path instance;
  private final int port;
  private final int jmxPort;

  private ArtemisServer(
      ServerProcess process, Path directory, Path instance, int port, int jmxPort) {
    this.process = process;
    this.directory = directory;
    this.instance = instance;
    this.port = port;
    this.jmxPort = jmxPort;
  }

  /** ARTEMIS_HOME: the unpacked distribution ({@code mvn verify} unpacks it). */
  public static Path home() {
    Path home =
        Paths.get(System.getProperty(HOME_PROPERTY, "target/artemis/apache-artemis-2.39.0"))
            .toAbsolutePath()
            .normalize();
    assertThat(home.resolve("bin/artemis"))
        .as(
            "Artemis distribution (system property %s); run 'mvn verify' in integration-tests",
            HOME_PROPERTY)
        .exists();
    return home;
  }

  /** A broker whose instance and logs go under {@code directory}; ports are picked now. */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** The acceptor's port (all protocols: CORE, AMQP, OpenWire, MQTT, STOMP). */
  public int port() {
    return port;
  }

  /** {@code tcp://127.0.0.1:port}, the URL clients connect to. */
  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

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

  /** The broker instance folder (bin, etc, data, log). */
  public Path instance() {
    return instance;
  }

  public ServerProcess process() {
    return process;
  }

  /** Sends {@code count} messages to the anycast queue {@code queue} ({@code artemis producer}). */
  public void produce(String queue, int count) {
    String output = client("producer", queue, count);
    assertThat(output).as("artemis producer").contains("Produced: " + count + " messages");
  }

  /**
   * Receives and acknowledges {@code count} messages of {@code queue} ({@code artemis consumer}).
   */
  public void consume(String queue, int count) {
    String output = client("consumer", queue, count);
    assertThat(output).as("artemis consumer").contains("Consumed: " + count + " messages");
  }

  /** Stops the broker (SIGTERM to its PID). */
  @Override
  public void close() {
    process.stop();
  }

  private String client(String command, String queue, int count) {
    ProcessBuilder builder =
        artemis(
            instance.resolve("bin/artemis"),
            command,
            "--url",
            url(),
            "--user",
            USER,
            "--password",
            PASSWORD,
            "--destination",
            "queue://" + queue,
            "--message-count",
            String.valueOf(count));
    return Commands.run(
        "artemis " + command, builder, directory.resolve("artemis-clients.log"), COMMAND_TIMEOUT);
  }

  /** {@code script args...} with the test JVM's java and nothing from the caller's environment. */
  private static ProcessBuilder artemis(Path script, String... args) {
    List<String> command = new ArrayList<>();
    command.add("/bin/sh"); // the script execs java: the process becomes the JVM
    command.add(script.toString());
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.put("JAVA_HOME", System.getProperty("java.home"));
    environment.remove("JAVA_ARGS");
    environment.remove("JAVA_ARGS_APPEND");
    environment.remove("ARTEMIS_INSTANCE");
    environment.remove("ARTEMIS_HOME");
    environment.remove("JAVA_TOOL_OPTIONS");
    environment.remove("JDK_JAVA_OPTIONS");
    environment.remove("_JAVA_OPTIONS");
    return builder;
  }

  /** Queues, options and timeout; {@link #start()} creates the instance and starts the broker. */
  public static final class Builder {
    private final Path directory;
    private final int port = FreePort.pick();
    private final int jmxPort = FreePort.pick();
    private final List<String> queues = new ArrayList<>();
    private final List<String> options = new ArrayList<>();
    private Duration startTimeout = Duration.ofSeconds(60);

    private Builder(Path directory) {
      this.directory = directory;
    }

    public int port() {
      return port;
    }

    /** The JMX remote port, known before the start. */
    public int jmxPort() {
      return jmxPort;
    }

    /** Anycast queues (each on its own address) the instance is created with. */
    public Builder queues(String... names) {
      queues.addAll(Arrays.asList(names));
      return this;
    }

    /** {@code -javaagent:jar=arguments} on the broker's JVM. */
    public Builder javaagent(Path agentJar, String agentArguments) {
      options.add("-javaagent:" + agentJar + "=" + agentArguments);
      return this;
    }

    /** More JVM options for the broker (no spaces inside one option: JAVA_ARGS_APPEND splits). */
    public Builder jvmOptions(String... jvmOptions) {
      options.addAll(Arrays.asList(jvmOptions));
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /** Runs {@code artemis create}, then {@code artemis run}, and waits until it is active. */
    public ArtemisServer start() {
      Path instance = directory.resolve("broker");
      List<String> create =
          new ArrayList<>(
              List.of(
                  "create",
                  "--silent",
                  "--force",
                  "--user",
                  USER,
                  "--password",
                  PASSWORD,
                  "--allow-anonymous",
                  "--host",
                  "127.0.0.1",
                  "--default-port",
                  String.valueOf(port),
                  "--no-web",
                  "--no-amqp-acceptor",
                  "--no-mqtt-acceptor",
                  "--no-stomp-acceptor",
                  "--no-hornetq-acceptor",
                  "--no-autotune",
                  "--nio"));
      if (!queues.isEmpty()) {
        create.add("--queues");
        create.add(String.join(",", queues));
      }
      create.add(instance.toString());
      Commands.run(
          "artemis create",
          artemis(home().resolve("bin/artemis"), create.toArray(new String[0])),
          directory.resolve("artemis-create.log"),
          COMMAND_TIMEOUT);

      List<String> append = new ArrayList<>(options);
      append.addAll(
          List.of(
              "-Dcom.sun.management.jmxremote",
              "-Dcom.sun.management.jmxremote.port=" + jmxPort,
              "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort,
              "-Dcom.sun.management.jmxremote.host=127.0.0.1",
              "-Dcom.sun.management.jmxremote.authenticate=false",
              "-Dcom.sun.management.jmxremote.ssl=false",
              "-Djava.rmi.server.hostname=127.0.0.1"));
      ProcessBuilder run = artemis(instance.resolve("bin/artemis"), "run");
      run.environment().put("JAVA_ARGS", JAVA_ARGS);
      run.environment().put("JAVA_ARGS_APPEND", String.join(" ", append));
      ServerProcess process = ServerProcess.start("artemis", run, directory.resolve("artemis.log"));
      ArtemisServer artemis = new ArtemisServer(process, directory, instance, port, jmxPort);
      process.awaitReady(
          "AMQ221007 (server is now active) and the acceptor on port " + port,
          () -> process.logText().contains("AMQ221007") && FreePort.isListening("127.0.0.1", port),
          startTimeout);
      return artemis;
    }
  }
}
