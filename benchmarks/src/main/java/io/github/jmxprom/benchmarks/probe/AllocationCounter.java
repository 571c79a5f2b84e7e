package io.github.jmxprom.benchmarks.probe;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * Heap bytes allocated by the whole JVM since it started, without JFR. On JDK 21+ this is {@code
 * com.sun.management.ThreadMXBean.getTotalThreadAllocatedBytes()}, which counts threads that have
 * ended. Before that it is the sum of {@code getThreadAllocatedBytes} over live threads plus the
 * last value seen for every thread that has since ended: exact for pooled threads (the exporters'
 * HTTP workers), an undercount only for a thread that is born and dies between two reads.
 */
final class AllocationCounter {

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private final Method total = totalMethod();
  private final Map<Long, Long> lastSeen = new HashMap<>();
  private long ended;

  /** The method that counts all threads, when this JDK has it (21+). */
  private static Method totalMethod() {
    try {
      return com.sun.management.ThreadMXBean.class.getMethod("getTotalThreadAllocatedBytes");
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** Whether ended threads are counted exactly (JDK 21+) or by their last observed value. */
  String method() {
    return total != null ? "getTotalThreadAllocatedBytes" : "sum-of-live-threads";
  }

  synchronized long allocatedBytes() {
    if (total != null) {
      try {
        long bytes = (Long) total.invoke(threads);
        if (bytes >= 0) {
          return bytes;
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // fall back to the per-thread sum
      }
    }
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    Map<Long, Long> live = new HashMap<>(ids.length * 2);
    long sum = 0;
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) {
        live.put(ids[i], bytes[i]);
        sum += bytes[i];
      }
    }
    for (Map.Entry<Long, Long> seen : lastSeen.entrySet()) {
      if (!live.containsKey(seen.getKey())) {
        ended += seen.getValue();
      }
    }
    lastSeen.clear();
    lastSeen.putAll(live);
    return sum + ended;
  }
}
