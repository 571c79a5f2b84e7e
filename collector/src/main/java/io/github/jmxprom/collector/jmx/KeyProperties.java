package io.github.jmxprom.collector.jmx;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.ObjectName;

/**
 * An ObjectName's key properties in the order they were written when the name was created, with
 * quoted values kept verbatim (quotes and escapes included). {@link
 * ObjectName#getKeyPropertyList()} loses that order, but it decides the default metric name (the
 * first property's value) and the pattern input, so jmx_exporter compatibility needs it.
 *
 * <pre>{@code
 * KeyProperties.of(new ObjectName("java.lang:name=G1 Young Generation,type=GarbageCollector"));
 * // {name=G1 Young Generation, type=GarbageCollector}
 * }</pre>
 */
public final class KeyProperties {

  private KeyProperties() {}

  /** The ordered properties; the map is unmodifiable. */
  public static Map<String, String> of(ObjectName name) {
    String list = name.getKeyPropertyListString();
    LinkedHashMap<String, String> properties = new LinkedHashMap<>();
    int i = 0;
    int n = list.length();
    while (i < n) {
      int equals = list.indexOf('=', i);
      if (equals < 0) {
        break;
      }
      String key = list.substring(i, equals);
      int valueStart = equals + 1;
      int end = valueStart;
      if (end < n && list.charAt(end) == '"') {
        end++;
        while (end < n && list.charAt(end) != '"') {
          end += list.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(end + 1, n);
      } else {
        while (end < n && list.charAt(end) != ',') {
          end++;
        }
      }
      properties.put(key, list.substring(valueStart, end));
      i = end + 1;
    }
    return Collections.unmodifiableMap(properties);
  }
}
