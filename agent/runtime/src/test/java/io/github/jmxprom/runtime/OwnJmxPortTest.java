package io.github.jmxprom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class OwnJmxPortTest {

  private static Properties jmxRemotePort(String port) {
    Properties p = new Properties();
    p.setProperty("com.sun.management.jmxremote.port", port);
    return p;
  }

  private static String hostPortUrl(String hostPort) {
    return "service:jmx:rmi:///jndi/rmi://" + hostPort + "/jmxrmi";
  }

  @Test
  void loopbackAndTheOwnPortIsOwn() {
    Properties own = jmxRemotePort("8008");
    assertThat(OwnJmxPort.isOwn(hostPortUrl("127.0.0.1:8008"), own)).isTrue();
    assertThat(OwnJmxPort.isOwn(hostPortUrl("localhost:8008"), own)).isTrue();
    assertThat(OwnJmxPort.isOwn(hostPortUrl("[::1]:8008"), own)).isTrue();
  }

  @Test
  void anotherPortOrNoJmxRemoteIsNotOwn() {
    assertThat(OwnJmxPort.isOwn(hostPortUrl("127.0.0.1:8009"), jmxRemotePort("8008"))).isFalse();
    assertThat(OwnJmxPort.isOwn(hostPortUrl("127.0.0.1:8008"), new Properties())).isFalse();
  }

  @Test
  void aRemoteHostIsNotOwn() {
    // 192.0.2.0/24 is TEST-NET-1: never assigned to a local interface.
    assertThat(OwnJmxPort.isOwn(hostPortUrl("192.0.2.7:8008"), jmxRemotePort("8008"))).isFalse();
  }

  @Test
  void readsHostAndPortFromBothUrlForms() {
    assertThat(OwnJmxPort.target(hostPortUrl("h:1234")).port).isEqualTo(1234);
    assertThat(OwnJmxPort.target(hostPortUrl("h:1234")).host).isEqualTo("h");
    assertThat(OwnJmxPort.target("service:jmx:rmi://h2:4321/stub/abc").port).isEqualTo(4321);
    assertThat(OwnJmxPort.target("service:jmx:rmi:///jndi/rmi://h/jmxrmi").port).isEqualTo(1099);
    assertThat(OwnJmxPort.target("not a url")).isNull();
  }
}
