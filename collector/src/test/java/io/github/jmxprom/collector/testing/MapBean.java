package io.github.jmxprom.collector.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;

/**
 * A read-only {@link DynamicMBean} over an ordered map of attribute values: the shape of most real
 * server beans (Kafka, Cassandra, ...) whose attribute names are not Java identifiers ({@code
 * 99thPercentile}, {@code request-total}). Attributes keep insertion order in the MBeanInfo; the
 * declared type is the value's class name unless {@link #declare} says otherwise. Reading the
 * MBeanInfo never reads a value.
 */
public class MapBean implements DynamicMBean {

  /** The description the JDK gives attributes of standard MBeans. */
  public static final String STANDARD_DESCRIPTION = "Attribute exposed for management";

  private final Map<String, Supplier<Object>> values = new LinkedHashMap<>();
  private final Map<String, String> types = new LinkedHashMap<>();
  private final Map<String, String> descriptions = new LinkedHashMap<>();

  /** Adds an attribute with a fixed value, declared as its class, with the standard description. */
  public MapBean with(String name, Object value) {
    String type = value == null ? Object.class.getName() : value.getClass().getName();
    return with(name, type, () -> value);
  }

  /** Adds an attribute whose value is computed on every read. */
  public MapBean with(String name, String type, Supplier<Object> value) {
    values.put(name, value);
    types.put(name, type);
    return this;
  }

  /** Overrides the declared type and description of an attribute already added. */
  public MapBean declare(String name, String type, String description) {
    types.put(name, type);
    descriptions.put(name, description);
    return this;
  }

  @Override
  public MBeanInfo getMBeanInfo() {
    MBeanAttributeInfo[] attributes =
        values.entrySet().stream()
            .map(
                e ->
                    new MBeanAttributeInfo(
                        e.getKey(), typeOf(e.getKey()), describe(e.getKey()), true, false, false))
            .toArray(MBeanAttributeInfo[]::new);
    return new MBeanInfo(getClass().getName(), "test bean", attributes, null, null, null);
  }

  private String typeOf(String name) {
    return types.get(name);
  }

  private String describe(String name) {
    return descriptions.getOrDefault(name, STANDARD_DESCRIPTION);
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
    AttributeList result = new AttributeList();
    for (String attribute : attributes) {
      if (values.containsKey(attribute)) {
        result.add(new Attribute(attribute, values.get(attribute).get()));
      }
    }
    return result;
  }

  @Override
  public void setAttribute(Attribute attribute) {
    throw new UnsupportedOperationException("read-only");
  }

  @Override
  public AttributeList setAttributes(AttributeList attributes) {
    return new AttributeList();
  }

  @Override
  public Object invoke(String actionName, Object[] params, String[] signature) {
    throw new UnsupportedOperationException("no operations");
  }
}
