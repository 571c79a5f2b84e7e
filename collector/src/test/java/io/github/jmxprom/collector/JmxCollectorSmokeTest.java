package io.github.jmxprom.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.testing.TestMBeans;
import io.github.jmxprom.collector.testing.UpstreamBeans;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import org.junit.jupiter.api.Test;

class JmxCollectorSmokeTest {

  @Test
  void defaultExportOfUpstreamBeans() {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    TestMBeans.register(server, UpstreamBeans.beans());
    String text = Scrapes.text("{}", server);
    System.out.println(text);
    assertThat(text).contains("io_prometheus_jmx_customValue_Value 345.0");
  }
}
