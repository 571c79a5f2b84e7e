package io.github.jmxprom.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * The entry class's contract with the attach command: how the jar travels in the agent arguments,
 * and the names it refers to without loading them. Loading the agent from that jar in a loader of
 * its own is tested by AttachIT, against the shaded jar.
 */
class JmxPromAgentTest {

  @Test
  void theJarTravelsInFrontOfTheArgumentsAsAFileUriWithoutSpaces() {
    File jar = new File("/opt/jmx prom/ä/jmxprom-javaagent-0.2.0.jar");
    String arguments = JmxPromAgent.withJar(jar, "127.0.0.1:9404:/etc/my config.yaml");

    assertThat(arguments)
        .isEqualTo(
            "jmxprom.jar=file:/opt/jmx%20prom/%C3%A4/jmxprom-javaagent-0.2.0.jar"
                + " 127.0.0.1:9404:/etc/my config.yaml");
    assertThat(Paths.get(URI.create(JmxPromAgent.jarOf(arguments))))
        .isEqualTo(Path.of("/opt/jmx prom/ä/jmxprom-javaagent-0.2.0.jar"));
    assertThat(JmxPromAgent.argumentsOf(arguments)).isEqualTo("127.0.0.1:9404:/etc/my config.yaml");
    assertThat(JmxPromAgent.argumentsOf(JmxPromAgent.withJar(jar, JmxPromAgent.DETACH)))
        .isEqualTo("detach");
  }

  @Test
  void argumentsWithoutTheJarAreTheJavaagentFormUnchanged() {
    assertThat(JmxPromAgent.jarOf("9404:/etc/jmxprom/config.yaml")).isNull();
    assertThat(JmxPromAgent.jarOf(null)).isNull();
    assertThat(JmxPromAgent.jarOf("detach")).isNull();
  }

  @Test
  void theNamesTheEntryClassUsesAsTextAreTheRealOnes() {
    assertThat(JmxPromAgent.AGENT).isEqualTo(Agent.class.getName());
    assertThat(JmxPromAgent.ERROR).isEqualTo(AgentStatus.ERROR);
    assertThat(JmxPromAgent.DETACH).isEqualTo(AgentCommands.DETACH);
  }
}
