package io.github.jmxprom.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.runtime.Exporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of attach, list and detach; the attaching itself is tested by AttachIT. */
class AgentCommandsTest {

  private String out;
  private String err;

  private int run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int status =
        AgentCommands.run(
            args,
            new PrintStream(o, true, StandardCharsets.UTF_8),
            new PrintStream(e, true, StandardCharsets.UTF_8));
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return status;
  }

  @Test
  void helpShowsEveryCommandAndTheJavaagentForm() {
    assertThat(run("--help")).isZero();
    assertThat(out)
        .contains("attach <pid> [host:]port:config.yaml")
        .contains("jmxprom-javaagent.jar list")
        .contains("detach <pid>")
        .contains("-javaagent:jmxprom-javaagent.jar=[host:]port:");
    for (String command : new String[] {"attach", "list", "detach"}) {
      assertThat(run(command, "--help")).isZero();
      assertThat(out).startsWith("usage: java -jar jmxprom-javaagent.jar attach <pid>");
    }
  }

  @Test
  void wrongArgumentsAreUsageErrorsWithStatusTwo() {
    assertThat(run("attach", "12x", "9404:c.yaml")).isEqualTo(2);
    assertThat(err).startsWith("jmxprom: not a pid: 12x");
    assertThat(run("attach", "42")).isEqualTo(2);
    assertThat(err).startsWith("jmxprom: unexpected arguments attach 42");
    assertThat(run("attach", "42", "")).isEqualTo(2);
    assertThat(err).contains("no arguments; expected");
    assertThat(run("list", "extra")).isEqualTo(2);
    assertThat(run("detach")).isEqualTo(2);
  }

  @Test
  void argumentsTooLongForAnAttachAreNamedWithTheirSize() {
    String jar = "/opt/" + "d".repeat(500) + "/jmxprom-javaagent.jar";
    String arguments = JmxPromAgent.withJar(new java.io.File(jar), "9404:/etc/jmxprom/c.yaml");
    assertThat(AgentCommands.tooLong("/opt/jmxprom-javaagent.jar", "9404:/c.yaml")).isNull();
    assertThat(AgentCommands.tooLong(jar, arguments))
        .isEqualTo(
            "the agent jar's path (twice) and the agent arguments take 1097 bytes, more than the"
                + " 1024 an attach to this Java may carry: put the jar or the config file under a"
                + " shorter path");
  }

  /**
   * HotSpot's refusal of a dynamic agent, as Java 17 and 25 word it (measured), is recognised from
   * the answer alone, since the option may come from JAVA_TOOL_OPTIONS; AttachIT checks it on real
   * JVMs.
   */
  @Test
  void aJvmThatForbidsDynamicAgentsIsRecognisedByItsAnswer() {
    long gone = 999_999_999L;
    String java17 =
        "AgentLoadException: Failed to load agent library: Dynamic agent loading is not enabled."
            + " Use -XX:+EnableDynamicAgentLoading to launch target VM.";
    String java25 =
        "AgentLoadException: Dynamic agent loading is not enabled. Use"
            + " -XX:+EnableDynamicAgentLoading to launch target VM.";
    for (String answer : new String[] {java17, java25}) {
      assertThat(AgentCommands.dynamicLoadingRefusal(gone, answer, "restart it with -javaagent:"))
          .startsWith("it was started with -XX:-EnableDynamicAgentLoading (not on its command line")
          .contains("forbids loading an agent into it while it runs; restart it with -javaagent:.")
          .endsWith("it answered: " + answer);
    }
    assertThat(AgentCommands.dynamicLoadingRefusal(gone, "AgentLoadException: other", "x"))
        .isNull();
  }

  @Test
  void aPidThatDoesNotExistIsNamed() {
    assertThat(run("detach", "999999999")).isEqualTo(1);
    assertThat(err).contains("no process with pid 999999999");
  }

  /** The message AttachIT sees for real, root and nobody; here the wording of both directions. */
  @Test
  void aJvmOfAnotherUserNamesBothUsersAndTheCommandToRunInstead() {
    assertThat(
            AgentCommands.otherUser(
                42, "root", "nobody", "/opt/j.jar", "attach 42 9404:/etc/jmxprom/c.yaml"))
        .isEqualTo(
            "pid 42 runs as user 'root' and this command as 'nobody'; a JVM lets only its own user"
                + " and root attach to it: run the command as 'root': sudo java -jar /opt/j.jar"
                + " attach 42 9404:/etc/jmxprom/c.yaml");
    assertThat(AgentCommands.otherUser(42, "tomcat", "me", "/opt/j.jar", "detach 42"))
        .isEqualTo(
            "pid 42 runs as user 'tomcat' and this command as 'me'; a JVM lets only its own user"
                + " and root attach to it: run the command as 'tomcat' or as root: sudo -u tomcat"
                + " java -jar /opt/j.jar detach 42");
  }

  /**
   * list shows the running JVMs of other users from the names of their perf-data files: not this
   * user's own (the Attach API lists those), not those the Attach API listed, not ended ones.
   */
  @Test
  void listFindsTheJvmsOfOtherUsersByTheirPerfDataFiles(@TempDir Path tmp) throws Exception {
    long self = ProcessHandle.current().pid();
    touch(tmp.resolve("hsperfdata_root"), "1", "999999999", "notapid");
    touch(tmp.resolve("hsperfdata_me"), Long.toString(self));
    touch(tmp.resolve("hsperfdata_tomcat"), Long.toString(self));
    Files.write(tmp.resolve("hsperfdata_file"), new byte[0]);
    assertThat(AgentCommands.otherUsersJvms(tmp.toFile(), List.of(self), "me"))
        .containsExactly(Map.entry(1L, "root"));
    assertThat(AgentCommands.otherUsersJvms(tmp.toFile(), List.of(), "me"))
        .containsExactly(Map.entry(1L, "root"), Map.entry(self, "tomcat"));
    assertThat(AgentCommands.otherUsersJvms(tmp.resolve("missing").toFile(), List.of(), "me"))
        .isEmpty();
  }

  private static void touch(Path directory, String... files) throws Exception {
    Files.createDirectories(directory);
    for (String file : files) {
      Files.write(directory.resolve(file), new byte[0]);
    }
  }

  @Test
  void aRunningAgentIsDescribedByWhatItServes() {
    assertThat(AgentCommands.describeRunning(status("127.0.0.1:9404", 9404)))
        .isEqualTo(
            "jmxprom 1.2.0 serving http://127.0.0.1:9404/metrics (port 9404, /etc/jmxprom/c.yaml)");
    // OpenTelemetry only: the agent writes the address as Agent.install does, with port -1.
    assertThat(AgentCommands.describeRunning(status(Exporter.address(null, 0), -1)))
        .isEqualTo(
            "jmxprom 1.2.0 pushing metrics over OpenTelemetry, no HTTP port (/etc/jmxprom/c.yaml)");
    assertThat(AgentCommands.describeRunning(new Properties())).isEmpty();
  }

  /** The properties AgentStatus.started writes in the target JVM. */
  private static Properties status(String address, int port) {
    Properties p = new Properties();
    p.setProperty(AgentStatus.ADDRESS, address);
    p.setProperty(AgentStatus.PORT, Integer.toString(port));
    p.setProperty(AgentStatus.CONFIG, "/etc/jmxprom/c.yaml");
    p.setProperty(AgentStatus.VERSION, "1.2.0");
    return p;
  }
}
