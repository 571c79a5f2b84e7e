package io.github.jmxprom.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class RmiTimeoutsTest {

  @Test
  void setsBothTimeoutsWhenNoneIsGiven() {
    Properties properties = new Properties();

    RmiTimeouts.applyDefaults(properties);

    assertThat(properties)
        .containsEntry("sun.rmi.transport.tcp.responseTimeout", "5000")
        .containsEntry("sun.rmi.transport.tcp.handshakeTimeout", "5000");
  }

  @Test
  void aValueGivenWithDashDWins() {
    Properties properties = new Properties();
    properties.setProperty("sun.rmi.transport.tcp.responseTimeout", "30000");

    RmiTimeouts.applyDefaults(properties);

    assertThat(properties)
        .containsEntry("sun.rmi.transport.tcp.responseTimeout", "30000")
        .containsEntry("sun.rmi.transport.tcp.handshakeTimeout", "5000");
  }
}
