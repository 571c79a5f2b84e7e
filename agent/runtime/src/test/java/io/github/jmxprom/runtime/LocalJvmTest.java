package io.github.jmxprom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The local JVMs as the Attach API lists them, as the agent's list and the standalone show them.
 */
class LocalJvmTest {

  @Test
  void theListLeavesOutThisJvm() throws IOException, ClassNotFoundException {
    long self = ProcessHandle.current().pid();

    assertThat(LocalJvm.ownPid()).isEqualTo(self);
    assertThat(LocalJvm.list(Class.forName("com.sun.tools.attach.VirtualMachine")))
        .noneMatch(jvm -> jvm.getPid() == self);
  }

  @Test
  void theMainClassIsTheFirstWordOfTheDisplayName() {
    assertThat(LocalJvm.mainClass("org.apache.zookeeper.server.quorum.QuorumPeerMain zoo.cfg"))
        .isEqualTo("org.apache.zookeeper.server.quorum.QuorumPeerMain");
    assertThat(LocalJvm.mainClass("/opt/app.jar")).isEqualTo("/opt/app.jar");
    assertThat(LocalJvm.mainClass("")).isEmpty();
    assertThat(LocalJvm.mainClass(null)).isEmpty();
  }

  @Test
  void aPidIsANumberOrMinusOne() {
    assertThat(LocalJvm.parsePid(" 4242 ")).isEqualTo(4242);
    assertThat(LocalJvm.parsePid("4242@host")).isEqualTo(-1);
  }
}
