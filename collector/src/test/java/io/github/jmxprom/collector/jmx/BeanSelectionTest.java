package io.github.jmxprom.collector.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.ConfigLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** A selection on known names decides exactly as a walk of the live server does. */
class BeanSelectionTest {

  /** A bean with two attributes. */
  public interface PairMBean {
    int getFirst();

    int getSecond();
  }

  /** The implementation. */
  public static final class Pair implements PairMBean {
    @Override
    public int getFirst() {
      return 1;
    }

    @Override
    public int getSecond() {
      return 2;
    }
  }

  private static final String[] BEANS = {
    "java.lang:type=FakeJvm",
    "app:type=A,name=one",
    "app:type=A,name=two",
    "app:type=B",
    "other:x=y"
  };

  private final MBeanServer server = MBeanServerFactory.newMBeanServer();

  BeanSelectionTest() throws Exception {
    for (String bean : BEANS) {
      server.registerMBean(new Pair(), new ObjectName(bean));
    }
  }

  @Test
  void includeExcludeJvmDomainsAndAttributeFiltersDecideAsTheWalker() throws Exception {
    String[] configs = {
      "{}",
      "includeObjectNames: ['app:type=A,*']",
      "includeObjectNames: []",
      "excludeObjectNames: ['app:name=two,*', 'other:*']",
      "includeObjectNames: ['app:*', 'java.lang:*']\nexcludeObjectNames: ['app:type=B']",
      "excludeJvmMetrics: true",
      "excludeJvmMetrics: true\nincludeObjectNames: ['java.lang:type=FakeJvm', 'other:*']",
      "excludeObjectNameAttributes: {'app:type=B': [First]}",
      "includeObjectNameAttributes: {'app:type=A,name=one': [Second]}",
    };
    for (String yaml : configs) {
      CollectorConfig config = ConfigLoader.load(yaml + "\n");
      assertThat(selected(config)).as(yaml).isEqualTo(walked(config));
    }
    assertThat(selected(ConfigLoader.load("excludeObjectNames: ['app:*']\n")))
        .containsExactly(
            "java.lang:type=FakeJvm.First",
            "java.lang:type=FakeJvm.Second",
            "other:x=y.First",
            "other:x=y.Second");
  }

  @Test
  void knownNamesAreReadInTheOrderAWalkWithTheConfigReadsThem() throws Exception {
    for (int i = 0; i < 40; i++) {
      server.registerMBean(new Pair(), new ObjectName("many:type=M,name=n" + i));
    }
    List<ObjectName> listed = beans(ConfigLoader.load("{}\n"));
    String[] configs = {
      "{}",
      "includeObjectNames: ['app:type=A,*', 'many:*']",
      "includeObjectNames: ['many:name=n1*,*', 'app:*']",
      "excludeObjectNames: ['many:name=n2*,*', 'other:*']",
      "includeObjectNames: ['app:*', 'java.lang:*', 'many:*']\nexcludeObjectNames: ['app:type=B']",
      "excludeJvmMetrics: true",
    };
    for (String yaml : configs) {
      CollectorConfig config = ConfigLoader.load(yaml + "\n");
      assertThat(new BeanSelection(config).inWalkOrder(listed)).as(yaml).isEqualTo(beans(config));
    }
    // Not simply the listed order: fewer beans, a smaller set, another order.
    CollectorConfig few = ConfigLoader.load("includeObjectNames: ['many:name=n1*,*', 'app:*']\n");
    List<ObjectName> filtered = new ArrayList<>(listed);
    filtered.retainAll(beans(few));
    assertThat(beans(few)).containsExactlyInAnyOrderElementsOf(filtered).isNotEqualTo(filtered);
  }

  /** The beans a walk with the config reads, in the order it reads them. */
  private List<ObjectName> beans(CollectorConfig config) throws Exception {
    List<ObjectName> order = new ArrayList<>();
    BeanWalker walker =
        new BeanWalker(
            config,
            (bean, properties, path, attribute, description, value) -> {
              if (!order.contains(bean.getObjectName())) {
                order.add(bean.getObjectName());
              }
            });
    walker.walk(server);
    walker.close();
    return order;
  }

  private Set<String> walked(CollectorConfig config) throws Exception {
    Set<String> seen = new TreeSet<>();
    BeanWalker walker =
        new BeanWalker(
            config,
            (bean, properties, path, attribute, description, value) -> {
              if (!bean.getDomain().equals("JMImplementation")) { // the server's own delegate
                seen.add(bean.getObjectName().getCanonicalName() + "." + attribute);
              }
            });
    walker.walk(server);
    walker.close();
    return seen;
  }

  private static Set<String> selected(CollectorConfig config) throws Exception {
    BeanSelection selection = new BeanSelection(config);
    Set<String> seen = new TreeSet<>();
    for (String bean : BEANS) {
      ObjectName name = new ObjectName(bean);
      for (String attribute : new String[] {"First", "Second"}) {
        if (selection.selects(name) && selection.reads(name, attribute)) {
          seen.add(name.getCanonicalName() + "." + attribute);
        }
      }
    }
    return seen;
  }
}
