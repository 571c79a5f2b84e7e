package io.github.jmxprom.collector.jmx;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;

/**
 * The MBean a leaf comes from: its name, domain, ordered key properties, and the labels a metric
 * customizer's {@code attributesAsLabels} adds to all of its samples.
 *
 * <pre>{@code
 * BeanContext bean = new BeanContext(name, KeyProperties.of(name), Collections.emptyList());
 * bean.getDomain(); // "java.lang"
 * }</pre>
 */
public final class BeanContext {

  private final ObjectName objectName;
  private final Map<String, String> properties;
  private final List<Map.Entry<String, String>> customLabels;

  /** Creates a context; {@code customLabels} are raw attribute names and values. */
  public BeanContext(
      ObjectName objectName,
      Map<String, String> properties,
      List<Map.Entry<String, String>> customLabels) {
    this.objectName = objectName;
    this.properties = properties;
    this.customLabels = Collections.unmodifiableList(customLabels);
  }

  public ObjectName getObjectName() {
    return objectName;
  }

  public String getDomain() {
    return objectName.getDomain();
  }

  /** Key properties in the order the ObjectName was written. */
  public Map<String, String> getProperties() {
    return properties;
  }

  /** {@code attributesAsLabels} pairs (attribute name, value text), possibly empty. */
  public List<Map.Entry<String, String>> getCustomLabels() {
    return customLabels;
  }
}
