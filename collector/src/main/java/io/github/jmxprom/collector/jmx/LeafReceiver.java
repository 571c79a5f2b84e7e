package io.github.jmxprom.collector.jmx;

import java.util.List;
import java.util.Map;

/**
 * Receives every scalar value found while walking MBeans: numbers, booleans, strings (and enums as
 * strings, dates as epoch seconds), with the path that leads to it. The rule engine implements
 * this.
 *
 * <pre>{@code
 * LeafReceiver print = (bean, properties, path, attribute, description, value) ->
 *     System.out.println(bean.getDomain() + properties + path + attribute + ": " + value);
 * }</pre>
 */
public interface LeafReceiver {

  /**
   * One leaf.
   *
   * @param bean the MBean it belongs to
   * @param properties the bean's ordered key properties, plus TabularData index columns
   * @param path enclosing attribute and composite keys, outermost first (empty for a plain
   *     attribute)
   * @param attribute the attribute name, or the composite item / table column name
   * @param description attribute description, or the composite type's description for nested values
   * @param value Number, Boolean or String
   */
  void leaf(
      BeanContext bean,
      Map<String, String> properties,
      List<String> path,
      String attribute,
      String description,
      Object value);

  /**
   * Whether this receiver can use any value of the bean's attribute; false lets the walk skip
   * reading it. {@code exactTypes} says the bean's values are of their declared types (a standard
   * MBean or MXBean). By default every attribute is read.
   */
  default boolean mayUse(
      BeanContext bean, String attribute, String declaredType, boolean exactTypes) {
    return true;
  }
}
