package io.github.jmxprom.collector.jmx;

import io.github.jmxprom.collector.config.CollectorConfig;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.ObjectName;

/**
 * Decides which attributes of a bean are read: {@code excludeObjectNameAttributes}, {@code
 * includeObjectNameAttributes} (when set, unlisted beans are not read at all), and the attributes
 * remembered as unsupported ({@code autoExcludeObjectNameAttributes}), which are skipped until the
 * bean goes away or the config is reloaded.
 */
final class AttributeFilter {

  private final Map<ObjectName, Set<String>> excluded;
  private final Map<ObjectName, Set<String>> included;
  private final boolean autoExclude;
  private final Map<ObjectName, Set<String>> autoExcluded = new ConcurrentHashMap<>();
  // Bumped when an attribute is auto-excluded, so remembered read plans are worked out again.
  private volatile int version;

  AttributeFilter(CollectorConfig config) {
    this.excluded = config.getExcludeObjectNameAttributes();
    this.included = config.getIncludeObjectNameAttributes();
    this.autoExclude = config.isAutoExcludeObjectNameAttributes();
  }

  boolean shouldRead(ObjectName bean, String attribute) {
    if (contains(excluded, bean, attribute) || contains(autoExcluded, bean, attribute)) {
      return false;
    }
    return included.isEmpty() || contains(included, bean, attribute);
  }

  /** Remembers an attribute whose value type cannot be exported. */
  void unsupported(ObjectName bean, String attribute) {
    if (autoExclude) {
      Set<String> attributes = autoExcluded.get(bean);
      if (attributes == null) {
        attributes = Collections.newSetFromMap(new ConcurrentHashMap<String, Boolean>());
        Set<String> previous = autoExcluded.putIfAbsent(bean, attributes);
        if (previous != null) {
          attributes = previous;
        }
      }
      if (attributes.add(attribute)) {
        version++;
      }
    }
  }

  /** Changes whenever {@link #shouldRead} may answer differently for an attribute. */
  int version() {
    return version;
  }

  /** Forgets beans that are no longer registered. */
  void retainBeans(Set<ObjectName> present) {
    if (!autoExcluded.isEmpty()) {
      autoExcluded.keySet().retainAll(present);
    }
  }

  /** Forgets one bean that was unregistered. */
  void forget(ObjectName bean) {
    if (!autoExcluded.isEmpty()) {
      autoExcluded.remove(bean);
    }
  }

  private static boolean contains(
      Map<ObjectName, Set<String>> map, ObjectName bean, String attribute) {
    if (map.isEmpty()) {
      return false;
    }
    Set<String> attributes = map.get(bean);
    return attributes != null && attributes.contains(attribute);
  }
}
