package io.github.jmxprom.it.servers;

import io.github.jmxprom.it.harness.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A real single-node Apache Cassandra 5, run from the jars of {@code target/server-libs/cassandra}
 * (see {@link ServerLibs}; copied only with {@code -Pheavy}) with a minimal {@code cassandra.yaml}
 * written under the test's folder: every folder there, the storage, native (CQL) and JMX ports free
 * loopback ports, seeding itself, {@code SimpleSnitch}, one token. Heavy: 1 GiB heap, about 1.5 GB
 * resident, about 10 s to start, more than 11 000 MBeans. Cassandra 5.0 supports Java 11 and 17; on
 * Java 24 and newer it cannot start (it sets a security policy, which they refuse).
 *
 * <p>JMX is Cassandra's own local JMX server ({@code -Dcassandra.jmx.local.port}, no
 * authentication, bound to the loopback address) on {@link Builder#jmxPort()}. The JVM options
 * include the {@code --add-exports}/{@code --add-opens} list of Cassandra's {@code
 * conf/jvm17-server.options}. Ready when the log says {@code Startup complete} and the CQL port
 * accepts connections; stopped by its PID (SIGTERM, about 5 s).
 *
 * <p>{@link #cql()} opens a minimal CQL client (native protocol v4, no driver) for traffic: the
 * {@code ClientRequest} metrics only appear after the first client request.
 *
 * <pre>{@code
 * CassandraServer cassandra = CassandraServer.builder(dir).javaagent(Jars.agent(), args).start();
 * try (CqlClient cql = cassandra.cql()) {
 *   cql.execute("CREATE KEYSPACE it WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
 * }
 * cassandra.close();
 * }</pre>
 */
public final class CassandraServer implements AutoCloseable {

  /** The folder under target/server-libs with Cassandra's class path. */
  public static final String LIBS = "cassandra";

  private static final List<String> BASE_OPTIONS =
      List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-Djdk.attach.allowAttachSelf=true");

  /** Cassandra 5.0's conf/jvm17-server.options: what it needs from the JDK's modules. */
  private static final List<String> EXPORTS =
      List.of(
          "java.base/jdk.internal.misc",
          "java.base/jdk.internal.ref",
          "java.base/sun.nio.ch",
          "java.management.rmi/com.sun.jmx.remote.internal.rmi",
          "java.rmi/sun.rmi.registry",
          "java.rmi/sun.rmi.server",
          "java.sql/java.sql",
          "java.base/java.lang.ref",
          "jdk.unsupported/sun.misc");

  private static final List<String> OPENS =
      List.of(
          "java.base/java.lang.module",
          "java.base/jdk.internal.loader",
          "java.base/jdk.internal.ref",
          "java.base/jdk.internal.reflect",
          "java.base/jdk.internal.math",
          "java.base/jdk.internal.module",
          "java.base/jdk.internal.util.jar",
          "jdk.management/com.sun.management.internal",
          "java.base/sun.nio.ch",
          "java.base/java.io",
          "java.base/java.nio",
          "java.base/java.util.concurrent",
          "java.base/java.util",
          "java.base/java.util.concurrent.atomic",
          "java.base/java.lang",
          "java.base/java.math",
          "java.base/java.lang.reflect",
          "java.base/java.net");

  private final ServerProcess process;
  private final Path directory;
  private final int nativePort;
  private final int jmxPort;

  private CassandraServer(ServerProcess process, Path directory, int nativePort, int jmxPort) {
    this.process = process;
    this.directory = directory;
    this.nativePort = nativePort;
    this.jmxPort = jmxPort;
  }

  /** A node whose data, config and log go under {@code directory}; ports are picked now. */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** The CQL native protocol port. */
  public int nativePort() {
    return nativePort;
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

  /** The folder with cassandra.yaml, the data folders and the log. */
  public Path directory() {
    return directory;
  }

  public ServerProcess process() {
    return process;
  }

  /** A new CQL connection to the node; close it after use. */
  public CqlClient cql() {
    return CqlClient.connect("127.0.0.1", nativePort);
  }

  /** Stops the node (SIGTERM to its PID). */
  @Override
  public void close() {
    process.stop();
  }

  /** Options and timeout; {@link #start()} writes the config and starts the node. */
  public static final class Builder {
    private final Path directory;
    private final int storagePort = FreePort.pick();
    private final int nativePort = FreePort.pick();
    private final int jmxPort = FreePort.pick();
    private final List<String> options = new ArrayList<>(BASE_OPTIONS);
    private Duration startTimeout = Duration.ofSeconds(120);

    private Builder(Path directory) {
      this.directory = directory;
    }

    /** The JMX port, known before the start. */
    public int jmxPort() {
      return jmxPort;
    }

    /** {@code -javaagent:jar=arguments} on the node's JVM. */
    public Builder javaagent(Path agentJar, String agentArguments) {
      options.add("-javaagent:" + agentJar + "=" + agentArguments);
      return this;
    }

    /** More JVM options for the node. */
    public Builder jvmOptions(String... jvmOptions) {
      options.addAll(Arrays.asList(jvmOptions));
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /** Writes cassandra.yaml and logback.xml, starts the node and waits until CQL answers. */
    public CassandraServer start() {
      String classPath = ServerLibs.classPath(LIBS);
      Path config = directory.resolve("cassandra.yaml");
      Path logback = directory.resolve("logback.xml");
      try {
        Files.createDirectories(directory);
        Files.writeString(config, cassandraYaml(), StandardCharsets.UTF_8);
        Files.writeString(logback, LOGBACK, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      List<String> command = new ArrayList<>();
      command.add(ServerLibs.java());
      command.addAll(options);
      EXPORTS.forEach(e -> command.addAll(List.of("--add-exports", e + "=ALL-UNNAMED")));
      OPENS.forEach(o -> command.addAll(List.of("--add-opens", o + "=ALL-UNNAMED")));
      command.addAll(
          List.of(
              "-Dcassandra.config=" + config.toUri(),
              "-Dcassandra.storagedir=" + directory,
              "-Dcassandra-foreground=yes",
              "-Dcassandra.jmx.local.port=" + jmxPort,
              "-Djava.rmi.server.hostname=127.0.0.1",
              "-Dlogback.configurationFile=" + logback,
              "-cp",
              classPath,
              "org.apache.cassandra.service.CassandraDaemon"));
      ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
      Map<String, String> environment = builder.environment();
      environment.remove("JAVA_TOOL_OPTIONS");
      environment.remove("JDK_JAVA_OPTIONS");
      environment.remove("_JAVA_OPTIONS");
      ServerProcess process =
          ServerProcess.start("cassandra", builder, directory.resolve("cassandra.log"));
      CassandraServer cassandra = new CassandraServer(process, directory, nativePort, jmxPort);
      process.awaitReady(
          "'Startup complete' and CQL on port " + nativePort,
          () ->
              process.logText().contains("Startup complete")
                  && FreePort.isListening("127.0.0.1", nativePort),
          startTimeout);
      return cassandra;
    }

    private String cassandraYaml() {
      String d = directory.toString();
      return String.join(
          "\n",
          "cluster_name: jmxprom-it",
          "num_tokens: 1",
          "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
          "commitlog_sync: periodic",
          "commitlog_sync_period: 10000ms",
          "data_file_directories: ['" + d + "/data']",
          "commitlog_directory: '" + d + "/commitlog'",
          "saved_caches_directory: '" + d + "/saved_caches'",
          "hints_directory: '" + d + "/hints'",
          "cdc_raw_directory: '" + d + "/cdc'",
          "seed_provider:",
          "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
          "    parameters: [{seeds: '127.0.0.1:" + storagePort + "'}]",
          "listen_address: 127.0.0.1",
          "rpc_address: 127.0.0.1",
          "storage_port: " + storagePort,
          "native_transport_port: " + nativePort,
          "endpoint_snitch: SimpleSnitch",
          "");
    }
  }

  /** INFO to stdout (the log file): without a config logback logs everything at DEBUG. */
  private static final String LOGBACK =
      String.join(
          "\n",
          "<configuration>",
          "  <appender name=\"STDOUT\" class=\"ch.qos.logback.core.ConsoleAppender\">",
          "    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>",
          "  </appender>",
          "  <root level=\"INFO\"><appender-ref ref=\"STDOUT\"/></root>",
          "</configuration>",
          "");
}
