package io.github.jmxprom.standalone.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.collector.config.ProbeConfig;
import io.github.jmxprom.runtime.LocalJvm;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceDiscoveryTest {

  static ProbeConfig probe(String yaml) {
    return ConfigLoader.load(yaml).getProbe();
  }

  @Test
  void discoveredJvmsCarryTheirPidAndMainClass() {
    ServiceDiscovery sd =
        new ServiceDiscovery(
            probe("allowedTargets: ['pid:*']\ndiscoverLocalJvms: true\n"),
            () -> List.of(new LocalJvm(4242, "kafka.Kafka"), new LocalJvm(17, "/opt/app/app.jar")));

    assertThat(ServiceDiscovery.toJson(sd.groups()))
        .isEqualTo(
            """
            [
              {"targets": ["pid:4242"], "labels": {"__param_module": "default", "__meta_jmxprom_pid": "4242", "__meta_jmxprom_main_class": "kafka.Kafka"}},
              {"targets": ["pid:17"], "labels": {"__param_module": "default", "__meta_jmxprom_pid": "17", "__meta_jmxprom_main_class": "/opt/app/app.jar"}}
            ]
            """);
  }

  @Test
  void localJvmsAreListedOnlyWhenAskedFor() {
    ServiceDiscovery sd =
        new ServiceDiscovery(
            probe("allowedTargets: ['*']\n"),
            () -> {
              throw new AssertionError("not listed");
            });

    assertThat(ServiceDiscovery.toJson(sd.groups())).isEqualTo("[]\n");
  }

  @Test
  void withoutTheAttachApiOnlyTheConfiguredTargetsAreListed() {
    ServiceDiscovery sd =
        new ServiceDiscovery(
            probe(
                "allowedTargets: ['*']\ndiscoverLocalJvms: true\n"
                    + "targets: [{target: 'h:1', labels: {team: a}}]\n"),
            () -> {
              throw new IOException("the Attach API (module jdk.attach) is not in this runtime");
            });

    List<ServiceDiscovery.Group> groups = sd.groups();
    assertThat(groups).hasSize(1);
    assertThat(groups.get(0).labels).isEqualTo(Map.of("__param_module", "default", "team", "a"));
  }

  @Test
  void aModulesOwnTlsStoresAreReportedAsNotUsedForTheConnection() {
    String store = "{filename: /etc/jmx/trust.p12, password: x}";
    assertThat(
            ProbeService.warnings(
                ConfigLoader.load(
                    "allowedTargets: ['*']\nmodules:\n  tls: {ssl: {trustStore: "
                        + store
                        + "}}\n"
                        + "  plain: {ssl: true}\n")))
        .singleElement()
        .asString()
        .contains("modules.tls.ssl: the JMX connection uses the JVM's default TLS stores");
    assertThat(
            ProbeService.warnings(
                ConfigLoader.load(
                    "allowedTargets: ['*']\nssl: {trustStore: "
                        + store
                        + "}\n"
                        + "modules:\n  same: {ssl: {trustStore: "
                        + store
                        + "}}\n")))
        .isEmpty();
  }

  @Test
  void labelValuesAreEscapedAsJson() {
    String json =
        ServiceDiscovery.toJson(
            List.of(new ServiceDiscovery.Group("h:1", Map.of("a", "quote \" back \\ tab \t"))));

    assertThat(json).contains("\"quote \\\" back \\\\ tab \\u0009\"");
  }
}
