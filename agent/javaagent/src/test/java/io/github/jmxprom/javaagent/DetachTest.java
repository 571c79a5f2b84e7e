package io.github.jmxprom.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * agentmain as {@code attach} and {@code detach} call it, in this JVM: the state tools read back, a
 * second start refused while one runs, and detach leaving no port and no thread behind.
 */
class DetachTest {

  @TempDir Path dir;

  @AfterEach
  void detach() {
    JmxPromAgent.agentmain(AgentCommands.DETACH, null);
  }

  @Test
  void detachClosesThePortEndsTheThreadsAndAllowsAnotherAttach() throws Exception {
    Path config = Files.write(dir.resolve("c.yaml"), "rules: [{pattern: '.*'}]\n".getBytes());
    int port = freePort();
    JmxPromAgent.agentmain("127.0.0.1:" + port + ":" + config, null);
    awaitStarted();
    assertThat(System.getProperty(AgentStatus.ADDRESS)).isEqualTo("127.0.0.1:" + port);
    assertThat(System.getProperty(AgentStatus.PORT)).isEqualTo(Integer.toString(port));
    assertThat(System.getProperty(AgentStatus.CONFIG)).isEqualTo(config.toString());
    assertThat(System.getProperty(AgentStatus.ERROR)).isNull();
    assertThat(listening(port)).isTrue();
    assertThat(exporterThreads()).isNotEmpty();

    JmxPromAgent.agentmain("127.0.0.1:" + freePort() + ":" + config, null);
    assertThat(System.getProperty(AgentStatus.ERROR))
        .isEqualTo("already running on 127.0.0.1:" + port);

    JmxPromAgent.agentmain(AgentCommands.DETACH, null);
    assertThat(Agent.running()).isNull();
    assertThat(System.getProperty(AgentStatus.ADDRESS)).isNull();
    assertThat(System.getProperty(AgentStatus.ERROR)).isNull();
    assertThat(listening(port)).isFalse();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!exporterThreads().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(exporterThreads()).isEmpty();

    int again = freePort();
    JmxPromAgent.agentmain("127.0.0.1:" + again + ":" + config, null);
    awaitStarted();
    assertThat(listening(again)).isTrue();
    assertThat(System.getProperty(AgentStatus.ADDRESS)).isEqualTo("127.0.0.1:" + again);
  }

  @Test
  void detachDuringTheStartDelayEndsTheWaitingThreadAtOnce() throws Exception {
    Path config =
        Files.write(
            dir.resolve("c.yaml"), "startDelaySeconds: 60\nrules: [{pattern: '.*'}]\n".getBytes());
    JmxPromAgent.agentmain("127.0.0.1:" + freePort() + ":" + config, null);
    assertThat(System.getProperty(AgentStatus.STATE)).startsWith("starting in 60 s on 127.0.0.1:");
    assertThat(Agent.active()).isTrue();
    assertThat(exporterThreads()).contains("jmxprom-delayed-start");

    JmxPromAgent.agentmain(AgentCommands.DETACH, null);
    assertThat(Agent.active()).isFalse();
    assertThat(System.getProperty(AgentStatus.STATE)).isNull();
    // Not after the 60 s: a detached copy keeps nothing alive that refers to its classes.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!exporterThreads().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(exporterThreads()).isEmpty();
  }

  @Test
  void aFailedStartIsReportedInTheErrorProperty() {
    JmxPromAgent.agentmain("127.0.0.1:" + freePort() + ":" + dir.resolve("missing.yaml"), null);
    assertThat(Agent.running()).isNull();
    assertThat(Agent.active()).isFalse();
    assertThat(System.getProperty(AgentStatus.ERROR))
        .contains("missing.yaml: config file not found");
    assertThat(System.getProperty(AgentStatus.ADDRESS)).isNull();
  }

  /** The exporter is built on a start thread; agentmain returns before it serves. */
  private static void awaitStarted() throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.getProperty(AgentStatus.STATE) != null && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(System.getProperty(AgentStatus.STATE)).isNull();
  }

  private static List<String> exporterThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("jmxprom-") || n.equals("HTTP-Dispatcher"))
        .collect(Collectors.toList());
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
