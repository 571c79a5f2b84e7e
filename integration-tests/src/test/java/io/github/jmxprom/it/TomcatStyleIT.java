package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.app.App;
import io.github.jmxprom.it.harness.ChildJvm;
import io.github.jmxprom.it.harness.ChildJvms;
import io.github.jmxprom.it.harness.ConfigFiles;
import io.github.jmxprom.it.harness.Exposition;
import io.github.jmxprom.it.harness.FreePort;
import io.github.jmxprom.it.harness.Http;
import io.github.jmxprom.it.harness.Jars;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up of issue B as a Tomcat user writes it: JMX remote on its own port, the agent, and a
 * jmx_exporter 0.x config whose {@code hostPort} names that same port.
 */
class TomcatStyleIT {

  static final Duration START = Duration.ofSeconds(30);
  static final String CATALINA_REQUESTS = "Catalina_GlobalRequestProcessor_requestCount";
  static final String TOMCAT_JNDI_FACTORY = "org.apache.naming.java.javaURLContextFactory";

  @RegisterExtension final ChildJvms jvms = ChildJvms.perTest();
  @TempDir Path dir;

  final Http http = Http.plain();

  @Test
  void ownJmxPortInHostPortIsReadDirectlyFromThePlatformMBeanServer() {
    int jmxPort = FreePort.pick();
    int agentPort = FreePort.pick();
    Path config =
        ConfigFiles.write(
            dir,
            "tomcat_" + agentPort + ".yaml",
            "startDelaySeconds: 0\n"
                + "hostPort: 127.0.0.1:"
                + jmxPort
                + "\n"
                + "ssl: false\n"
                + "lowercaseOutputName: false\n"
                + "lowercaseOutputLabelNames: false\n");
    ChildJvm tomcat =
        jvms.start(
            ChildJvm.app("tomcat-like")
                .mainClass(App.class)
                .jvmOptions(
                    "-Dcom.sun.management.jmxremote",
                    "-Dcom.sun.management.jmxremote.port=" + jmxPort,
                    "-Dcom.sun.management.jmxremote.authenticate=false",
                    "-Dcom.sun.management.jmxremote.ssl=false",
                    // Not in the user's set-up: keeps any RMI traffic on the loopback address.
                    "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                    "-Djava.rmi.server.hostname=127.0.0.1")
                .javaagent(Jars.agent(), agentPort + ":" + config)
                .args(120));
    tomcat.waitFor("APP READY", START);

    String base = "http://127.0.0.1:" + agentPort;
    Exposition metrics = http.scrape(base);
    assertThat(metrics.value(CATALINA_REQUESTS, "name", "\"http-nio-8080\"")).isPositive();
    assertThat(metrics.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
    assertThat(metrics.value("jvm_memory_max_bytes", "area", "heap")).isPositive();
    assertThat(metrics.value("jmx_scrape_error")).isZero();
    assertThat(http.scrape(base).value("jmx_scrape_error")).isZero();

    Pattern direct =
        Pattern.compile(
            Pattern.quote("/jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi")
                + ".*own JMX port.*platform MBeanServer directly");
    tomcat.waitFor(direct, Duration.ofSeconds(5));
    assertThat(tomcat.count(direct)).as("said once").isEqualTo(1);
  }

  @Test
  void remoteJmxWorksInAJvmWhoseJndiFactoryTheAgentCannotLoad() {
    int targetJmxPort = FreePort.pick();
    ChildJvm target =
        jvms.start(
            ChildJvm.app("remote-target").mainClass(App.class).jmxRemote(targetJmxPort).args(120));
    target.waitFor("APP READY", START);

    int agentPort = FreePort.pick();
    String url = "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + targetJmxPort + "/jmxrmi";
    Path config =
        ConfigFiles.write(
            dir,
            "remote.yaml",
            "hostPort: 127.0.0.1:" + targetJmxPort + "\nlowercaseOutputName: false\n");
    ChildJvm tomcat =
        jvms.start(
            ChildJvm.app("tomcat-like-jndi")
                .mainClass(App.class)
                .jvmOptions(
                    "-Djava.naming.factory.initial=" + TOMCAT_JNDI_FACTORY,
                    "-D" + App.PROBE_PROPERTY + "=" + url)
                .javaagent(Jars.agent(), "127.0.0.1:" + agentPort + ":" + config)
                .args(120));
    tomcat.waitFor("APP READY", START);
    // The trap is real: the usual connect fails in this JVM, as jmx_exporter's does in Tomcat.
    assertThat(tomcat.waitFor(Pattern.compile("APP JMX PROBE .*"), START).group())
        .contains("failed")
        .contains("NoInitialContextException");

    Exposition metrics = http.scrape("http://127.0.0.1:" + agentPort);
    assertThat(metrics.value("jmx_scrape_error")).isZero();
    assertThat(metrics.value("io_github_jmxprom_it_Identity_Pid"))
        .as("the remote JVM's beans")
        .isEqualTo(target.pid());
    assertThat(metrics.value(CATALINA_REQUESTS, "name", "\"http-nio-8080\"")).isPositive();
  }
}
