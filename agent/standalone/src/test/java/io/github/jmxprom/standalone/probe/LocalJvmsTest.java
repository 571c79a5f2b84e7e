package io.github.jmxprom.standalone.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class LocalJvmsTest {

  @Test
  void theListLeavesOutTheExportersOwnJvm() throws IOException {
    long self = ProcessHandle.current().pid();

    assertThat(LocalJvms.list()).noneMatch(jvm -> jvm.getPid() == self);
  }

  @Test
  void aPidWithoutAProcessIsAClearErrorInTheSameWordsOnEveryJdk() {
    long none = Long.MAX_VALUE / 2;
    assertThatThrownBy(() -> LocalJvms.connectorAddress(none))
        .isInstanceOf(IOException.class)
        .hasMessage(
            "cannot attach to pid "
                + none
                + ": no such process (check the pid; `java -jar jmxprom-javaagent.jar list`"
                + " lists the local JVMs)");
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
