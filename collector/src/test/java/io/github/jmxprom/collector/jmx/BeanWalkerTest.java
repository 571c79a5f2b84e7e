package io.github.jmxprom.collector.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.collector.testing.MapBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** When the walker asks the server for its beans again, and that what it lists stays exact. */
class BeanWalkerTest {

  private final MBeanServer server = MBeanServerFactory.newMBeanServer();
  private final AtomicInteger queries = new AtomicInteger();
  private final MBeanServer counted = counting(server, queries);

  @Test
  void theBeansAreListedAgainOnlyAfterABeanWasRegisteredOrUnregistered() throws Exception {
    server.registerMBean(new MapBean().with("Value", 1), new ObjectName("app:type=A"));
    server.registerMBean(new MapBean().with("Value", 2), new ObjectName("app:type=B"));
    BeanWalker walker =
        new BeanWalker(
            ConfigLoader.load("excludeObjectNames: ['app:type=X']\n"),
            (bean, properties, path, attribute, description, value) -> {});
    assertThat(walker.select(counted)).hasSize(3); // with the delegate's own bean
    int first = queries.get();
    assertThat(walker.select(counted)).hasSize(3);
    assertThat(walker.select(counted)).hasSize(3);
    assertThat(queries.get()).as("nothing changed: not asked again").isEqualTo(first);

    server.registerMBean(new MapBean().with("Value", 3), new ObjectName("app:type=C"));
    assertThat(walker.select(counted)).contains(new ObjectName("app:type=C")).hasSize(4);
    server.registerMBean(new MapBean().with("Value", 4), new ObjectName("app:type=X"));
    assertThat(walker.select(counted))
        .as("an excluded bean stays out")
        .doesNotContain(new ObjectName("app:type=X"))
        .hasSize(4);
    server.unregisterMBean(new ObjectName("app:type=A"));
    assertThat(walker.select(counted)).doesNotContain(new ObjectName("app:type=A")).hasSize(3);
    assertThat(queries.get()).isGreaterThan(first);
    walker.close();
  }

  @Test
  void theCachedListHasTheOrderOfAFreshQuery() throws Exception {
    for (int i = 0; i < 200; i++) {
      server.registerMBean(new MapBean().with("Value", i), new ObjectName("app:type=T,n=" + i));
    }
    BeanWalker walker =
        new BeanWalker(
            ConfigLoader.load("{}"), (bean, properties, path, attribute, description, value) -> {});
    walker.select(counted);
    for (int i = 0; i < 200; i += 3) {
      server.unregisterMBean(new ObjectName("app:type=T,n=" + i));
    }
    BeanWalker fresh =
        new BeanWalker(
            ConfigLoader.load("{}"), (bean, properties, path, attribute, description, value) -> {});
    assertThat(walker.select(counted)).containsExactlyElementsOf(fresh.select(counted));
    assertThat(walker.select(counted)).containsExactlyElementsOf(fresh.select(counted));
    walker.close();
    fresh.close();
  }

  /** The server, counting the queries made through it; still an MBeanServer (a local one). */
  private static MBeanServer counting(MBeanServer server, AtomicInteger queries) {
    return (MBeanServer)
        Proxy.newProxyInstance(
            BeanWalkerTest.class.getClassLoader(),
            new Class<?>[] {MBeanServer.class},
            (proxy, method, args) -> {
              if (method.getName().startsWith("query")) {
                queries.incrementAndGet();
              }
              try {
                return method.invoke(server, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
