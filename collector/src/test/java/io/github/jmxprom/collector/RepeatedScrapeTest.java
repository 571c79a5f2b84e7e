package io.github.jmxprom.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.testing.MapBean;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a collector remembers between scrapes (rule decisions, label sets, family order, bean
 * descriptions) never changes what it serves: every scrape of a long-lived collector equals the
 * first scrape of a new one, while values change shape and beans come, go and come back changed.
 */
class RepeatedScrapeTest {

  static final String KAFKA_LIKE =
      "rules:\n"
          + "- pattern: 'kafka.log<type=Log, name=(\\w+), topic=(.+), partition=(.*)><>Value'\n"
          + "  name: kafka_log_$1\n"
          + "  labels: {topic: $2, partition: $3}\n"
          + "- pattern: 'kafka.server<type=(.+), name=(.+)PerSec, topic=(.+)><>Count'\n"
          + "  name: kafka_server_$1_$2_total\n"
          + "  type: COUNTER\n"
          + "  labels: {topic: $3}\n"
          + "- pattern: 'kafka.server<type=(.+), name=(.+)PerSec, topic=(.+)><>(\\w+)Rate: (.*)'\n"
          + "  name: kafka_server_$1_$2_rate\n"
          + "  labels: {topic: $3, window: $4, raw: $5}\n";

  @ParameterizedTest
  @ValueSource(strings = {KAFKA_LIKE, "{}"})
  void everyScrapeEqualsAFreshCollectorsFirstScrape(String yaml) throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    AtomicLong epoch = new AtomicLong();
    Random random = new Random(3);
    for (int t = 0; t < 12; t++) {
      register(server, "t" + t, epoch);
    }
    JmxCollector longLived = Scrapes.collector(yaml, server);
    for (int scrape = 0; scrape < 30; scrape++) {
      epoch.addAndGet(1 + random.nextInt(977));
      if (scrape % 3 == 1) {
        String topic = "t" + random.nextInt(12);
        unregister(server, topic);
        if (random.nextBoolean()) {
          register(server, topic + (scrape % 2 == 0 ? "" : "x"), epoch);
        }
      }
      String fresh = Scrapes.text(yaml, server);
      assertThat(Scrapes.text(longLived.collect(), false)).as("scrape %d", scrape).isEqualTo(fresh);
    }
  }

  @Test
  void aBeanRegisteredAgainWithOtherAttributesIsDescribedAfresh() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    ObjectName name = new ObjectName("app:type=Pool");
    server.registerMBean(new MapBean().with("Active", 3), name);
    JmxCollector collector = Scrapes.collector("{}", server);
    assertThat(Scrapes.text(collector.collect(), false)).contains("app_Pool_Active 3.0");
    server.unregisterMBean(name);
    server.registerMBean(new MapBean().with("Idle", 5), name);
    String text = Scrapes.text(collector.collect(), false);
    assertThat(text).contains("app_Pool_Idle 5.0").doesNotContain("Active");
  }

  @Test
  void aStandardBeanReplacedByAnotherClassIsDescribedAfresh() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    ObjectName name = new ObjectName("app:type=Pool");
    server.registerMBean(new Active(), name);
    JmxCollector collector = Scrapes.collector("{}", server);
    assertThat(Scrapes.text(collector.collect(), false)).contains("app_Pool_Active 3.0");
    server.unregisterMBean(name);
    server.registerMBean(new Idle(), name);
    String text = Scrapes.text(collector.collect(), false);
    assertThat(text).contains("app_Pool_Idle 5.0").doesNotContain("Active");
  }

  @Test
  void anUnsupportedAttributeIsReadOnceWithAutoExclusionAndEveryScrapeWithout() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    Queue queue = new Queue();
    server.registerMBean(queue, new ObjectName("app:type=Queue"));
    JmxCollector collector = Scrapes.collector("{}", server);
    for (int i = 0; i < 3; i++) {
      assertThat(Scrapes.text(collector.collect(), false)).contains("app_Queue_Depth 7.0");
    }
    // The bean's read plan is remembered; excluding an attribute must still change it.
    assertThat(queue.itemsRead.get()).isEqualTo(1);
    assertThat(queue.depthRead.get()).isEqualTo(3);

    Queue always = new Queue();
    server.registerMBean(always, new ObjectName("app:type=Always"));
    JmxCollector without = Scrapes.collector("autoExcludeObjectNameAttributes: false\n", server);
    for (int i = 0; i < 3; i++) {
      without.collect();
    }
    assertThat(always.itemsRead.get()).isEqualTo(3);
  }

  /** A standard MBean interface. */
  public interface QueueMBean {
    int getDepth();

    Object getItems();
  }

  /** Items is of a type no exporter can write. */
  public static final class Queue implements QueueMBean {
    final AtomicLong itemsRead = new AtomicLong();
    final AtomicLong depthRead = new AtomicLong();

    @Override
    public int getDepth() {
      depthRead.incrementAndGet();
      return 7;
    }

    @Override
    public Object getItems() {
      itemsRead.incrementAndGet();
      return new StringBuilder("a,b");
    }
  }

  /** A standard MBean interface. */
  public interface ActiveMBean {
    int getActive();
  }

  /** Standard MBean: its MBeanInfo is immutable and remembered. */
  public static final class Active implements ActiveMBean {
    @Override
    public int getActive() {
      return 3;
    }
  }

  /** A standard MBean interface. */
  public interface IdleMBean {
    int getIdle();
  }

  /** Another class, registered later under the same name. */
  public static final class Idle implements IdleMBean {
    @Override
    public int getIdle() {
      return 5;
    }
  }

  private static void register(MBeanServer server, String topic, AtomicLong epoch)
      throws Exception {
    for (int p = 0; p < 4; p++) {
      int partition = p;
      for (String metric : new String[] {"Size", "LogEndOffset"}) {
        server.registerMBean(
            new MapBean()
                .with("Value", "long", () -> epoch.get() * (partition + 1) + topic.length()),
            new ObjectName(
                "kafka.log:type=Log,name=" + metric + ",topic=" + topic + ",partition=" + p));
      }
    }
    for (String meter : new String[] {"BytesInPerSec", "MessagesInPerSec"}) {
      server.registerMBean(
          new MapBean()
              .with("Count", "long", () -> epoch.get() * 7)
              .with("OneMinuteRate", "double", () -> epoch.get() / 3.0)
              .with("MeanRate", "double", () -> epoch.get() % 11 / 4.0),
          new ObjectName("kafka.server:type=BrokerTopicMetrics,name=" + meter + ",topic=" + topic));
    }
  }

  private static void unregister(MBeanServer server, String topic) throws Exception {
    for (ObjectName name :
        server.queryNames(new ObjectName("kafka.*:topic=" + topic + ",*"), null)) {
      server.unregisterMBean(name);
    }
  }
}
