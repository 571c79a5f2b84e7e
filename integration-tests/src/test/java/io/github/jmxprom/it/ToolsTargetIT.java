package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.app.App;
import io.github.jmxprom.it.harness.ChildJvm;
import io.github.jmxprom.it.harness.ChildJvms;
import io.github.jmxprom.it.harness.ConfigFiles;
import io.github.jmxprom.it.harness.FreePort;
import io.github.jmxprom.it.harness.Jars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The standalone jar's {@code dump}, {@code explain} and {@code lint} against real JVMs: a target
 * with the JDK's JMX remote port (authentication and TLS off, on 127.0.0.1), named as {@code
 * host:port} and as a {@code service:jmx:rmi:} URL, and a local JVM without a port named {@code
 * pid:<n>} (its local management agent started through the Attach API), on Java 17 and 25. On each,
 * {@code explain --target} prints exactly what {@code explain --inventory} prints on a {@code dump}
 * of the same JVM, for the test app's beans whose values do not change (its pid, two fixed request
 * counters that collide and get {@code _objectname}), and {@code lint} says the same on both. An
 * unreachable target is one line naming it, with exit status 2.
 */
class ToolsTargetIT {

  static final Duration START = Duration.ofSeconds(30);
  static final Duration TOOL = Duration.ofSeconds(60);

  static final String CATALINA = "Catalina:type=GlobalRequestProcessor,name=\"http-nio-8080\"";

  /**
   * The app's beans with fixed values: its pid, and errorCount (0) and maxTime (17) of the
   * Tomcat-like bean, whose rising counters are excluded. The two fixed ones get the same name.
   */
  static final String CONFIG =
      "includeObjectNames: ['io.github.jmxprom.it:type=Identity', 'Catalina:*']\n"
          + "excludeObjectNameAttributes:\n"
          + "  '"
          + CATALINA
          + "': [requestCount, bytesSent]\n"
          + "rules:\n"
          + "  - pattern: 'io.github.jmxprom.it<type=Identity><>Pid'\n"
          + "    name: app_pid\n"
          + "    type: GAUGE\n"
          + "  - pattern: 'Catalina<type=GlobalRequestProcessor, name=\"(.+)\"><>(errorCount|maxTime)'\n"
          + "    name: tomcat_fixed\n"
          + "    labels: {connector: $1}\n";

  @RegisterExtension final ChildJvms jvms = ChildJvms.perTest();
  @TempDir Path dir;

  @Test
  void aTargetWithAJmxPortByHostPortAndByServiceUrl() throws Exception {
    int port = FreePort.pick();
    ChildJvm target =
        jvms.start(ChildJvm.app("target").mainClass(App.class).jmxRemote(port).args(180));
    target.waitFor("APP READY", START);

    sameOnTargetAndDump("127.0.0.1:" + port, target.pid());
    sameOnTargetAndDump(
        "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi", target.pid());
  }

  @ParameterizedTest(name = "target on Java {0}")
  @ValueSource(ints = {17, 25})
  void aLocalJvmWithoutPortByPid(int feature) throws Exception {
    Path home = AttachIT.requireJdk(feature);
    ChildJvm target =
        jvms.start(ChildJvm.app("target").javaHome(home).mainClass(App.class).args(180));
    target.waitFor("APP READY", START);

    sameOnTargetAndDump("pid:" + target.pid(), target.pid());
  }

  @Test
  void anUnreachableTargetIsOneLineNamingItWithStatusTwo() throws Exception {
    Path config = ConfigFiles.write(dir, "tools.yaml", CONFIG);
    int free = FreePort.pick();
    String refused =
        ": connection refused: no JMX connector listens there (a JVM opens one with"
            + " -Dcom.sun.management.jmxremote.port=<port>)";
    long gone = ProcessHandle.current().pid() + 1_000_000_000L;
    for (String address :
        List.of(
            "127.0.0.1:" + free,
            "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + free + "/jmxrmi",
            "pid:" + gone)) {
      String why =
          address.startsWith("pid:")
              ? ": cannot attach to pid "
                  + gone
                  + ": no such process (check the pid; `java -jar jmxprom-javaagent.jar list`"
                  + " lists the local JVMs)"
              : refused;
      Run dump = tool("dump", "--target", address, "--out", dir.resolve("never.json"));
      Run explain = tool("explain", config, "--target", address);
      Run lint = tool("lint", config, "--target", address);
      for (Run run : List.of(dump, explain, lint)) {
        assertThat(run.status).as(run.output).isEqualTo(2);
        assertThat(run.output).isEqualTo(run.name + ": cannot read the MBeans of " + address + why);
      }
    }
    assertThat(dir.resolve("never.json")).doesNotExist();
  }

