package io.github.jmxprom.benchmarks.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanConstructorInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.ReflectionException;

/**
 * A read-only DynamicMBean over named value suppliers, the way Tomcat's modeler beans and Kafka's
 * own metrics beans look to a JMX client: lower-case or hyphenated attribute names, typed by a
 * string in the MBeanInfo, and a bulk read that leaves out attributes whose getter fails.
 *
 * <pre>{@code
 * MapBean.builder("org.apache.catalina.session.StandardManager")
 *     .attribute("activeSessions", "int", () -> Values.small(seed, 0))
 *     .build();
 * }</pre>
 */
public final class MapBean implements DynamicMBean {

  private final Map<String, Supplier<Object>> values;
  private final MBeanInfo info;

  private MapBean(
      String className, Map<String, Supplier<Object>> values, Map<String, String> types) {
    this.values = values;
    MBeanAttributeInfo[] attributes = new MBeanAttributeInfo[types.size()];
    int i = 0;
    for (Map.Entry<String, String> type : types.entrySet()) {
      attributes[i++] =
          new MBeanAttributeInfo(type.getKey(), type.getValue(), type.getKey(), true, false, false);
    }
    this.info =
        new MBeanInfo(
            className,
            "synthetic " + className,
            attributes,
            new MBeanConstructorInfo[0],
            new MBeanOperationInfo[0],
            new MBeanNotificationInfo[0]);
  }

  public static Builder builder(String className) {
    return new Builder(className);
  }

  @Override
  public Object getAttribute(String attribute) throws AttributeNotFoundException {
    Supplier<Object> value = values.get(attribute);
    if (value == null) {
      throw new AttributeNotFoundException(attribute);
    }
    return value.get();
  }

  @Override
  public AttributeList getAttributes(String[] attributes) {
    AttributeList list = new AttributeList(attributes.length);
    for (String name : attributes) {
      try {
        list.add(new Attribute(name, getAttribute(name)));
      } catch (AttributeNotFoundException | RuntimeException e) {
        // as Tomcat's BaseModelMBean: a failing attribute is left out of a bulk read
      }
    }
    return list;
  }

  @Override
  public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
    throw new AttributeNotFoundException(attribute.getName() + " is read-only");
  }

  @Override
  public AttributeList setAttributes(AttributeList attributes) {
    return new AttributeList();
  }

  @Override
  public Object invoke(String actionName, Object[] params, String[] signature)
      throws ReflectionException {
    throw new ReflectionException(new NoSuchMethodException(actionName));
  }

  @Override
  public MBeanInfo getMBeanInfo() {
    return info;
  }

  /** Collects attributes in order. */
  public static final class Builder {
    private final String className;
    private final Map<String, Supplier<Object>> values = new LinkedHashMap<>();
    private final Map<String, String> types = new LinkedHashMap<>();

    private Builder(String className) {
      this.className = className;
    }

    public Builder attribute(String name, String type, Supplier<Object> value) {
      values.put(name, value);
      types.put(name, type);
      return this;
    }

    public MapBean build() {
      return new MapBean(className, values, types);
    }
  }
}
