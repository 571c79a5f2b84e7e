package io.github.jmxprom.standalone.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class LocalJvmsTest {

  @Test
  void theListLeavesOutTheExportersOwnJvm() throws IOException {
    long self = ProcessHandle.current().pid();

    assertThat(LocalJvms.ownPid()).isEqualTo(self);
    assertThat(LocalJvms.list()).noneMatch(jvm -> jvm.getPid() == self);
  }

  @Test
  void theMainClassIsTheFirstWordOfTheDisplayName() {
    assertThat(LocalJvms.mainClass("org.apache.zookeeper.server.quorum.QuorumPeerMain zoo.cfg"))
        .isEqualTo("org.apache.zookeeper.server.quorum.QuorumPeerMain");
    assertThat(LocalJvms.mainClass("/opt/app.jar")).isEqualTo("/opt/app.jar");
    assertThat(LocalJvms.mainClass("")).isEmpty();
    assertThat(LocalJvms.mainClass(null)).isEmpty();
  }

  @Test
  void aPidWithoutAJvmIsAClearError() {
    long none = Long.MAX_VALUE / 2;
    assertThatThrownBy(() -> LocalJvms.connectorAddress(none))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot attach to pid " + none)
        .hasMessageContaining("same user");
  }

  @Test
  void timeoutsFollowPrometheusHeaderLessHalfASecond() {
    assertThat(ProbeHandler.timeoutNanos(null)).isEqualTo(ProbeHandler.DEFAULT_TIMEOUT_NANOS);
    assertThat(ProbeHandler.timeoutNanos("10")).isEqualTo(9_500_000_000L);
    assertThat(ProbeHandler.timeoutNanos("0.3")).isEqualTo(200_000_000L);
    assertThat(ProbeHandler.timeoutNanos("x")).isEqualTo(ProbeHandler.DEFAULT_TIMEOUT_NANOS);
    assertThat(ProbeHandler.timeoutNanos("-1")).isEqualTo(ProbeHandler.DEFAULT_TIMEOUT_NANOS);
  }
}
