package io.github.jmxprom.runtime.jvm;

import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.MBeanServerConnection;

/**
 * Native memory tracking: client_java 1.x {@code jvm_native_memory_reserved_bytes{pool}} and {@code
 * jvm_native_memory_committed_bytes{pool}}, from the {@code vmNativeMemory summary scale=B}
 * diagnostic command, which is cheap and works over a remote connection. Only when the monitored
 * JVM runs with {@code -XX:NativeMemoryTracking=summary}; once a connection answers that tracking
 * is off (or the command fails), it is not asked again. Not in client_java 0.x.
 */
final class NativeMemoryMetrics {

  // client_java's pattern, so that the pool label values are the same.
  private static final Pattern CATEGORY =
      Pattern.compile("\\s*([A-Z][A-Za-z\\s]*[A-Za-z]+).*reserved=(\\d+), committed=(\\d+)");
  private static final String NOT_ENABLED = "Native memory tracking is not enabled";

  private MBeanServerConnection disabledOn; // guarded by this

  void read(MBeanServerConnection connection, Families out) throws IOException, JMException {
    synchronized (this) {
      if (connection == disabledOn) {
        return;
      }
    }
    String summary;
    try {
      summary =
          (String)
              connection.invoke(
                  Beans.DIAGNOSTIC_COMMAND,
                  "vmNativeMemory",
                  new Object[] {new String[] {"summary", "scale=B"}},
                  new String[] {String[].class.getName()});
    } catch (JMException | RuntimeException e) {
      disable(connection);
      throw e;
    }
    if (summary == null || summary.trim().isEmpty() || summary.contains(NOT_ENABLED)) {
      disable(connection);
      return;
    }
    Map<String, Long> reserved = new LinkedHashMap<>();
    Map<String, Long> committed = new LinkedHashMap<>();
    Matcher matcher = CATEGORY.matcher(summary);
    while (matcher.find()) {
      String category = matcher.group(1);
      if (!reserved.containsKey(category)) {
        reserved.put(category, Long.parseLong(matcher.group(2)));
        committed.put(category, Long.parseLong(matcher.group(3)));
      }
    }
    out.gauge(
        "jvm_native_memory_reserved_bytes",
        "Reserved bytes of a given JVM. Reserved memory represents the total amount of memory the"
            + " JVM can potentially use.",
        Unit.BYTES,
        "pool",
        reserved);
    out.gauge(
        "jvm_native_memory_committed_bytes",
        "Committed bytes of a given JVM. Committed memory represents the amount of memory the JVM"
            + " is using right now.",
        Unit.BYTES,
        "pool",
        committed);
  }

  private synchronized void disable(MBeanServerConnection connection) {
    disabledOn = connection;
  }
}
