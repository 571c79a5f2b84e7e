package io.github.jmxprom.collector.jmx;

import io.github.jmxprom.collector.config.CollectorConfig;
import java.util.List;
import javax.management.ObjectName;

/**
 * The bean and attribute selection of a config, applied to names already known (a recorded
 * inventory) instead of a live query: {@code includeObjectNames} minus {@code excludeObjectNames},
 * the JVM domains with {@code excludeJvmMetrics} (unless included explicitly), and {@code
 * includeObjectNameAttributes} / {@code excludeObjectNameAttributes}, as {@link BeanWalker} applies
 * them.
 *
 * <pre>{@code
 * BeanSelection selection = new BeanSelection(config);
 * selection.selects(new ObjectName("java.lang:type=Memory"));        // bean
 * selection.reads(new ObjectName("java.lang:type=Memory"), "HeapMemoryUsage"); // attribute
 * }</pre>
 */
public final class BeanSelection {

  private final CollectorConfig config;
  private final AttributeFilter filter;

  public BeanSelection(CollectorConfig config) {
    this.config = config;
    this.filter = new AttributeFilter(config);
  }

  /** True when a walk with this config reads the bean. */
  public boolean selects(ObjectName bean) {
    List<ObjectName> includes = config.getIncludeObjectNames();
    boolean explicitlyIncluded = includes != null && matchesAny(includes, bean);
    if (includes != null && !explicitlyIncluded) {
      return false;
    }
    if (matchesAny(config.getExcludeObjectNames(), bean)) {
      return false;
    }
    return !(config.isExcludeJvmMetrics() && JvmDomains.matches(bean) && !explicitlyIncluded);
  }

  /** True when a walk reads this top-level attribute of a selected bean. */
  public boolean reads(ObjectName bean, String attribute) {
    return filter.shouldRead(bean, attribute);
  }

  private static boolean matchesAny(List<ObjectName> patterns, ObjectName bean) {
    for (ObjectName pattern : patterns) {
      if (pattern.apply(bean)) {
        return true;
      }
    }
    return false;
  }
}
