package io.github.jmxprom.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** Attributes that no rule can turn into a sample are not read from the bean at all. */
class UnreadAttributesTest {

  /** A meter-shaped standard MBean that counts how often each getter is called. */
  public interface MeterMBean {
    long getCount();

    double getOneMinuteRate();

    String getEventType();
  }

  public static final class Meter implements MeterMBean {
    final AtomicInteger countReads = new AtomicInteger();
    final AtomicInteger rateReads = new AtomicInteger();
    final AtomicInteger typeReads = new AtomicInteger();

    @Override
    public long getCount() {
      countReads.incrementAndGet();
      return 42;
    }

    @Override
    public double getOneMinuteRate() {
      rateReads.incrementAndGet();
      return 1.5;
    }

    @Override
    public String getEventType() {
      typeReads.incrementAndGet();
      return "bytes";
    }
  }

  @Test
  void onlyWhatARuleCanUseIsRead() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    Meter meter = new Meter();
    server.registerMBean(meter, new ObjectName("kafka.server:type=M,name=BytesInPerSec"));
    JmxCollector collector =
        Scrapes.collector(
            "rules:\n- pattern: 'kafka.server<type=(.+), name=(.+)><>Count'\n"
                + "  name: kafka_$1_$2_total\n  type: COUNTER\n",
            server);

    String text = Scrapes.text(collector.collect(), false);
    collector.collect();

    assertThat(text).contains("kafka_M_BytesInPerSec_total 42.0");
    assertThat(meter.countReads.get()).isEqualTo(2);
    assertThat(meter.rateReads.get()).as("a double no rule can match").isZero();
    assertThat(meter.typeReads.get())
        .as("text becomes a sample only through a rule's value: not read")
        .isZero();
  }

  @Test
  void textIsReadWhenARuleHasAValue() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    Meter meter = new Meter();
    server.registerMBean(meter, new ObjectName("kafka.server:type=M,name=BytesInPerSec"));
    JmxCollector collector =
        Scrapes.collector(
            "rules:\n- pattern: 'kafka.server<type=(.+), name=(.+)><>EventType: (.+)'\n"
                + "  name: kafka_event_type\n  value: 1\n  labels:\n    type: $3\n",
            server);

    String text = Scrapes.text(collector.collect(), false);

    assertThat(text).contains("kafka_event_type{type=\"bytes\"} 1.0");
    assertThat(meter.typeReads.get()).isOne();
  }

  @Test
  void aDynamicMBeanDeclaringTextIsReadForItMayReturnANumber() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    AtomicInteger reads = new AtomicInteger();
    server.registerMBean(new LyingBean(reads), new ObjectName("app:type=Lying"));
    String text = Scrapes.text(Scrapes.collector("{}", server).collect(), false);

    assertThat(text).contains("app_Lying_Size 7.0");
    assertThat(reads.get()).isOne();
  }

  /** Declares its one attribute a String and returns an Integer, as some dynamic MBeans do. */
  static final class LyingBean implements DynamicMBean {
    private final AtomicInteger reads;

    LyingBean(AtomicInteger reads) {
      this.reads = reads;
    }

    @Override
    public Object getAttribute(String attribute) {
      reads.incrementAndGet();
      return 7;
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
      AttributeList list = new AttributeList();
      for (String attribute : attributes) {
        list.add(new Attribute(attribute, getAttribute(attribute)));
      }
      return list;
    }

    @Override
    public MBeanInfo getMBeanInfo() {
      return new MBeanInfo(
          LyingBean.class.getName(),
          "lies about its type",
          new MBeanAttributeInfo[] {
            new MBeanAttributeInfo("Size", "java.lang.String", "size", true, false, false)
          },
          null,
          null,
          null);
    }

    @Override
    public void setAttribute(Attribute attribute) {
      throw new UnsupportedOperationException();
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
      return new AttributeList();
    }

    @Override
    public Object invoke(String action, Object[] params, String[] signature) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void withoutRulesEveryNumberIsReadAndNoText() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    Meter meter = new Meter();
    server.registerMBean(meter, new ObjectName("kafka.server:type=M,name=BytesInPerSec"));
    String text = Scrapes.text(Scrapes.collector("{}", server).collect(), false);

    assertThat(text).contains("kafka_server_M_OneMinuteRate{name=\"BytesInPerSec\"} 1.5");
    assertThat(meter.rateReads.get()).isOne();
    assertThat(meter.typeReads.get()).isZero();
  }
}
