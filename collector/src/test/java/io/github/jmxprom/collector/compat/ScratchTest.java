package io.github.jmxprom.collector.compat;

import io.github.jmxprom.collector.testing.TestMBeans;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchTest {
  @Test
  void dump() throws Exception {
    var server = ManagementFactory.getPlatformMBeanServer();
    TestMBeans.register(server, TestMBeans.referenceSafe());
    try {
      try (var files = Files.list(Path.of("/tmp/scratch"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
          boolean improved = f.toString().contains("improved");
          if (improved)
            TestMBeans.register(
                server, io.github.jmxprom.collector.testing.HostileBeans.breakingReference());
          TestMBeans.reset();
          var r = ReferenceJmxExporter.get().scrape(Files.readString(f));
          if (improved)
            TestMBeans.unregister(
                server, io.github.jmxprom.collector.testing.HostileBeans.breakingReference());
          String text =
              r.text() == null
                  ? ""
                  : r.text()
                      .replaceAll(
                          "(?m)^.*(java_lang|java_nio|jdk_|com_sun_|JMImplementation|java_util_logging|jmx_config).*\n",
                          "");
          Files.writeString(
              Path.of(f.toString().replace(".yaml", ".out")),
              r.outcome()
                  + " walkFailed="
                  + r.walkFailed()
                  + " "
                  + r.failureSummary()
                  + "\n"
                  + text);
        }
      }
    } finally {
      TestMBeans.unregisterAll(server);
    }
  }
}
