package io.github.jmxprom.it.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.ReflectionException;

/**
 * A read-only MBean whose attributes are suppliers, so a test app can publish beans with any
 * attribute names (Tomcat's {@code requestCount} starts lower case, which a standard MBean
 * interface cannot express without odd getter names).
 *
 * <pre>{@code
 * server.registerMBean(
 *     FixedAttributes.builder("a counter").attribute("Count", long.class, counter::get).build(),
 *     new ObjectName("it:type=Counter"));
 * }</pre>
 */
public final class FixedAttributes implements DynamicMBean {

  private final MBeanInfo info;
  private final Map<String, Supplier<Object>> values;

  private FixedAttributes(MBeanInfo info, Map<String, Supplier<Object>> values) {
    this.info = info;
    this.values = values;
  }

  public static Builder builder(String description) {
    return new Builder(description);
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
  public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
    throw new AttributeNotFoundException(attribute.getName() + " is read-only");
  }

  @Override
  public AttributeList getAttributes(String[] attributes) {
    AttributeList list = new AttributeList();
    for (String name : attributes) {
      Supplier<Object> value = values.get(name);
      if (value != null) {
        list.add(new Attribute(name, value.get()));
      }
    }
    return list;
  }

  @Override
  public AttributeList setAttributes(AttributeList attributes) {
    return new AttributeList(); // read-only: nothing set
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
    private final String description;
    private final List<MBeanAttributeInfo> attributes = new ArrayList<>();
    private final Map<String, Supplier<Object>> values = new LinkedHashMap<>();

    private Builder(String description) {
      this.description = description;
    }

    public Builder attribute(String name, Class<?> type, Supplier<Object> value) {
      attributes.add(
          new MBeanAttributeInfo(name, type.getName(), name + " attribute", true, false, false));
      values.put(name, value);
      return this;
    }

    public FixedAttributes build() {
      return new FixedAttributes(
          new MBeanInfo(
              FixedAttributes.class.getName(),
              description,
              attributes.toArray(new MBeanAttributeInfo[0]),
              null,
              new MBeanOperationInfo[0],
              new MBeanNotificationInfo[0]),
          new LinkedHashMap<>(values));
    }
  }
}
