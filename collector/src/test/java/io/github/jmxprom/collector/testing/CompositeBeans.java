package io.github.jmxprom.collector.testing;

import java.lang.management.MemoryUsage;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * Beans whose attributes are {@link CompositeData}: jmx_exporter's {@code PerformanceMetrics}
 * (§6.1), a MemoryUsage-like pool whose {@code max} is -1, and a composite nested in a composite.
 */
public final class CompositeBeans {

  private CompositeBeans() {}

  /** A CompositeData attribute {@code PerformanceMetrics}. */
  public interface PerformanceMetricsMBean {
    CompositeData getPerformanceMetrics();
  }

  /**
   * An MXBean with a {@link MemoryUsage} attribute {@code Usage} and a scalar {@code Count} (MXBean
   * descriptions equal the attribute name).
   */
  public interface PoolMXBean {
    MemoryUsage getUsage();

    long getCount();
  }

  /** A CompositeData attribute {@code Outer} whose item {@code inner} is itself composite. */
  public interface NestedMBean {
    CompositeData getOuter();
  }

  /** The beans, ObjectName string to MBean. */
  public static Beans beans() {
    CompositeData performance =
        composite(
            "PerformanceMetrics",
            "Example composite data",
            new String[] {"ActiveSessions", "Bootstraps", "BootstrapsDeferred"},
            new OpenType<?>[] {SimpleType.LONG, SimpleType.LONG, SimpleType.LONG},
            new Object[] {2L, 4L, 6L});
    CompositeData inner =
        composite(
            "Inner",
            "Inner composite",
            new String[] {"depth", "label"},
            new OpenType<?>[] {SimpleType.INTEGER, SimpleType.STRING},
            new Object[] {2, "x"});
    CompositeData outer =
        composite(
            "Outer",
            "Outer composite",
            new String[] {"count", "inner"},
            new OpenType<?>[] {SimpleType.LONG, inner.getCompositeType()},
            new Object[] {1L, inner});
    MemoryUsage usage = new MemoryUsage(1024L, 2048L, 4096L, -1L);
    return new Beans()
        .add(
            "io.prometheus.jmx.test:name=PerformanceMetricsMBean",
            Beans.standard(PerformanceMetricsMBean.class, () -> performance))
        .add(
            "test.memory:type=Pool,name=Weird",
            Beans.mxbean(
                PoolMXBean.class,
                new PoolMXBean() {
                  @Override
                  public MemoryUsage getUsage() {
                    return usage;
                  }

                  @Override
                  public long getCount() {
                    return 3L;
                  }
                }))
        .add("io.prometheus.jmx.test:type=nested", Beans.standard(NestedMBean.class, () -> outer));
  }

  static CompositeData composite(
      String typeName, String description, String[] items, OpenType<?>[] types, Object[] values) {
    try {
      CompositeType type = new CompositeType(typeName, description, items, items, types);
      return new CompositeDataSupport(type, items, values);
    } catch (OpenDataException e) {
      throw new IllegalStateException(e);
    }
  }
}
