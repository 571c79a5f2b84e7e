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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real Apache Kafka broker in KRaft mode: one JVM that is both broker and controller ({@code
 * process.roles=broker,controller}), run from the jars of {@code target/server-libs/kafka} (see
 * {@link ServerLibs}) with a fresh log folder under the test's folder, formatted with Kafka's own
 * {@code StorageTool} before the start. Every port is a free loopback port, picked when the builder
 * is made, so that a config can name the JMX port before the start.
 *
 * <p>Ready when the broker port accepts connections and the broker has logged {@code Kafka Server
 * started} (its BrokerState is then RUNNING). {@link #produceAndConsume} creates a topic and sends
 * and reads records with the Kafka client, which makes the per-topic and per-partition MBeans
 * appear. Stopped by its PID (SIGTERM: a controlled shutdown of about 2 s).
 *
 * <pre>{@code
 * KafkaServer.Builder builder = KafkaServer.builder(dir).jmxRemote();
 * KafkaServer kafka = builder.javaagent(Jars.agent(), "127.0.0.1:" + agentPort + ":" + config).start();
 * kafka.produceAndConsume("orders", 3, 100);
 * kafka.close();
 * }</pre>
 */
public final class KafkaServer implements AutoCloseable {

  /** The node id of the one broker/controller. */
  public static final int NODE_ID = 1;

  private static final List<String> BASE_OPTIONS =
      List.of(
          "-Xms64m",
          "-Xmx512m",
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          // Only warnings, and the one line readiness waits for.
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
          "-Dorg.slf4j.simpleLogger.log.kafka.server.KafkaRaftServer=info");
  private static final String STARTED = "Kafka Server started";

  private final ServerProcess process;
  private final Path directory;
  private final int brokerPort;
  private final int jmxPort;

  private KafkaServer(ServerProcess process, Path directory, int brokerPort, int jmxPort) {
    this.process = process;
    this.directory = directory;
    this.brokerPort = brokerPort;
    this.jmxPort = jmxPort;
  }

  /**
   * The Kafka version of target/server-libs/kafka (system property {@code jmxprom.kafka.version}).
   */
  public static String version() {
    return System.getProperty("jmxprom.kafka.version", "4.0.0");
  }

  /** A broker whose data, config and log go under {@code directory}; ports are picked now. */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  /** The PLAINTEXT listener's port. */
  public int brokerPort() {
    return brokerPort;
  }

  /** {@code 127.0.0.1:brokerPort}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
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

  /** The folder with server.properties, the data folder and the logs. */
  public Path directory() {
    return directory;
  }

  public ServerProcess process() {
    return process;
  }

  /**
   * Creates {@code topic} with {@code partitions} partitions (unless it exists), produces {@code
   * records} records to it and consumes them all from the start, committing the offsets as group
   * {@code jmxprom-it}. Returns the number of records consumed (the records of earlier calls
   * included).
   */
  public int produceAndConsume(String topic, int partitions, int records) {
    Map<String, Object> common = new HashMap<>();
    common.put("bootstrap.servers", bootstrapServers());
    try (Admin admin = Admin.create(with(common, "client.id", "jmxprom-it-admin"))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new AssertionError("cannot create topic " + topic + "\n" + process.dump(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            with(common, "client.id", "jmxprom-it-producer"),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
      }
      producer.flush();
    }
    Map<String, Object> consumerConfig = with(common, "client.id", "jmxprom-it-consumer");
    consumerConfig.put("group.id", "jmxprom-it");
    consumerConfig.put("enable.auto.commit", "false");
    int consumed = 0;
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> assigned = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        assigned.add(new TopicPartition(topic, p));
      }
      consumer.assign(assigned);
      consumer.seekToBeginning(assigned);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
      while (!atEnd(consumer, ends) && System.nanoTime() < deadline) {
        consumed += consumer.poll(Duration.ofMillis(200)).count();
      }
      consumer.commitSync();
    }
    return consumed;
  }

  private static boolean atEnd(
      KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Object> with(Map<String, Object> common, String key, Object value) {
    Map<String, Object> config = new HashMap<>(common);
    config.put(key, value);
    return config;
  }

  /** Stops the broker (SIGTERM to its PID). */
  @Override
  public void close() {
    process.stop();
  }

  private boolean started() {
    return FreePort.isListening("127.0.0.1", brokerPort) && process.logText().contains(STARTED);
  }

  /** JVM options and timeout; {@link #start()} formats the storage and starts the broker. */
  public static final class Builder {
    private final Path directory;
    private final int brokerPort = FreePort.pick();
    private final int controllerPort = FreePort.pick();
    private final int jmxPort = FreePort.pick();
    private final List<String> options = new ArrayList<>(BASE_OPTIONS);
    private Duration startTimeout = Duration.ofSeconds(60);

    private Builder(Path directory) {
      this.directory = directory;
    }

    public int brokerPort() {
      return brokerPort;
    }

    /** The JMX remote port the broker will listen on with {@link #jmxRemote()}. */
    public int jmxPort() {
      return jmxPort;
    }

    /** {@code 127.0.0.1:jmxPort}. */
    public String jmxHostPort() {
      return "127.0.0.1:" + jmxPort;
    }

    /**
     * JMX remote on {@link #jmxPort()}, without authentication or TLS, bound to 127.0.0.1 (the
     * options Kafka's {@code JMX_PORT} gives, plus loopback binding).
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

    /** Writes server.properties, formats the log folder, starts the broker and waits for it. */
    public KafkaServer start() {
      String classPath = ServerLibs.classPath("kafka");
      Path properties = directory.resolve("server.properties");
      try {
        Files.createDirectories(directory);
        Files.writeString(properties, serverProperties(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      format(classPath, properties);

      List<String> command = new ArrayList<>();
      command.add(ServerLibs.java());
      command.addAll(options);
      command.addAll(List.of("-cp", classPath, "kafka.Kafka", properties.toString()));
      ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
      clearJavaEnvironment(builder);
      ServerProcess process = ServerProcess.start("kafka", builder, directory.resolve("kafka.log"));
      KafkaServer kafka = new KafkaServer(process, directory, brokerPort, jmxPort);
      try {
        process.awaitReady(
            "broker on port " + brokerPort + " and '" + STARTED + "'",
            kafka::started,
            startTimeout);
      } catch (AssertionError | RuntimeException e) {
        process.stop();
        throw e;
      }
      return kafka;
    }

    /** {@code kafka-storage.sh format -t <new cluster id> -c server.properties}. */
    private void format(String classPath, Path properties) {
      ProcessBuilder builder =
          new ProcessBuilder(
                  ServerLibs.java(),
                  "-Xmx128m",
                  "-XX:TieredStopAtLevel=1",
                  "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                  "-cp",
                  classPath,
                  "kafka.tools.StorageTool",
                  "format",
                  "-t",
                  Uuid.randomUuid().toString(),
                  "-c",
                  properties.toString())
              .directory(directory.toFile());
      clearJavaEnvironment(builder);
      ServerProcess format =
          ServerProcess.start("kafka-storage-format", builder, directory.resolve("format.log"));
      try {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        while (format.isAlive() && System.nanoTime() < deadline) {
          ServerProcess.sleep(50);
        }
        if (format.isAlive()) {
          throw new AssertionError("storage format still runs\n" + format.dump());
        }
        if (!format.logText().contains("Formatting")) {
          throw new AssertionError("storage format failed\n" + format.dump());
        }
      } finally {
        format.stop();
      }
    }

    private String serverProperties() {
      Path data = directory.resolve("data");
      return String.join(
          "\n",
          "process.roles=broker,controller",
          "node.id=" + NODE_ID,
          "controller.quorum.voters=" + NODE_ID + "@127.0.0.1:" + controllerPort,
          "listeners=PLAINTEXT://127.0.0.1:"
              + brokerPort
              + ",CONTROLLER://127.0.0.1:"
              + controllerPort,
          "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
          "controller.listener.names=CONTROLLER",
          "inter.broker.listener.name=PLAINTEXT",
          "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
          "log.dirs=" + data,
          "num.partitions=1",
          // One broker: replication factors of 1, and a small __consumer_offsets (default 50
          // partitions) so that a test's per-partition series are few and creation is quick.
          "offsets.topic.replication.factor=1",
          "offsets.topic.num.partitions=3",
          "transaction.state.log.replication.factor=1",
          "transaction.state.log.min.isr=1",
          "share.coordinator.state.topic.replication.factor=1",
          "share.coordinator.state.topic.min.isr=1",
          "group.initial.rebalance.delay.ms=0",
          "");
    }
  }

  /** The child must see only the options given here. */
  static void clearJavaEnvironment(ProcessBuilder builder) {
    for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
      builder.environment().remove(variable);
    }
  }
}
