package io.github.jmxprom.runtime.jvm;

import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * The monitored JVM's version: client_java 1.x {@code jvm_runtime_info{runtime,vendor,version}},
 * 0.x {@code jvm_info{runtime,vendor,version}}, from the system properties {@code
 * java.runtime.name}, {@code java.vm.vendor} and {@code java.runtime.version} of that JVM (its
 * Runtime MXBean's {@code SystemProperties}), read once per connection.
 */
final class RuntimeInfoMetrics {

  private final JvmMetricNames names;
  private MBeanServerConnection readFrom; // guarded by this
  private Labels labels; // guarded by this

  RuntimeInfoMetrics(JvmMetricNames names) {
    this.names = names;
  }

  void read(MBeanServerConnection connection, Families out) throws IOException, JMException {
    Labels info = labels(connection);
    if (names.includesCurrent()) {
      out.add(info("jvm_runtime", "JVM runtime info", info));
    }
    if (names.includesLegacy()) {
      out.add(info("jvm", "VM version info", info));
    }
  }

  private synchronized Labels labels(MBeanServerConnection connection)
      throws IOException, JMException {
    if (connection != readFrom) {
      Object properties = connection.getAttribute(Beans.RUNTIME, "SystemProperties");
      labels =
          Labels.of(
              "runtime", property(properties, "java.runtime.name"),
              "vendor", property(properties, "java.vm.vendor"),
              "version", property(properties, "java.runtime.version"));
      readFrom = connection;
    }
    return labels;
  }

  private static String property(Object properties, String key) {
    if (properties instanceof TabularData) {
      CompositeData row = ((TabularData) properties).get(new Object[] {key});
      if (row != null && row.containsKey("value") && row.get("value") instanceof String) {
        return (String) row.get("value");
      }
    }
    return "unknown";
  }

  private static InfoSnapshot info(String name, String help, Labels labels) {
    return InfoSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(labels).build())
        .build();
  }
}
