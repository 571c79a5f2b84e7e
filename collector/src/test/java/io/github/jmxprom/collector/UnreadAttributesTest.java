package io.github.jmxprom.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
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
    assertThat(meter.typeReads.get()).as("a string may hold any text: read").isEqualTo(2);
  }

  @Test
  void withoutRulesEverythingIsRead() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    Meter meter = new Meter();
    server.registerMBean(meter, new ObjectName("kafka.server:type=M,name=BytesInPerSec"));
    String text = Scrapes.text(Scrapes.collector("{}", server).collect(), false);

    assertThat(text).contains("kafka_server_M_OneMinuteRate{name=\"BytesInPerSec\"} 1.5");
    assertThat(meter.rateReads.get()).isOne();
  }
}
