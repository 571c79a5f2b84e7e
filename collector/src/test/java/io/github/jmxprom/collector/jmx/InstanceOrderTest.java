package io.github.jmxprom.collector.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.testing.MapBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectInstance;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The bean order worked out from queryNames is the order queryMBeans lists them in. */
class InstanceOrderTest {

  public interface GaugeMBean {
    long getValue();
  }

  public static final class Gauge implements GaugeMBean {
    @Override
    public long getValue() {
      return 1;
    }
  }

  public interface MeterMBean {
    long getCount();
  }

  public static final class Meter implements MeterMBean {
    @Override
    public long getCount() {
      return 2;
    }
  }

  private final MBeanServer server = MBeanServerFactory.newMBeanServer();
  private final Random random = new Random(42);

  @Test
  void namesOfThreeClassesComeInTheOrderOfTheInstancesThroughChurn() throws Exception {
    List<ObjectName> registered = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      registered.add(register(i));
    }
    InstanceOrder order = new InstanceOrder();
    for (int round = 0; round < 20; round++) {
      assertThat(order.fromNames(server, null)).isEqualTo(instanceOrder(null));
      assertThat(order.fromNames(server, new ObjectName("app:type=T,*")))
          .isEqualTo(instanceOrder(new ObjectName("app:type=T,*")));
      for (int k = 0; k < 100; k++) {
        ObjectName gone = registered.remove(random.nextInt(registered.size()));
        server.unregisterMBean(gone);
        order.forget(gone);
        registered.add(register(3000 + round * 100 + k));
      }
    }
  }

  @Test
  void aBeanRegisteredAgainWithAnotherClassIsOrderedByItsNewClassOnceForgotten() throws Exception {
    for (int i = 0; i < 500; i++) {
      register(i);
    }
    InstanceOrder order = new InstanceOrder();
    order.fromNames(server, null);
    for (int i = 0; i < 500; i += 2) {
      ObjectName name = name(i);
      server.unregisterMBean(name);
      order.forget(name);
      server.registerMBean(i % 4 == 0 ? new Meter() : new MapBean().with("V", 1), name);
    }
    assertThat(order.fromNames(server, null)).isEqualTo(instanceOrder(null));
  }

  @Test
  void binsLongEnoughToBecomeTreesAreLeftToTheServer() throws Exception {
    // "Aa" and "BB" have the same String hash: these 16 names all share one hash code.
    String[] halves = {"Aa", "BB"};
    for (int bits = 0; bits < 16; bits++) {
      StringBuilder key = new StringBuilder();
      for (int b = 0; b < 4; b++) {
        key.append(halves[(bits >> b) & 1]);
      }
      server.registerMBean(new Gauge(), new ObjectName("same:k=" + key));
    }
    InstanceOrder order = new InstanceOrder();
    assertThat(order.fromNames(server, new ObjectName("same:*"))).isNull();
    // A tree of ObjectInstances breaks ties by identity hash: not even two queries agree.
    assertThat(order.query(server, new ObjectName("same:*")))
        .containsExactlyInAnyOrderElementsOf(instanceOrder(new ObjectName("same:*")));
  }

  @Test
  void everyCheckedAnswerIsTheServers() throws Exception {
    for (int i = 0; i < 200; i++) {
      register(i);
    }
    InstanceOrder order = new InstanceOrder();
    for (int i = 0; i < InstanceOrder.CHECK_EVERY + 2; i++) {
      assertThat(order.query(server, null)).isEqualTo(instanceOrder(null));
    }
  }

  @Test
  void treesAreFoundAtEveryTableSizeTheMapGoesThrough() {
    assertThat(InstanceOrder.capacity(12)).isEqualTo(16);
    assertThat(InstanceOrder.capacity(13)).isEqualTo(32);
    assertThat(InstanceOrder.capacity(48)).isEqualTo(64);
    assertThat(InstanceOrder.capacity(49)).isEqualTo(128);
    int[] spread = new int[1000];
    for (int i = 0; i < spread.length; i++) {
      spread[i] = i * 0x9E3779B9;
    }
    assertThat(InstanceOrder.mayHaveTrees(spread)).isFalse();
    // Eight in one bin of the 64-table, while it held its first 49: the last one is a tree.
    int[] early = new int[200];
    for (int i = 0; i < early.length; i++) {
      early[i] = i < 8 ? i * 64 : i + 1000;
    }
    assertThat(InstanceOrder.mayHaveTrees(early)).isTrue();
    int[] late = early.clone();
    for (int i = 0; i < 8; i++) {
      late[i] = i + 1000 + 200; // the same eight values but spread
    }
    assertThat(InstanceOrder.mayHaveTrees(late)).isFalse();
  }

  /** jmx_exporter's order: a HashSet of names filled from queryMBeans. */
  private List<ObjectName> instanceOrder(ObjectName pattern) {
    List<ObjectName> names = new ArrayList<>();
    for (ObjectInstance instance : server.queryMBeans(pattern, null)) {
      names.add(instance.getObjectName());
    }
    return names;
  }

  private ObjectName register(int i) throws Exception {
    ObjectName name = name(i);
    Object bean =
        switch (i % 3) {
          case 0 -> new Gauge();
          case 1 -> new Meter();
          default -> new MapBean().with("Value", i);
        };
    server.registerMBean(bean, name);
    return name;
  }

  private static ObjectName name(int i) throws Exception {
    return new ObjectName(
        i % 5 == 0 ? "other:type=O,n=" + i : "app:type=T,topic=t" + (i / 10) + ",partition=" + i);
  }
}
