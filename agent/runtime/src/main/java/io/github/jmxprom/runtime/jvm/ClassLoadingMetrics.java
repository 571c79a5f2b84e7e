package io.github.jmxprom.runtime.jvm;

import java.io.IOException;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServerConnection;

/**
 * Class loading ({@code java.lang:type=ClassLoading}): {@code jvm_classes_currently_loaded}, {@code
 * jvm_classes_loaded_total}, {@code jvm_classes_unloaded_total}. Same names in client_java 0.x and
 * 1.x.
 */
final class ClassLoadingMetrics {

  void read(MBeanServerConnection connection, Families out) throws IOException, JMException {
    Map<String, Object> classes =
        Beans.attributes(
            connection,
            Beans.CLASS_LOADING,
            "LoadedClassCount",
            "TotalLoadedClassCount",
            "UnloadedClassCount");
    Number loaded = Beans.number(classes, "LoadedClassCount");
    if (loaded != null) {
      out.gauge(
          "jvm_classes_currently_loaded",
          "The number of classes that are currently loaded in the JVM",
          null,
          loaded.doubleValue());
    }
    Number total = Beans.number(classes, "TotalLoadedClassCount");
    if (total != null) {
      out.counter(
          "jvm_classes_loaded",
          "The total number of classes that have been loaded since the JVM has started execution",
          null,
          total.doubleValue());
    }
    Number unloaded = Beans.number(classes, "UnloadedClassCount");
    if (unloaded != null) {
      out.counter(
          "jvm_classes_unloaded",
          "The total number of classes that have been unloaded since the JVM has started"
              + " execution",
          null,
          unloaded.doubleValue());
    }
  }
}
