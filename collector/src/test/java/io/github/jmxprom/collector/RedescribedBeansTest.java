package io.github.jmxprom.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.testing.MapBean;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Beans without {@code immutableInfo} (Tomcat's modeler beans, Kafka's JmxReporter beans) describe
 * themselves anew at every scrape; the walk keeps its plan while the description stays the same,
 * and follows every change at the next scrape.
 */
class RedescribedBeansTest {

  private final MBeanServer server = MBeanServerFactory.newMBeanServer();

  @Test
  void aChangedDescriptionIsTheHelpOfTheNextScrape() throws Exception {
    AtomicLong value = new AtomicLong(1);
    MapBean bean = new MapBean().with("Size", "long", value::get).declare("Size", "long", "first");
    server.registerMBean(bean, new ObjectName("app:type=Cache"));
    JmxCollector collector = Scrapes.collector("{}", server);

    assertThat(Scrapes.text(collector.collect(), false))
        .contains("# HELP app_Cache_Size first")
        .contains("app_Cache_Size 1.0");
    value.set(2);
    assertThat(Scrapes.text(collector.collect(), false))
        .as("same description: same plan, the new value")
        .contains("# HELP app_Cache_Size first")
        .contains("app_Cache_Size 2.0");
    bean.declare("Size", "long", "second");
    assertThat(Scrapes.text(collector.collect(), false)).contains("# HELP app_Cache_Size second");
  }

  @Test
  void aChangedTypeOrNewAttributeIsReadAtTheNextScrape() throws Exception {
    MapBean bean = new MapBean().with("Size", "java.lang.String", () -> 5L);
    server.registerMBean(bean, new ObjectName("app:type=Cache"));
    JmxCollector collector = Scrapes.collector("{}", server);

    assertThat(Scrapes.text(collector.collect(), false)).contains("app_Cache_Size 5.0");
    bean.with("Hits", "long", () -> 9L);
    assertThat(Scrapes.text(collector.collect(), false))
        .contains("app_Cache_Size 5.0")
        .contains("app_Cache_Hits 9.0");
  }
}
