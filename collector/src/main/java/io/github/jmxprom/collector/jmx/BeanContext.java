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
  private volatile String rootPrefix;
  private volatile Object ruleMemory;

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

  /**
   * {@code domain<k=v, k2=v2><>}: the start of the pattern input of every top-level attribute of
   * this bean. Built once: the walker keeps one context per bean between scrapes.
   */
  public String rootPatternPrefix() {
    String prefix = rootPrefix;
    if (prefix == null) {
      prefix = patternPrefix(getDomain(), properties, Collections.<String>emptyList());
      rootPrefix = prefix;
    }
    return prefix;
  }

  /**
   * {@code domain<k=v, k2=v2><path1, path2>}: the pattern input without attribute and value,
   * formatted as jmx_exporter formats a LinkedHashMap and a List.
   */
  public static String patternPrefix(
      String domain, Map<String, String> properties, List<String> path) {
    StringBuilder out = new StringBuilder(domain.length() + 64);
    out.append(domain).append('<');
    boolean first = true;
    for (Map.Entry<String, String> property : properties.entrySet()) {
      if (!first) {
        out.append(", ");
      }
      out.append(property.getKey()).append('=').append(property.getValue());
      first = false;
    }
    out.append("><");
    for (int i = 0; i < path.size(); i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(path.get(i));
    }
    return out.append('>').toString();
  }

  /**
   * What the rule engine remembers about this bean's leaves between scrapes (opaque here). Kept
   * with the bean, not in one table for all beans, so that it goes when the walker forgets the bean
   * and a lookup touches this bean's few entries instead of a table the size of the MBean tree.
   */
  public Object getRuleMemory() {
    return ruleMemory;
  }

  /** Sets what {@link #getRuleMemory} returns. */
  public void setRuleMemory(Object memory) {
    ruleMemory = memory;
  }

  /** {@code attributesAsLabels} pairs (attribute name, value text), possibly empty. */
  public List<Map.Entry<String, String>> getCustomLabels() {
    return customLabels;
  }
}
