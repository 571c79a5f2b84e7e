package io.github.jmxprom.collector.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.Descriptor;
import javax.management.DynamicMBean;
import javax.management.ImmutableDescriptor;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** Which beans' MBeanInfo is read once, and when it is read again. */
class MBeanInfoCacheTest {

  private final MBeanServer server = MBeanServerFactory.newMBeanServer();

  @Test
  void aBeanWithImmutableInfoIsAskedOnceAndAgainAfterItIsRegisteredAnew() throws Exception {
    ObjectName name = new ObjectName("test:type=Counted");
    CountingBean bean = new CountingBean(true, "Value");
    server.registerMBean(bean, name);
    bean.infoCalls.set(0); // registering asks for it too
    MBeanInfoCache cache = new MBeanInfoCache();
    cache.watch(server);
    assertThat(cache.attributes(server, name))
        .extracting(MBeanAttributeInfo::getName)
        .containsExactly("Value");
    cache.attributes(server, name);
    cache.attributes(server, name);
    assertThat(bean.infoCalls.get()).isEqualTo(1);

    server.unregisterMBean(name);
    server.registerMBean(new CountingBean(true, "Other"), name);
    assertThat(cache.attributes(server, name))
        .extracting(MBeanAttributeInfo::getName)
        .containsExactly("Other");
  }

  @Test
  void theBeansUnregisteredSinceTheLastWalkAreHandedOverOnce() throws Exception {
    MBeanInfoCache cache = new MBeanInfoCache(3);
    assertThat(cache.takeUnregistered()).as("no listener yet").isNull();
    cache.watch(server);
    for (int i = 0; i < 5; i++) {
      server.registerMBean(new CountingBean(true, "Value"), new ObjectName("test:n=" + i));
    }
    assertThat(cache.takeUnregistered()).isEmpty();

    server.unregisterMBean(new ObjectName("test:n=0"));
    server.unregisterMBean(new ObjectName("test:n=1"));
    assertThat(cache.takeUnregistered())
        .containsExactly(new ObjectName("test:n=0"), new ObjectName("test:n=1"));
    assertThat(cache.takeUnregistered()).isEmpty();

    for (int i = 2; i < 5; i++) {
      server.unregisterMBean(new ObjectName("test:n=" + i));
    }
    server.registerMBean(new CountingBean(true, "Value"), new ObjectName("test:n=0"));
    server.unregisterMBean(new ObjectName("test:n=0")); // the fourth: one more than it remembers
    assertThat(cache.takeUnregistered()).as("more than it remembers: compare everything").isNull();
    server.registerMBean(new CountingBean(true, "Value"), new ObjectName("test:n=9"));
    server.unregisterMBean(new ObjectName("test:n=9"));
    assertThat(cache.takeUnregistered()).containsExactly(new ObjectName("test:n=9"));
  }

  @Test
  void aDynamicBeanWithoutImmutableInfoIsAskedEveryTime() throws Exception {
    ObjectName name = new ObjectName("test:type=Dynamic");
    CountingBean bean = new CountingBean(false, "Value");
    server.registerMBean(bean, name);
    bean.infoCalls.set(0); // registering asks for it too
    MBeanInfoCache cache = new MBeanInfoCache();
    cache.watch(server);
    cache.attributes(server, name);
    cache.attributes(server, name);
    assertThat(bean.infoCalls.get()).isEqualTo(2);
  }

  @Test
  void afterCloseNothingIsRememberedAndTheListenerIsGone() throws Exception {
    ObjectName name = new ObjectName("test:type=Counted");
    CountingBean bean = new CountingBean(true, "Value");
    server.registerMBean(bean, name);
    bean.infoCalls.set(0); // registering asks for it too
    MBeanInfoCache cache = new MBeanInfoCache();
    cache.watch(server);
    cache.attributes(server, name);
    cache.close();
    cache.attributes(server, name);
    assertThat(bean.infoCalls.get()).isEqualTo(2);
  }

  @Test
  void overARemoteConnectionABeanIsRememberedWhileItsClassStaysTheSame() throws Exception {
    ObjectName name = new ObjectName("test:type=Counted");
    CountingBean bean = new CountingBean(true, "Value");
    server.registerMBean(bean, name);
    bean.infoCalls.set(0);
    MBeanServerConnection remote = remote(server);
    MBeanInfoCache cache = new MBeanInfoCache();
    cache.watch(remote);
    assertThat(cache.needsClassNames(remote)).isTrue();
    cache.classNames(Map.of(name, CountingBean.class.getName()));
    cache.attributes(remote, name);
    cache.attributes(remote, name);
    assertThat(bean.infoCalls.get()).isEqualTo(1);

    cache.classNames(Map.of(name, "some.other.Class"));
    cache.attributes(remote, name);
    assertThat(bean.infoCalls.get()).as("another class: described again").isEqualTo(2);
  }

  /** A connection that is not an MBeanServer, as a JMX connector's is. */
  private static MBeanServerConnection remote(MBeanServer server) {
    return (MBeanServerConnection)
        Proxy.newProxyInstance(
            MBeanInfoCacheTest.class.getClassLoader(),
            new Class<?>[] {MBeanServerConnection.class},
            (proxy, method, args) -> {
              try {
                return method.invoke(server, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void theJdkMarksStandardMBeansImmutable() throws Exception {
    ObjectName name = new ObjectName("test:type=Standard");
    server.registerMBean(new Standard(), name);
    assertThat(MBeanInfoCache.isImmutable(server.getMBeanInfo(name))).isTrue();
  }

  /** A standard MBean interface for {@link Standard}. */
  public interface StandardMBean {
    int getValue();
  }

  /** A plain standard MBean. */
  public static final class Standard implements StandardMBean {
    @Override
    public int getValue() {
      return 1;
    }
  }

  private static final class CountingBean implements DynamicMBean {
    final AtomicInteger infoCalls = new AtomicInteger();
    private final boolean immutable;
    private final String attribute;

    CountingBean(boolean immutable, String attribute) {
      this.immutable = immutable;
      this.attribute = attribute;
    }

    @Override
    public MBeanInfo getMBeanInfo() {
      infoCalls.incrementAndGet();
      Descriptor descriptor = new ImmutableDescriptor("immutableInfo=" + immutable);
      MBeanAttributeInfo[] attributes = {
        new MBeanAttributeInfo(attribute, "int", "", true, false, false)
      };
      return new MBeanInfo(
          CountingBean.class.getName(), "", attributes, null, null, null, descriptor);
    }

    @Override
    public Object getAttribute(String name) {
      return 1;
    }

    @Override
    public void setAttribute(Attribute attribute) {}

    @Override
    public AttributeList getAttributes(String[] names) {
      return new AttributeList();
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
      return attributes;
    }

    @Override
    public Object invoke(String action, Object[] params, String[] signature) {
      return null;
    }
  }
}
