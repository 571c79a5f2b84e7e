package io.github.jmxprom.runtime.jvm;

import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServerConnection;

/**
 * The monitored process, from its Runtime and OperatingSystem MXBeans (never from this JVM's {@code
 * /proc}): {@code process_cpu_seconds_total} ({@code ProcessCpuTime}), {@code
 * process_start_time_seconds} ({@code StartTime}), {@code process_open_fds} and {@code
 * process_max_fds} (Unix only), {@code process_virtual_memory_bytes} ({@code
 * CommittedVirtualMemorySize}, which HotSpot reads from {@code /proc/self/stat} on Linux: the same
 * number as client_java's {@code VmSize}; not on Windows, where it is the commit charge). No {@code
 * process_resident_memory_bytes}: no MXBean attribute holds it. Same names in client_java 0.x and
 * 1.x.
 */
final class ProcessMetrics {

  void startTime(MBeanServerConnection connection, Families out) throws IOException, JMException {
    Object millis = connection.getAttribute(Beans.RUNTIME, "StartTime");
    if (millis instanceof Number) {
      out.gauge(
          "process_start_time_seconds",
          "Start time of the process since unix epoch in seconds.",
          Unit.SECONDS,
          ((Number) millis).longValue() / 1000.0);
    }
  }

  void operatingSystem(MBeanServerConnection connection, Families out)
      throws IOException, JMException {
    Map<String, Object> os =
        Beans.attributes(
            connection,
            Beans.OPERATING_SYSTEM,
            "Name",
            "ProcessCpuTime",
            "OpenFileDescriptorCount",
            "MaxFileDescriptorCount",
            "CommittedVirtualMemorySize");
    Number cpuNanos = Beans.number(os, "ProcessCpuTime");
    if (cpuNanos != null && cpuNanos.longValue() >= 0) {
      out.counter(
          "process_cpu_seconds",
          "Total user and system CPU time spent in seconds.",
          Unit.SECONDS,
          cpuNanos.longValue() / 1e9);
    }
    Number openFds = Beans.number(os, "OpenFileDescriptorCount");
    if (openFds != null) {
      out.gauge(
          "process_open_fds", "Number of open file descriptors.", null, openFds.doubleValue());
    }
    Number maxFds = Beans.number(os, "MaxFileDescriptorCount");
    if (maxFds != null) {
      out.gauge(
          "process_max_fds",
          "Maximum number of open file descriptors.",
          null,
          maxFds.doubleValue());
    }
    Number virtual = Beans.number(os, "CommittedVirtualMemorySize");
    Object osName = os.get("Name");
    boolean windows = osName instanceof String && ((String) osName).startsWith("Windows");
    if (virtual != null && virtual.longValue() >= 0 && !windows) {
      out.gauge(
          "process_virtual_memory_bytes",
          "Virtual memory size in bytes.",
          Unit.BYTES,
          virtual.doubleValue());
    }
  }
}
