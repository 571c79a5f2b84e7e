package io.github.jmxprom.collector.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The check before a connection attempt tells a live RMI port from one where nothing listens and
 * from one that accepts but never answers (a paused JVM), within its timeout.
 */
class TargetProbeTest {

  @Test
  void probesTheRegistryOfAJndiRmiUrl() {
    assertThat(TargetProbe.forUrl("service:jmx:rmi:///jndi/rmi://10.0.0.7:9999/jmxrmi", false))
        .hasToString("10.0.0.7:9999");
    assertThat(TargetProbe.forUrl("service:jmx:rmi:///jndi/rmi://[::1]:9999/jmxrmi", false))
        .hasToString("[::1]:9999");
    assertThat(TargetProbe.forUrl("service:jmx:rmi:///jndi/rmi://kafka-1/jmxrmi", false))
        .hasToString("kafka-1:1099");
  }

  @Test
  void urlsWithoutARegistryAddressAreNotProbed() {
    assertThat(TargetProbe.forUrl("service:jmx:jmxmp://10.0.0.7:5555", false)).isNull();
    assertThat(TargetProbe.forUrl("service:jmx:rmi://10.0.0.7/stub/rO0ABXNy", false)).isNull();
    assertThat(TargetProbe.forUrl("service:jmx:rmi:///jndi/ldap://10.0.0.7/cn=jmx", false))
        .isNull();
  }

  @Test
  void aLiveRmiPortAnswers() throws Exception {
    int port = freePort();
    Registry registry = LocateRegistry.createRegistry(port);
    try {
      assertThat(probe(port, false).check()).isNull();
    } finally {
      UnicastRemoteObject.unexportObject(registry, true);
    }
  }

  @Test
  void aPortWhereNothingListensIsNamed() throws Exception {
    int port = freePort();

    assertThat(probe(port, false).check())
        .startsWith("127.0.0.1:" + port + " does not answer: ")
        .contains("refused");
  }

  @Test
  void aPortThatAcceptsButNeverAnswersIsNamedWithinTheTimeout() throws Exception {
    // The kernel accepts connections into the backlog, as for a JVM stopped with SIGSTOP.
    try (ServerSocket paused = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      long start = System.nanoTime();
      String problem = probe(paused.getLocalPort(), false).check();
      long took = System.nanoTime() - start;

      assertThat(problem)
          .isEqualTo(
              "127.0.0.1:"
                  + paused.getLocalPort()
                  + " accepts connections but does not answer within 200 ms (the JVM may be"
                  + " paused or overloaded)");
      assertThat(took).isLessThan(TimeUnit.SECONDS.toNanos(2));
    }
  }

  @Test
  void aTlsPortOnlyHasToAcceptTheConnection() throws Exception {
    try (ServerSocket tls = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertThat(probe(tls.getLocalPort(), true).check()).isNull();
    }
  }

  private static TargetProbe probe(int port, boolean tls) {
    return new TargetProbe("127.0.0.1", port, tls, 200);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
