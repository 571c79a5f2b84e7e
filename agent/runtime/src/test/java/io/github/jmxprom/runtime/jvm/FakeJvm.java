package io.github.jmxprom.runtime.jvm;

import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * Platform-shaped MXBeans with fixed values on a fresh MBeanServer, so that the expected output can
 * be written down exactly. Same object names and attribute types as HotSpot's.
 */
final class FakeJvm {

  private FakeJvm() {}

  /** A Linux JVM without native memory tracking. */
  static MBeanServer linux() {
    MBeanServer server = common();
    register(server, "java.lang:type=OperatingSystem", new LinuxOs(), UnixOsMXBean.class);
    return server;
  }

  /** A Windows JVM: no file descriptor attributes. */
  static MBeanServer windows() {
    MBeanServer server = common();
    register(server, "java.lang:type=OperatingSystem", new WindowsOs(), OsMXBean.class);
    return server;
  }

  /** Adds the diagnostic command MBean answering {@code vmNativeMemory} with {@code summary}. */
  static AtomicInteger nativeMemory(MBeanServer server, String summary) {
    AtomicInteger calls = new AtomicInteger();
    DiagnosticCommandMBean command =
        args -> {
          calls.incrementAndGet();
          return summary;
        };
    try {
      server.registerMBean(
          new StandardMBean(command, DiagnosticCommandMBean.class),
          new ObjectName("com.sun.management:type=DiagnosticCommand"));
    } catch (JMException e) {
      throw new IllegalStateException(e);
    }
    return calls;
  }

  private static MBeanServer common() {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    register(server, "java.lang:type=Memory", new Memory(), MemoryMXBean.class);
    register(
        server,
        "java.lang:type=MemoryPool,name=G1 Eden Space",
        new Pool(
            "G1 Eden Space",
            new MemoryUsage(27262976, 50331648, 104857600, -1),
            new MemoryUsage(27262976, 0, 104857600, -1)),
        MemoryPoolMXBean.class);
    register(
        server,
        "java.lang:type=MemoryPool,name=Metaspace",
        new Pool("Metaspace", new MemoryUsage(0, 31457280, 32505856, -1), null),
        MemoryPoolMXBean.class);
    register(
        server,
        "java.lang:type=GarbageCollector,name=G1 Young Generation",
        new Collector("G1 Young Generation", 12, 345),
        GarbageCollectorMXBean.class);
    register(
        server,
        "java.lang:type=GarbageCollector,name=G1 Old Generation",
        new Collector("G1 Old Generation", 0, 0),
        GarbageCollectorMXBean.class);
    register(
        server,
        "java.nio:type=BufferPool,name=direct",
        new BufferPool("direct", 10, 81920, 81920),
        BufferPoolMXBean.class);
    register(
        server,
        "java.nio:type=BufferPool,name=mapped",
        new BufferPool("mapped", 0, 0, 0),
        BufferPoolMXBean.class);
    register(server, "java.lang:type=ClassLoading", new ClassLoading(), ClassLoadingMXBean.class);
    register(server, "java.lang:type=Compilation", new Compilation(), CompilationMXBean.class);
    register(server, "java.lang:type=Runtime", new Runtime(), RuntimeMXBean.class);
    try {
      server.registerMBean(
          new StandardMBean(new Threading(), ThreadingMBean.class),
          new ObjectName("java.lang:type=Threading"));
    } catch (JMException e) {
      throw new IllegalStateException(e);
    }
    return server;
  }

  private static <T> void register(MBeanServer server, String name, T bean, Class<T> type) {
    try {
      server.registerMBean(new StandardMBean(bean, type, true), new ObjectName(name));
    } catch (JMException e) {
      throw new IllegalStateException(e);
    }
  }

  public interface MemoryMXBean {
    MemoryUsage getHeapMemoryUsage();

    MemoryUsage getNonHeapMemoryUsage();

    int getObjectPendingFinalizationCount();
  }

  static final class Memory implements MemoryMXBean {
    @Override
    public MemoryUsage getHeapMemoryUsage() {
      return new MemoryUsage(268435456, 104857600, 201326592, 1073741824);
    }

    @Override
    public MemoryUsage getNonHeapMemoryUsage() {
      return new MemoryUsage(7667712, 52428800, 58720256, -1);
    }

    @Override
    public int getObjectPendingFinalizationCount() {
      return 0;
    }
  }

  public interface MemoryPoolMXBean {
    String getName();

    MemoryUsage getUsage();

    MemoryUsage getCollectionUsage();
  }

  record Pool(String name, MemoryUsage usage, MemoryUsage collectionUsage)
      implements MemoryPoolMXBean {
    @Override
    public String getName() {
      return name;
    }

    @Override
    public MemoryUsage getUsage() {
      return usage;
    }

    @Override
    public MemoryUsage getCollectionUsage() {
      return collectionUsage;
    }
  }

  public interface GarbageCollectorMXBean {
    String getName();

    long getCollectionCount();

    long getCollectionTime();
  }

  record Collector(String name, long count, long millis) implements GarbageCollectorMXBean {
    @Override
    public String getName() {
      return name;
    }