  /**
   * dump, then explain and lint on the target and on the dump: the same lines, and what they say
   * about the app's beans.
   */
  private void sameOnTargetAndDump(String address, long pid) throws Exception {
    Path config = ConfigFiles.write(dir, "tools.yaml", CONFIG);
    Path inventory = dir.resolve("inventory-" + Math.abs(address.hashCode()) + ".json");

    Run dump = tool("dump", "--target", address, "--out", inventory);
    assertThat(dump.status).as(dump.output).isZero();
    assertThat(dump.output)
        .matches("dump: [1-9][0-9]* values from " + quote(address) + " written to " + inventory);
    assertThat(Files.readString(inventory)).startsWith("{\"source\": \"" + address + "\"");

    Run onTarget = tool("explain", config, "--target", address);
    Run onDump = tool("explain", config, "--inventory", inventory);
    assertThat(onTarget.status).as(onTarget.output).isZero();
    assertThat(onDump.status).as(onDump.output).isZero();
    assertThat(onTarget.output).isEqualTo(onDump.output);
    String collision = "Catalina<type=GlobalRequestProcessor, name=\"http-nio-8080\"><>";
    assertThat(onTarget.output)
        .isEqualTo(
            // In the order a walk with the config reads the beans (a HashSet's, fixed by the
            // names).
            collision
                + "errorCount: 0\n"
                + "  rules[1] 'Catalina<type=GlobalRequestProcessor, name=\"(.+)\"><>(errorCount|maxTime)'"
                + " -> tomcat_fixed{_objectname=\""
                + collision.replace("\"", "\\\"")
                + "errorCount\",connector=\"http-nio-8080\"} 0 unknown\n"
                + "  _objectname added: tomcat_fixed{connector=\"http-nio-8080\"} also comes from "
                + collision
                + "maxTime: 17 (rules[1])\n"
                + collision
                + "maxTime: 17\n"
                + "  rules[1] 'Catalina<type=GlobalRequestProcessor, name=\"(.+)\"><>(errorCount|maxTime)'"
                + " -> tomcat_fixed{_objectname=\""
                + collision.replace("\"", "\\\"")
                + "maxTime\",connector=\"http-nio-8080\"} 17 unknown\n"
                + "  _objectname added: tomcat_fixed{connector=\"http-nio-8080\"} also comes from "
                + collision
                + "errorCount: 0 (rules[1])\n"
                + "io.github.jmxprom.it<type=Identity><>Pid: "
                + pid
                + "\n  rules[0] 'io.github.jmxprom.it<type=Identity><>Pid' -> app_pid "
                + pid
                + " gauge\n"
                + "3 values, 3 samples, 3 served, 0 dropped");

    // With --bean, only the values of the beans it matches.
    Run oneBean = tool("explain", config, "--target", address, "--bean", "Catalina:*");
    assertThat(oneBean.output)
        .isEqualTo(tool("explain", config, "--inventory", inventory, "--bean", "Catalina:*").output)
        .doesNotContain("Identity")
        .contains("_objectname added")
        .endsWith("2 values, 2 samples, 2 served, 0 dropped");

    Run lintTarget = tool("lint", config, "--target", address);
    Run lintDump = tool("lint", config, "--inventory", inventory);
    assertThat(lintTarget.status).as(lintTarget.output).isZero();
    assertThat(lintDump.status).as(lintDump.output).isZero();
    assertThat(lintTarget.output.replace(" on " + address, " on " + inventory))
        .isEqualTo(lintDump.output);
    assertThat(lintTarget.output)
        .contains("rules[0] 'io.github.jmxprom.it<type=Identity><>Pid': 1 attributes, 1 samples")
        .contains(": note: 2 of its samples have the same name and labels as others")
        .endsWith(": 3 samples, 3 series from 2 rules on " + address);
  }

  private static String quote(String text) {
    return java.util.regex.Pattern.quote(text);
  }

  private static final class Run {
    final String name;
    final int status;
    final String output;

    Run(String name, int status, String output) {
      this.name = name;
      this.status = status;
      this.output = output;
    }
  }

  /** Runs {@code java -jar jmxprom-standalone.jar args...} with the test's JDK. */
  private Run tool(Object... args) {
    ChildJvm tool = jvms.start(ChildJvm.jar("jmxprom " + args[0], Jars.standalone()).args(args));
    int status = tool.waitForExit(TOOL);
    return new Run(String.valueOf(args[0]), status, tool.output());
  }
}
