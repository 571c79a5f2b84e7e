package io.github.jmxprom.collector.jmx;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;

/**
 * What a bean's MBeanInfo says about its attributes: the attribute list, and whether the declared
 * types are exact. They are for standard MBeans and MXBeans, whose MBeanInfo the JDK builds from
 * the getters (its descriptor then names the {@code interfaceClassName}): a getter declared {@code
 * String} returns a String or null. A dynamic MBean may declare one type and return another
 * (Kafka's JmxReporter declares every attribute {@code double} and returns text for some).
 *
 * <pre>{@code
 * Described d = Described.of(connection.getMBeanInfo(name));
 * if (d.exactTypes) { ... }
 * }</pre>
 */
final class Described {
  final MBeanAttributeInfo[] attributes;
  final boolean exactTypes;

  private Described(MBeanAttributeInfo[] attributes, boolean exactTypes) {
    this.attributes = attributes;
    this.exactTypes = exactTypes;
  }

  /** The description of {@code info}, or null when it lists no attributes at all. */
  static Described of(MBeanInfo info) {
    MBeanAttributeInfo[] attributes = info.getAttributes();
    if (attributes == null) {
      return null;
    }
    return new Described(
        attributes,
        info.getDescriptor() != null
            && info.getDescriptor().getFieldValue("interfaceClassName") != null);
  }
}