    @Override
    public long getCollectionCount() {
      return count;
    }

    @Override
    public long getCollectionTime() {
      return millis;
    }
  }

  public interface BufferPoolMXBean {
    String getName();

    long getCount();

    long getMemoryUsed();

    long getTotalCapacity();
  }

  record BufferPool(String name, long count, long used, long capacity) implements BufferPoolMXBean {
    @Override
    public String getName() {
      return name;
    }

    @Override
    public long getCount() {
      return count;
    }

    @Override
    public long getMemoryUsed() {
      return used;
    }

    @Override
    public long getTotalCapacity() {
      return capacity;
    }
  }

  public interface ClassLoadingMXBean {
    int getLoadedClassCount();

    long getTotalLoadedClassCount();

    long getUnloadedClassCount();
  }

  static final class ClassLoading implements ClassLoadingMXBean {
    @Override
    public int getLoadedClassCount() {
      return 5000;
    }

    @Override
    public long getTotalLoadedClassCount() {
      return 5100;
    }

    @Override
    public long getUnloadedClassCount() {
      return 100;
    }
  }

  public interface CompilationMXBean {
    boolean isCompilationTimeMonitoringSupported();

    long getTotalCompilationTime();
  }

  static final class Compilation implements CompilationMXBean {
    @Override
    public boolean isCompilationTimeMonitoringSupported() {
      return true;
    }

    @Override
    public long getTotalCompilationTime() {
      return 12345;
    }
  }

  public interface RuntimeMXBean {
    long getStartTime();

    Map<String, String> getSystemProperties();
  }

  static final class Runtime implements RuntimeMXBean {
    @Override
    public long getStartTime() {
      return 1700000000123L;
    }

    @Override
    public Map<String, String> getSystemProperties() {
      return Map.of(
          "java.runtime.name", "OpenJDK Runtime Environment",
          "java.vm.vendor", "Eclipse Adoptium",
          "java.runtime.version", "17.0.15+6",
          "user.dir", "/srv/app");
    }
  }

  public interface OsMXBean {
    String getName();

    long getProcessCpuTime();

    long getCommittedVirtualMemorySize();
  }

  public interface UnixOsMXBean extends OsMXBean {
    long getOpenFileDescriptorCount();

    long getMaxFileDescriptorCount();
  }

  static class WindowsOs implements OsMXBean {
    @Override
    public String getName() {
      return "Windows Server 2022";
    }

    @Override
    public long getProcessCpuTime() {
      return 12_500_000_000L;
    }

    @Override
    public long getCommittedVirtualMemorySize() {
      return 4294967296L;
    }
  }

  static final class LinuxOs extends WindowsOs implements UnixOsMXBean {
    @Override
    public String getName() {
      return "Linux";
    }

    @Override
    public long getOpenFileDescriptorCount() {
      return 42;
    }

    @Override
    public long getMaxFileDescriptorCount() {
      return 1048576;
    }
  }

  /** A standard MBean: getThreadInfo answers CompositeData like the real MXBean does. */
  public interface ThreadingMBean {
    int getThreadCount();

    int getDaemonThreadCount();

    int getPeakThreadCount();

    long getTotalStartedThreadCount();

    long[] getAllThreadIds();

    CompositeData[] getThreadInfo(long[] ids, int maxDepth);

    long[] findDeadlockedThreads();

    long[] findMonitorDeadlockedThreads();
  }

  static final class Threading implements ThreadingMBean {
    @Override
    public int getThreadCount() {
      return 20;
    }

    @Override
    public int getDaemonThreadCount() {
      return 15;
    }

    @Override
    public int getPeakThreadCount() {
      return 22;
    }

    @Override
    public long getTotalStartedThreadCount() {
      return 40;
    }

    /** Id -1 is invalid (UNKNOWN); thread 4 ends before its info is read. */
    @Override
    public long[] getAllThreadIds() {
      return new long[] {1, 2, 3, 4, -1};
    }

    @Override
    public CompositeData[] getThreadInfo(long[] ids, int maxDepth) {
      String[] states = {"RUNNABLE", "WAITING", "TIMED_WAITING"};
      CompositeData[] infos = new CompositeData[ids.length];
      for (int i = 0; i < ids.length; i++) {
        infos[i] = ids[i] <= states.length ? threadInfo(states[(int) ids[i] - 1]) : null;
      }
      return infos;
    }

    @Override
    public long[] findDeadlockedThreads() {
      return new long[] {7, 8};
    }

    @Override
    public long[] findMonitorDeadlockedThreads() {
      return null;
    }

    private static CompositeData threadInfo(String state) {
      try {
        CompositeType type =
            new CompositeType(
                "java.lang.management.ThreadInfo",
                "thread",
                new String[] {"threadState"},
                new String[] {"threadState"},
                new OpenType<?>[] {SimpleType.STRING});
        return new CompositeDataSupport(type, new String[] {"threadState"}, new Object[] {state});
      } catch (OpenDataException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public interface DiagnosticCommandMBean {
    String vmNativeMemory(String[] args);
  }
}
