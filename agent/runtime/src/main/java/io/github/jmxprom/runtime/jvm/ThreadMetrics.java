package io.github.jmxprom.runtime.jvm;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.openmbean.CompositeData;

/**
 * Threads ({@code java.lang:type=Threading}): counts from attributes, deadlocks and states from the
 * {@code findDeadlockedThreads}, {@code findMonitorDeadlockedThreads} and {@code getThreadInfo}
 * operations (which a read-only JMX user may not be allowed to invoke: then only those families are
 * missing). Same names in client_java 0.x and 1.x.
 */
final class ThreadMetrics {

  private static final String UNKNOWN = "UNKNOWN";

  void counts(MBeanServerConnection connection, Families out) throws IOException, JMException {
    Map<String, Object> threads =
        Beans.attributes(
            connection,
            Beans.THREADING,
            "ThreadCount",
            "DaemonThreadCount",
            "PeakThreadCount",
            "TotalStartedThreadCount");
    gauge(out, "jvm_threads_current", "Current thread count of a JVM", threads, "ThreadCount");
    gauge(out, "jvm_threads_daemon", "Daemon thread count of a JVM", threads, "DaemonThreadCount");
    gauge(out, "jvm_threads_peak", "Peak thread count of a JVM", threads, "PeakThreadCount");
    Number started = Beans.number(threads, "TotalStartedThreadCount");
    if (started != null) {
      out.counter(
          "jvm_threads_started", "Started thread count of a JVM", null, started.doubleValue());
    }
  }

  void deadlocks(MBeanServerConnection connection, Families out) throws IOException, JMException {
    out.gauge(
        "jvm_threads_deadlocked",
        "Cycles of JVM-threads that are in deadlock waiting to acquire object monitors or"
            + " ownable synchronizers",
        null,
        length(connection.invoke(Beans.THREADING, "findDeadlockedThreads", null, null)));
    out.gauge(
        "jvm_threads_deadlocked_monitor",
        "Cycles of JVM-threads that are in deadlock waiting to acquire object monitors",
        null,
        length(connection.invoke(Beans.THREADING, "findMonitorDeadlockedThreads", null, null)));
  }

  /** Like client_java: thread ids <= 0 count as UNKNOWN, the others by their ThreadInfo state. */
  void states(MBeanServerConnection connection, Families out) throws IOException, JMException {
    long[] ids = (long[]) connection.getAttribute(Beans.THREADING, "AllThreadIds");
    int valid = 0;
    for (long id : ids) {
      if (id > 0) {
        ids[valid++] = id;
      }
    }
    long[] validIds = new long[valid];
    System.arraycopy(ids, 0, validIds, 0, valid);
    Object[] infos =
        (Object[])
            connection.invoke(
                Beans.THREADING,
                "getThreadInfo",
                new Object[] {validIds, 0},
                new String[] {long[].class.getName(), int.class.getName()});
    Map<String, Integer> counts = new TreeMap<>();
    for (Thread.State state : Thread.State.values()) {
      counts.put(state.name(), 0);
    }
    counts.put(UNKNOWN, ids.length - valid);
    for (Object info : infos) {
      if (info instanceof CompositeData && ((CompositeData) info).containsKey("threadState")) {
        Object state = ((CompositeData) info).get("threadState");
        if (state instanceof String) {
          Integer count = counts.get(state);
          counts.put((String) state, count == null ? 1 : count + 1);
        }
      }
    }
    out.gauge("jvm_threads_state", "Current count of threads by state", null, "state", counts);
  }

  private static void gauge(
      Families out, String name, String help, Map<String, Object> attributes, String attribute) {
    Number value = Beans.number(attributes, attribute);
    if (value != null) {
      out.gauge(name, help, null, value.doubleValue());
    }
  }

  private static double length(Object threadIds) {
    return threadIds instanceof long[] ? ((long[]) threadIds).length : 0;
  }
}
