package io.github.jmxprom.collector.jmx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The MBean domains that {@code excludeJvmMetrics: true} drops from the walk, because the agent's
 * client_java JVM metrics already cover them (the list jmx_exporter uses).
 */
final class JvmDomains {

  static final List<ObjectName> PATTERNS = patterns();

  private JvmDomains() {}

  static boolean matches(ObjectName name) {
    for (ObjectName pattern : PATTERNS) {
      if (pattern.apply(name)) {
        return true;
      }
    }
    return false;
  }

  private static List<ObjectName> patterns() {
    String[] domains = {
      "com.sun.management",
      "com.sun.management.jmxremote",
      "java.lang",
      "java.nio",
      "java.util.logging",
      "javax.management",
      "javax.management.remote",
      "jdk.internal",
      "jdk.management",
      "jdk.management.jfr",
      "sun.management"
    };
    List<ObjectName> result = new ArrayList<>();
    for (String domain : domains) {
      try {
        result.add(new ObjectName(domain + ":*"));
      } catch (MalformedObjectNameException e) {
        throw new IllegalStateException(e);
      }
    }
    return Collections.unmodifiableList(result);
  }
}
