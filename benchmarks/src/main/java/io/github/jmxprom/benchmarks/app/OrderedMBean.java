package io.github.jmxprom.benchmarks.app;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import javax.management.Descriptor;
import javax.management.ImmutableDescriptor;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.StandardMBean;

/**
 * A standard MBean or MXBean whose MBeanInfo lists its attributes in name order. Plain standard
 * MBeans list them in the order of {@code Class.getMethods()}, which HotSpot does not keep the same
 * from one JVM run to the next; exporters that take a family's HELP from its first attribute would
 * then differ between the two target JVMs for reasons that have nothing to do with them.
 *
 * <p>Its MBeanInfo says {@code immutableInfo=true}, as the MBeanInfo of the plain standard MBeans
 * it stands in for (Kafka's metrics, Tomcat's standard beans) does: the JDK drops that field only
 * because this class overrides {@code getMBeanInfo}, and the info it returns never changes.
 */
final class OrderedMBean extends StandardMBean {

  private volatile MBeanInfo ordered;

  private <T> OrderedMBean(T implementation, Class<T> type, boolean mxbean) {
    super(implementation, type, mxbean);
  }

  /** Wraps {@code bean}, found to implement {@code FooMBean} or {@code FooMXBean}. */
  @SuppressWarnings("unchecked")
  static Object wrap(Object bean) {
    for (Class<?> type : bean.getClass().getInterfaces()) {
      String name = type.getSimpleName();
      if (name.endsWith("MXBean") || name.endsWith("MBean")) {
        return new OrderedMBean(bean, (Class<Object>) type, name.endsWith("MXBean"));
      }
    }
    throw new IllegalArgumentException(bean.getClass() + " implements no MBean interface");
  }

  @Override
  public MBeanInfo getMBeanInfo() {
    MBeanInfo info = ordered;
    if (info == null) {
      MBeanInfo original = super.getMBeanInfo();
      MBeanAttributeInfo[] attributes = original.getAttributes();
      Arrays.sort(attributes, Comparator.comparing(MBeanAttributeInfo::getName));
      info =
          new MBeanInfo(
              original.getClassName(),
              original.getDescription(),
              attributes,
              original.getConstructors(),
              original.getOperations(),
              original.getNotifications(),
              immutable(original.getDescriptor()));
      ordered = info;
    }
    return info;
  }

  private static Descriptor immutable(Descriptor original) {
    Map<String, Object> fields = new HashMap<>();
    for (String field : original.getFieldNames()) {
      fields.put(field, original.getFieldValue(field));
    }
    fields.put("immutableInfo", "true");
    return new ImmutableDescriptor(fields);
  }
}
