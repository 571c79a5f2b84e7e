package io.github.jmxprom.runtime.jvm;

import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServerConnection;

/**
 * JIT compilation time ({@code java.lang:type=Compilation}): client_java 1.x {@code
 * jvm_compilation_time_seconds_total}, only when the JVM has a JIT and monitors its time (as
 * client_java). Not in client_java 0.x.
 */
final class CompilationMetrics {

  void read(MBeanServerConnection connection, Families out) throws IOException, JMException {
    Map<String, Object> compilation =
        Beans.attributes(
            connection,
            Beans.COMPILATION,
            "CompilationTimeMonitoringSupported",
            "TotalCompilationTime");
    Number millis = Beans.number(compilation, "TotalCompilationTime");
    if (Boolean.TRUE.equals(compilation.get("CompilationTimeMonitoringSupported"))
        && millis != null) {
      out.counter(
          "jvm_compilation_time_seconds",
          "The total time in seconds taken for HotSpot class compilation",
          Unit.SECONDS,
          millis.longValue() / 1000.0);
    }
  }
}
