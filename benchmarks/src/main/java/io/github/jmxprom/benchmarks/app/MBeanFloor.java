package io.github.jmxprom.benchmarks.app;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the MBeanServer alone costs for one scrape of every bean, with no exporter work at all: one
 * {@code queryNames(null, null)} and, per bean, one {@code getAttributes} of the attributes that
 * can become a sample (readable, not String, array, ObjectName or char), with each bean's list
 * worked out once as an ideal exporter would. The runner asks for it in the target without an
 * agent; the CPU of a no-rules scrape can never go below it, so jmx_exporter's CPU divided by it
 * bounds the ratio any exporter can reach in that JVM.
 *
 * <pre>
 * GET /floor?passes=20  →  floor_cpu_ns 11500000 (mean per pass), beans, attributes
 * </pre>
 */
final class MBeanFloor {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final MBeanServer server;
  private final Map<ObjectName, String[]> attributes = new HashMap<>();

  MBeanFloor(MBeanServer server) {
    this.server = server;
  }

  /** Warms up with {@code passes} passes, then measures as many: the mean process CPU per pass. */
  synchronized String measure(int passes) {
    for (int i = 0; i < passes; i++) {
      pass();
    }
    int read = 0;
    long cpu = OS.getProcessCpuTime();
    for (int i = 0; i < passes; i++) {
      read = pass();
    }
    cpu = OS.getProcessCpuTime() - cpu;
    return "floor_cpu_ns "
        + cpu / passes
        + "\nbeans "
        + attributes.size()
        + "\nattributes "
        + read
        + "\n";
  }

  private int pass() {
    Set<ObjectName> names = server.queryNames(null, null);
    int read = 0;
    for (ObjectName name : names) {
      String[] wanted = attributes.computeIfAbsent(name, this::exportable);
      if (wanted.length == 0) {
        continue;
      }
      try {
        read += server.getAttributes(name, wanted).size();
      } catch (JMException e) {
        // gone meanwhile: as an exporter, skip it
      }
    }
    attributes.keySet().retainAll(names);
    return read;
  }

  private String[] exportable(ObjectName name) {
    List<String> wanted = new ArrayList<>();
    try {
      for (MBeanAttributeInfo info : server.getMBeanInfo(name).getAttributes()) {
        String type = info.getType();
        if (info.isReadable()
            && !type.equals("java.lang.String")
            && !type.startsWith("[")
            && !type.equals("javax.management.ObjectName")
            && !type.equals("char")
            && !type.equals("java.lang.Character")) {
          wanted.add(info.getName());
        }
      }
    } catch (JMException e) {
      // gone or undescribable: nothing to read
    }
    return wanted.toArray(new String[0]);
  }
}
