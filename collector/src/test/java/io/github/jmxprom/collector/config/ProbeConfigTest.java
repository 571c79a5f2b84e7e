package io.github.jmxprom.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The multi-target keys: modules, targets, allowedTargets, discoverLocalJvms. */
class ProbeConfigTest {

  private static final Map<String, String> ENVIRONMENT = Map.of("KAFKA_JMX_PASSWORD", "s3cret");

  static CollectorConfig parse(String yaml) {
    return ConfigLoader.parse("test.yaml", yaml, ENVIRONMENT);
  }

  static void assertRejected(String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  static final String ISSUE_EXAMPLE =
      """
      allowedTargets: ["127.0.0.1:*", "pid:*"]
      discoverLocalJvms: true
      rules: [{pattern: ".*"}]
      modules:
        kafka:
          username: monitor
          password: ${KAFKA_JMX_PASSWORD}
          rules:
            - pattern: 'kafka.server<type=(.+), name=(.+)><>Value'
              name: kafka_server_$1_$2
      targets:
        - target: 127.0.0.1:9999
          module: kafka
          labels: {env: prod}
        - target: 127.0.0.1:9998
      """;

  @Test
  void theIssueExampleLoads() {
    CollectorConfig config = parse(ISSUE_EXAMPLE);
    ProbeConfig probe = config.getProbe();

    assertThat(probe.isConfigured()).isTrue();
    assertThat(config.isRemote()).as("no hostPort of its own").isFalse();
    assertThat(probe.isDiscoverLocalJvms()).isTrue();
    assertThat(probe.getModules()).containsOnlyKeys("kafka");
    CollectorConfig kafka = probe.getModule("kafka");
    assertThat(kafka.getUsername()).isEqualTo("monitor");
    assertThat(kafka.getPassword()).isEqualTo("s3cret");
    assertThat(kafka.getRules()).hasSize(1);
    assertThat(kafka.getRules().get(0).getName()).isEqualTo("kafka_server_$1_$2");
    assertThat(kafka.getProbe().isConfigured()).isFalse();

    assertThat(probe.getTargets()).hasSize(2);
    ProbeConfig.Target first = probe.getTargets().get(0);
    assertThat(first.getTarget().toString()).isEqualTo("127.0.0.1:9999");
    assertThat(first.getModule()).isEqualTo("kafka");
    assertThat(first.getLabels()).containsExactly(entry("env", "prod"));
    ProbeConfig.Target second = probe.getTargets().get(1);
    assertThat(second.getModule()).isEqualTo(ProbeConfig.DEFAULT_MODULE);
    assertThat(second.getLabels()).isEmpty();
  }

  @Test
  void theExampleGatewayConfigLoads() throws java.io.IOException {
    java.nio.file.Path file =
        java.nio.file.Paths.get("..", "examples/prometheus/probe/gateway.yaml");
    CollectorConfig config =
        ConfigLoader.parse(file.toString(), java.nio.file.Files.readString(file), ENVIRONMENT);

    assertThat(config.getWarnings()).isEmpty();
    assertThat(config.getProbe().getModules()).containsOnlyKeys("kafka", "zookeeper");
    assertThat(config.getProbe().getModule("kafka").getPassword()).isEqualTo("s3cret");
    assertThat(config.getProbe().getTargets()).hasSize(3);
    assertThat(config.getProbe().isAllowed(JmxTarget.parse("pid:1"))).isTrue();
  }

  @Test
  void aConfigWithoutTheKeysHasNoProbePart() {
    ProbeConfig probe = parse("hostPort: 127.0.0.1:9999\n").getProbe();

    assertThat(probe.isConfigured()).isFalse();
    assertThat(probe.hasAllowList()).isFalse();
    assertThat(probe.isAllowed(JmxTarget.parse("127.0.0.1:9999"))).isFalse();
    assertThat(probe.getTargets()).isEmpty();
  }

  @Test
  void anyOneKeyTurnsTheProbePartOn() {
    assertThat(parse("discoverLocalJvms: false\n").getProbe().isConfigured()).isTrue();
    assertThat(parse("modules: {}\n").getProbe().isConfigured()).isTrue();
    ProbeConfig emptyList = parse("allowedTargets: []\n").getProbe();
    assertThat(emptyList.hasAllowList()).isTrue();
    assertThat(emptyList.isAllowed(JmxTarget.parse("127.0.0.1:1"))).isFalse();
  }

  @Test
  void theAllowListDecidesWhatProbesMayReach() {
    ProbeConfig probe =
        parse(
                """
                allowedTargets:
                  - 127.0.0.1:*
                  - "kafka-?.example.com:9999"
                  - "service:jmx:rmi:///jndi/rmi://10.0.0.7:*/jmxrmi"
                """)
            .getProbe();

    assertThat(probe.isAllowed(JmxTarget.parse("127.0.0.1:9999"))).isTrue();
    assertThat(probe.isAllowed(JmxTarget.parse("kafka-1.example.com:9999"))).isTrue();
    assertThat(probe.isAllowed(JmxTarget.parse("kafka-12.example.com:9999"))).isFalse();
    assertThat(probe.isAllowed(JmxTarget.parse("10.0.0.7:9999"))).isFalse();
    assertThat(
            probe.isAllowed(JmxTarget.parse("service:jmx:rmi:///jndi/rmi://10.0.0.7:1099/jmxrmi")))
        .isTrue();
    assertThat(probe.isAllowed(JmxTarget.parse("pid:42"))).isFalse();
  }

  @Test
  void modulesLeaveOutTheTopLevelKeysAndAreCopiedForEachTarget() {
    CollectorConfig config =
        parse(
            """
            lowercaseOutputName: true
            modules:
              plain: {}
            allowedTargets: ["*"]
            """);
    CollectorConfig plain = config.getProbe().getModule("plain");
    assertThat(plain.isLowercaseOutputName()).as("not inherited").isFalse();
    assertThat(plain.getRules()).hasSize(1); // the default rule

    CollectorConfig copy = config.forTarget("service:jmx:rmi:///jndi/rmi://h:1/jmxrmi");
    assertThat(copy.getJmxUrl()).isEqualTo("service:jmx:rmi:///jndi/rmi://h:1/jmxrmi");
    assertThat(copy.isLowercaseOutputName()).isTrue();
    assertThat(copy.getRules()).isEqualTo(config.getRules());
    assertThat(copy.getProbe().isConfigured()).isFalse();
    assertThat(copy.getWarnings()).isEmpty();
  }

  @Test
  void moduleWarningsAreTheFilesWarningsWithTheirPath() {
    CollectorConfig config =
        parse(
            """
            modules:
              m:
                rules: [{pattern: ".*", type: gauge}]
            """);
    assertThat(config.getWarnings()).anyMatch(w -> w.contains("modules.m.rules[0].type"));
    assertThat(config.getProbe().getModule("m").getWarnings()).isEmpty();
  }

  @Test
  void discoveringJvmsThatTheAllowListRefusesIsAWarning() {
    CollectorConfig config = parse("discoverLocalJvms: true\nallowedTargets: [\"127.0.0.1:*\"]\n");
    assertThat(config.getWarnings())
        .singleElement()
        .asString()
        .contains("discoverLocalJvms")
        .contains("pid:*");
    assertThat(parse("discoverLocalJvms: true\nallowedTargets: [\"pid:*\"]\n").getWarnings())
        .isEmpty();
  }

  @Nested
  class Errors {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            modules: {kafka: {rules: [{patern: x}]}}           | modules.kafka.rules[0].patern: unknown key, did you mean 'pattern'?
            modules: {kafka: {lowercaseOutputNmae: true}}      | modules.kafka.lowercaseOutputNmae: unknown key, did you mean 'lowercaseOutputName'?
            modules: {kafka: {hostPort: 'h:1'}}                | modules.kafka.hostPort: a module has no target of its own
            modules: {kafka: {httpServer: {}}}                 | modules.kafka.httpServer: applies to the whole exporter
            modules: {kafka: {targets: []}}                    | modules.kafka.targets: only allowed at the top level
            modules: {default: {}}                             | modules.default: the module 'default' is formed by the top-level keys
            modules: {'a b': {}}                               | modules.a b: module names may contain only
            modules: {kafka: [x]}                              | modules.kafka: expected a mapping of collector keys
            modules: {kafka: {password: '${UNSET_VAR}'}}       | modules.kafka.password: environment variable UNSET_VAR is not set
            allowedTargets: "127.0.0.1:*"                      | allowedTargets: expected a list
            allowedTargets: [""]                               | allowedTargets[0]: empty pattern
            discoverLocalJvms: "yes"                           | discoverLocalJvms: expected true or false
            targets: [{target: 'h:1'}]                         | targets[0].target: h:1 is not allowed by allowedTargets (not set)
            """)
    void areReportedWithTheKeyPath(String yaml, String message) {
      assertRejected(yaml, message);
    }

    @Test
    void targetEntriesAreChecked() {
      String allow = "allowedTargets: ['*']\nmodules: {kafka: {}}\n";
      assertRejected(allow + "targets: [{module: kafka}]", "targets[0]: missing key 'target'");
      assertRejected(
          allow + "targets: [{target: 'h:1', modul: kafka}]",
          "targets[0].modul: unknown key, did you mean 'module'?");
      assertRejected(
          allow + "targets: [{target: 'h:1', module: kafak}]",
          "targets[0].module: no module named 'kafak', did you mean 'kafka'?");
      assertRejected(
          allow + "targets: [{target: 'h:1', module: zzzzzzz}]",
          "no module named 'zzzzzzz'; the modules are kafka, default");
      assertRejected(allow + "targets: [{target: 'h:x'}]", "targets[0].target: \"h:x\": port");
      assertRejected(allow + "targets: [{target: 'pid:abc'}]", "is not pid:<process id>");
      assertRejected(
          allow + "targets: [{target: 'h:1', labels: {__param_x: y}}]",
          "targets[0].labels.__param_x: label names starting with __ are reserved");
      assertRejected(
          allow + "targets: [{target: 'h:1', labels: {a-b: y}}]",
          "targets[0].labels.a-b: not a Prometheus label name");
      assertRejected(
          allow + "targets: [{target: 'h:1', labels: {a: 5}}]",
          "targets[0].labels.a: expected text");
      assertRejected(
          allow + "targets: [{target: 'h:1'}, {target: 'h:1', module: default}]",
          "targets[1]: h:1 module default is already listed at targets[0]");
    }

    @Test
    void aTargetTheAllowListRefusesNamesTheList() {
      assertRejected(
          "allowedTargets: ['10.*']\ntargets: [{target: '127.0.0.1:9999'}]",
          "127.0.0.1:9999 is not allowed by allowedTargets [10.*]");
    }
  }
}
