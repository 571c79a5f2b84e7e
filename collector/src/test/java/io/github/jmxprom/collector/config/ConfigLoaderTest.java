package io.github.jmxprom.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

  private static final Map<String, String> ENVIRONMENT =
      Map.of(
          "JMX_USER", " monitor ",
          "JMX_PASSWORD", "s3cret",
          "STORE_PASSWORD", "changeit",
          "HTTP_PASSWORD", "web-secret",
          "BLANK", "  ");

  static CollectorConfig parse(String yaml) {
    return ConfigLoader.parse("test.yaml", yaml, ENVIRONMENT);
  }

  static RuleConfig onlyRule(String yaml) {
    List<RuleConfig> rules = parse(yaml).getRules();
    assertThat(rules).hasSize(1);
    return rules.get(0);
  }

  static ObjectName objectName(String name) {
    try {
      return new ObjectName(name);
    } catch (javax.management.MalformedObjectNameException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void anEmptyMappingGivesEveryDefault() {
    CollectorConfig config = parse("{}");

    assertThat(config.getSource()).isEqualTo("test.yaml");
    assertThat(config.getStartDelaySeconds()).isZero();
    assertThat(config.getJmxUrl()).isEmpty();
    assertThat(config.isRemote()).isFalse();
    assertThat(config.getUsername()).isEmpty();
    assertThat(config.getPassword()).isEmpty();
    assertThat(config.getSsl().isEnabled()).isFalse();
    assertThat(config.isLowercaseOutputName()).isFalse();
    assertThat(config.isLowercaseOutputLabelNames()).isFalse();
    assertThat(config.isInferCounterTypeFromName()).isFalse();
    assertThat(config.getIncludeObjectNames()).isNull();
    assertThat(config.getExcludeObjectNames()).isEmpty();
    assertThat(config.isExcludeJvmMetrics()).isFalse();
    assertThat(config.getIncludeObjectNameAttributes()).isEmpty();
    assertThat(config.getExcludeObjectNameAttributes()).isEmpty();
    assertThat(config.isAutoExcludeObjectNameAttributes()).isTrue();
    assertThat(config.getMetricCustomizers()).isEmpty();
    assertThat(config.getHttpServer()).isNull();
    assertThat(config.getOpenTelemetry()).isNull();
    assertThat(config.isOpenTelemetryEnabled()).isFalse();
    assertThat(config.getWarnings()).isEmpty();
  }

  @Nested
  class TopLevelKeys {

    @Test
    void startDelaySeconds() {
      assertThat(parse("startDelaySeconds: 5").getStartDelaySeconds()).isEqualTo(5);
      assertThat(parse("startDelaySeconds: 0").getStartDelaySeconds()).isZero();
    }

    @Test
    void hostPortBecomesAnRmiJmxUrl() {
      CollectorConfig config = parse("hostPort: kafka-1.example.com:9999");

      assertThat(config.getJmxUrl())
          .isEqualTo("service:jmx:rmi:///jndi/rmi://kafka-1.example.com:9999/jmxrmi");
      assertThat(config.isRemote()).isTrue();
    }

    @Test
    void hostPortWithAnIpv6Address() {
      assertThat(parse("hostPort: \"[::1]:9999\"").getJmxUrl())
          .isEqualTo("service:jmx:rmi:///jndi/rmi://[::1]:9999/jmxrmi");
    }

    @Test
    void jmxUrlIsUsedAsWrittenWithoutSurroundingSpaces() {
      CollectorConfig config =
          parse("jmxUrl: \" service:jmx:rmi://db:44444/jndi/rmi://db:1099/jmxrmi \"");

      assertThat(config.getJmxUrl())
          .isEqualTo("service:jmx:rmi://db:44444/jndi/rmi://db:1099/jmxrmi");
      assertThat(config.isRemote()).isTrue();
    }

    @Test
    void anEmptyJmxUrlMeansTheLocalServer() {
      assertThat(parse("jmxUrl: \"\"").isRemote()).isFalse();
      assertThat(parse("jmxUrl:").isRemote()).isFalse();
      assertThat(parse("jmxUrl:").getJmxUrl()).isEmpty();
    }

    @Test
    void usernameAndPasswordAsWritten() {
      CollectorConfig config = parse("username: monitor\npassword: \"pass word\"\n");

      assertThat(config.getUsername()).isEqualTo("monitor");
      assertThat(config.getPassword()).isEqualTo("pass word");
    }

    @Test
    void usernameAndPasswordFromTheEnvironmentAreTrimmed() {
      CollectorConfig config =
          parse("username: ${JMX_USER}\npassword: \"  ${ JMX_PASSWORD }  \"\n");

      assertThat(config.getUsername()).isEqualTo("monitor");
      assertThat(config.getPassword()).isEqualTo("s3cret");
    }

    @Test
    void onlyAWholeVariableReferenceIsSubstituted() {
      CollectorConfig config = parse("username: pre${JMX_USER}\npassword: ${JMX_PASSWORD}post\n");

      assertThat(config.getUsername()).isEqualTo("pre${JMX_USER}");
      assertThat(config.getPassword()).isEqualTo("${JMX_PASSWORD}post");
      assertThat(parse("password: ${}").getPassword()).isEqualTo("${}");
    }

    @Test
    void aBlankVariableIsAnError() {
      assertThatThrownBy(() -> parse("password: ${BLANK}"))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "test.yaml: password: environment variable BLANK is empty; set it before starting"
                  + " the exporter or write the value in the file (line 1, column 11)");
    }

    @Test
    void emptyUsernameAndPasswordAreEmptyStrings() {
      CollectorConfig config = parse("username:\npassword:\n");

      assertThat(config.getUsername()).isEmpty();
      assertThat(config.getPassword()).isEmpty();
    }

    @Test
    void sslAsABoolean() {
      JmxSslConfig on = parse("ssl: true").getSsl();
      assertThat(on.isEnabled()).isTrue();
      assertThat(on.getKeyStore()).isNull();
      assertThat(on.getTrustStore()).isNull();
      assertThat(on.getProtocols()).isEmpty();
      assertThat(on.getCiphers()).isEmpty();

      assertThat(parse("ssl: false").getSsl().isEnabled()).isFalse();
    }

    @Test
    void sslAsAMapping() {
      JmxSslConfig ssl =
          parse(
                  """
                  ssl:
                    keyStore:
                      filename: /etc/jmxprom/client.p12
                      type: PKCS12
                      password: ${STORE_PASSWORD}
                    trustStore:
                      filename: /etc/jmxprom/trust.jks
                    protocols: [TLSv1.3, " TLSv1.2 "]
                    ciphers: "TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384,"
                  """)
              .getSsl();

      assertThat(ssl.isEnabled()).as("a mapping enables ssl unless enabled: false").isTrue();
      assertThat(ssl.getKeyStore().getFilename()).isEqualTo("/etc/jmxprom/client.p12");
      assertThat(ssl.getKeyStore().getType()).isEqualTo("PKCS12");
      assertThat(ssl.getKeyStore().getPassword()).isEqualTo("changeit");
      assertThat(ssl.getKeyStore().toString()).doesNotContain("changeit");
      assertThat(ssl.getTrustStore().getFilename()).isEqualTo("/etc/jmxprom/trust.jks");
      assertThat(ssl.getTrustStore().getType()).isNull();
      assertThat(ssl.getTrustStore().getPassword()).isNull();
      assertThat(ssl.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
      assertThat(ssl.getCiphers())
          .containsExactly("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384");
    }

    @Test
    void sslMappingCanBeDisabled() {
      assertThat(parse("ssl: {enabled: false, protocols: TLSv1.3}").getSsl().isEnabled()).isFalse();
    }

    @Test
    void lowercaseInferAndJvmSwitches() {
      CollectorConfig config =
          parse(
              """
              lowercaseOutputName: true
              lowercaseOutputLabelNames: true
              inferCounterTypeFromName: true
              excludeJvmMetrics: true
              autoExcludeObjectNameAttributes: false
              """);

      assertThat(config.isLowercaseOutputName()).isTrue();
      assertThat(config.isLowercaseOutputLabelNames()).isTrue();
      assertThat(config.isInferCounterTypeFromName()).isTrue();
      assertThat(config.isExcludeJvmMetrics()).isTrue();
      assertThat(config.isAutoExcludeObjectNameAttributes()).isFalse();
    }

    @Test
    void eachSwitchIsReadFromItsOwnKey() {
      assertThat(parse("lowercaseOutputLabelNames: true").isLowercaseOutputName()).isFalse();
      assertThat(parse("lowercaseOutputName: true").isLowercaseOutputLabelNames()).isFalse();
      assertThat(parse("excludeJvmMetrics: true").isInferCounterTypeFromName()).isFalse();
      assertThat(parse("inferCounterTypeFromName: true").isExcludeJvmMetrics()).isFalse();
    }

    @Test
    void yaml11BooleanSpellings() {
      // snakeyaml reads YAML 1.1, as jmx_exporter does: yes/no/on/off are booleans.
      CollectorConfig config =
          parse("lowercaseOutputName: yes\nlowercaseOutputLabelNames: on\nssl: off\n");

      assertThat(config.isLowercaseOutputName()).isTrue();
      assertThat(config.isLowercaseOutputLabelNames()).isTrue();
      assertThat(config.getSsl().isEnabled()).isFalse();
    }

    @Test
    void includeAndExcludeObjectNames() {
      CollectorConfig config =
          parse(
              """
              includeObjectNames: ["java.lang:type=Memory", "Catalina:*"]
              excludeObjectNames:
                - "Catalina:type=RequestProcessor,*"
              """);

      assertThat(config.getIncludeObjectNames())
          .containsExactly(objectName("java.lang:type=Memory"), objectName("Catalina:*"));
      assertThat(config.getExcludeObjectNames())
          .containsExactly(objectName("Catalina:type=RequestProcessor,*"));
      assertThat(config.getWarnings()).isEmpty();
    }

    @Test
    void anEmptyIncludeListSelectsNothingWhileAnAbsentOneSelectsEverything() {
      assertThat(parse("includeObjectNames: []").getIncludeObjectNames()).isNotNull().isEmpty();
      assertThat(parse("excludeObjectNames: []").getIncludeObjectNames()).isNull();
      assertThat(parse("excludeObjectNames: []").getExcludeObjectNames()).isEmpty();
    }

    @Test
    void legacyWhitelistAndBlacklistAreAliases() {
      CollectorConfig config =
          parse(
              """
              whitelistObjectNames: ["Catalina:*"]
              blacklistObjectNames: ["Catalina:type=Valve,*"]
              """);

      assertThat(config.getIncludeObjectNames()).containsExactly(objectName("Catalina:*"));
      assertThat(config.getExcludeObjectNames())
          .containsExactly(objectName("Catalina:type=Valve,*"));
      assertThat(config.getWarnings()).isEmpty();
    }

    @Test
    void theNewKeysWinOverTheLegacyOnesWithAWarning() {
      CollectorConfig config =
          parse(
              """
              includeObjectNames: ["java.lang:*"]
              whitelistObjectNames: ["Catalina:*"]
              excludeObjectNames: []
              blacklistObjectNames: ["java.lang:type=Runtime"]
              """);

      assertThat(config.getIncludeObjectNames()).containsExactly(objectName("java.lang:*"));
      assertThat(config.getExcludeObjectNames()).isEmpty();
      assertThat(config.getWarnings())
          .containsExactly(
              "test.yaml: whitelistObjectNames is ignored because includeObjectNames is also set;"
                  + " merge them into includeObjectNames",
              "test.yaml: blacklistObjectNames is ignored because excludeObjectNames is also set;"
                  + " merge them into excludeObjectNames");
    }

    @Test
    void objectNameAttributeMapsAreKeyedByCanonicalObjectName() {
      CollectorConfig config =
          parse(
              """
              includeObjectNameAttributes:
                "java.lang:type=Memory":
                  - HeapMemoryUsage
                  - NonHeapMemoryUsage
                "java.lang:name=G1 Young Generation,type=GarbageCollector": [CollectionCount]
              excludeObjectNameAttributes:
                "java.lang:type=Runtime": [SystemProperties, ClassPath]
              """);

      assertThat(config.getIncludeObjectNameAttributes())
          .containsOnlyKeys(
              objectName("java.lang:type=Memory"),
              objectName("java.lang:type=GarbageCollector,name=G1 Young Generation"));
      assertThat(config.getIncludeObjectNameAttributes().get(objectName("java.lang:type=Memory")))
          .containsExactly("HeapMemoryUsage", "NonHeapMemoryUsage");
      assertThat(
              config
                  .getIncludeObjectNameAttributes()
                  .get(objectName("java.lang:type=GarbageCollector,name=G1 Young Generation")))
          .containsExactly("CollectionCount");
      assertThat(config.getExcludeObjectNameAttributes())
          .containsExactly(
              entry(
                  objectName("java.lang:type=Runtime"),
                  java.util.Set.of("SystemProperties", "ClassPath")));
    }

    @Test
    void anEmptyAttributeMapIsNoFilter() {
      assertThat(parse("includeObjectNameAttributes:").getIncludeObjectNameAttributes()).isEmpty();
      assertThat(parse("excludeObjectNameAttributes: {}").getExcludeObjectNameAttributes())
          .isEmpty();
    }

    @Test
    void httpServerIsReadWithTheSameEnvironment() {
      CollectorConfig config =
          parse(
              """
              httpServer:
                metrics:
                  path: /prometheus
                authentication:
                  basic:
                    username: scraper
                    password: ${HTTP_PASSWORD}
              """);

      assertThat(config.getHttpServer().getMetricsPath()).isEqualTo("/prometheus");
      assertThat(config.getHttpServer().getBasicAuthentication().getUsername())
          .isEqualTo("scraper");
      assertThat(config.getHttpServer().getBasicAuthentication().getPassword())
          .isEqualTo("web-secret");
    }

    @Test
    void openTelemetryPresenceEnablesItEvenWhenEmpty() {
      CollectorConfig empty = parse("openTelemetry:");
      assertThat(empty.isOpenTelemetryEnabled()).isTrue();
      assertThat(empty.getOpenTelemetry().getEndpoint()).isNull();
      assertThat(parse("{}").getOpenTelemetry()).isNull();

      CollectorConfig full =
          parse("openTelemetry:\n  endpoint: http://otel:4317\n  protocol: grpc\n");
      assertThat(full.isOpenTelemetryEnabled()).isTrue();
      assertThat(full.getOpenTelemetry().getEndpoint()).isEqualTo("http://otel:4317");
      assertThat(full.getOpenTelemetry().getProtocol()).isEqualTo("grpc");
    }

    @Test
    void theLoadedConfigCannotBeChanged() {
      CollectorConfig config = parse("includeObjectNames: [\"a:*\"]\nrules: [{pattern: x}]\n");

      assertThatThrownBy(() -> config.getRules().clear())
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> config.getIncludeObjectNames().clear())
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> config.getWarnings().add("x"))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class Rules {

    @Test
    void noRulesKeyMeansOneCatchAllDefaultFormatRule() {
      RuleConfig rule = onlyRule("lowercaseOutputName: true");

      assertThat(rule.getIndex()).isZero();
      assertThat(rule.getPatternSource()).isNull();
      assertThat(rule.getPattern()).isNull();
      assertThat(rule.getName()).isNull();
      assertThat(rule.getValue()).isNull();
      assertThat(rule.getValueFactor()).isEqualTo(1.0);
      assertThat(rule.getHelp()).isNull();
      assertThat(rule.getLabels()).isEmpty();
      assertThat(rule.getType()).isEqualTo(MetricType.UNKNOWN);
      assertThat(rule.isCache()).isFalse();
      assertThat(rule.isAttrNameSnakeCase()).isFalse();
    }

    @Test
    void anEmptyRuleListExportsNothing() {
      assertThat(parse("rules: []").getRules()).isEmpty();
    }

    @Test
    void everyRuleKey() {
      List<RuleConfig> rules =
          parse(
                  """
                  rules:
                    - pattern: 'java.lang<type=Memory><>(\\w+)'
                    - pattern: 'kafka.server<type=(.+), name=(.+)PerSec><>Count'
                      name: kafka_server_$1_$2_total
                      value: $3
                      valueFactor: 0.001
                      labels:
                        zone: eu-1
                        "$1": "$2"
                        area: heap
                      help: Kafka $1 $2
                      type: COUNTER
                      cache: true
                      attrNameSnakeCase: true
                  """)
              .getRules();

      assertThat(rules).hasSize(2);
      RuleConfig first = rules.get(0);
      assertThat(first.getIndex()).isZero();
      assertThat(first.getPatternSource()).isEqualTo("java.lang<type=Memory><>(\\w+)");
      assertThat(first.getName()).isNull();
      assertThat(first.getType()).isEqualTo(MetricType.UNKNOWN);

      RuleConfig rule = rules.get(1);
      assertThat(rule.getIndex()).isEqualTo(1);
      assertThat(rule.getPatternSource())
          .isEqualTo("kafka.server<type=(.+), name=(.+)PerSec><>Count");
      assertThat(rule.getPattern().pattern())
          .isEqualTo("^.*(?:kafka.server<type=(.+), name=(.+)PerSec><>Count).*$");
      assertThat(rule.getName()).isEqualTo("kafka_server_$1_$2_total");
      assertThat(rule.getValue()).isEqualTo("$3");
      assertThat(rule.getValueFactor()).isEqualTo(0.001);
      assertThat(rule.getLabels())
          .as("sorted by key, the order jmx_exporter evaluates them in")
          .containsExactly(entry("$1", "$2"), entry("area", "heap"), entry("zone", "eu-1"));
      assertThat(rule.getHelp()).isEqualTo("Kafka $1 $2");
      assertThat(rule.getType()).isEqualTo(MetricType.COUNTER);
      assertThat(rule.isCache()).isTrue();
      assertThat(rule.isAttrNameSnakeCase()).isTrue();
      assertThat(rule.describe())
          .isEqualTo("rules[1] 'kafka.server<type=(.+), name=(.+)PerSec><>Count'");
    }

    @Test
    void thePatternIsWrappedSoThatItMatchesAnywhere() {
      RuleConfig rule = onlyRule("rules: [{pattern: 'type=Memory'}]");

      assertThat(rule.getPattern().matcher("java.lang<type=Memory><>Verbose: false").matches())
          .isTrue();
      assertThat(rule.getPattern().matcher("java.lang<type=Threading><>Count: 1").matches())
          .isFalse();
    }

    @ParameterizedTest
    @CsvSource({"COUNTER, COUNTER", "GAUGE, GAUGE", "UNTYPED, UNKNOWN"})
    void typesWithoutWarnings(String written, MetricType type) {
      CollectorConfig config = parse("rules:\n  - pattern: x\n    name: y\n    type: " + written);

      assertThat(config.getRules().get(0).getType()).isEqualTo(type);
      assertThat(config.getWarnings()).isEmpty();
    }

    @Test
    void aLowercaseTypeExportsAsUntypedWithAWarning() {
      CollectorConfig config = parse("rules:\n  - pattern: x\n    name: y\n    type: gauge\n");

      assertThat(config.getRules().get(0).getType()).isEqualTo(MetricType.UNKNOWN);
      assertThat(config.getWarnings())
          .containsExactly(
              "test.yaml: rules[0].type: 'gauge' exports as untyped; write GAUGE, COUNTER or"
                  + " UNTYPED (line 4, column 11)");
    }

    @Test
    void anEmptyValueBecomesTheTextNullWithAWarning() {
      CollectorConfig config =
          parse("rules:\n  - pattern: x\n    name: y\n    value:\n  - pattern: z\n");

      assertThat(config.getRules().get(0).getValue()).isEqualTo("null");
      assertThat(config.getRules().get(1).getValue()).isNull();
      assertThat(config.getWarnings())
          .containsExactly(
              "test.yaml: rules[0].value: empty value: matching attributes are dropped, as in"
                  + " jmx_exporter (line 4, column 11)");
    }

    @Test
    void yaml11ScalarsAreTurnedIntoTextTheWayJmxExporterDoes() {
      List<RuleConfig> rules =
          parse(
                  """
                  rules:
                    - pattern: 123
                      value: 1
                    - pattern: 1.50
                      value: 0x1F
                    - pattern: true
                      value: false
                    - pattern: x
                      value: 2.5
                      valueFactor: "0.5"
                    - pattern: x
                      valueFactor: 1
                    - pattern: x
                      valueFactor: 1e-6
                  """)
              .getRules();

      assertThat(rules.get(0).getPatternSource()).isEqualTo("123");
      assertThat(rules.get(0).getValue()).isEqualTo("1");
      assertThat(rules.get(1).getPatternSource()).isEqualTo("1.5");
      assertThat(rules.get(1).getValue()).isEqualTo("31");
      assertThat(rules.get(2).getPatternSource()).isEqualTo("true");
      assertThat(rules.get(2).getValue()).isEqualTo("false");
      assertThat(rules.get(3).getValue()).isEqualTo("2.5");
      assertThat(rules.get(3).getValueFactor()).isEqualTo(0.5);
      assertThat(rules.get(4).getValueFactor()).isEqualTo(1.0);
      assertThat(rules.get(5).getValueFactor()).isEqualTo(1e-6);
    }

    @Test
    void anchorsAliasesAndMergeKeys() {
      CollectorConfig config =
          parse(
              """
              includeObjectNames: &jvm ["java.lang:*"]
              excludeObjectNames: *jvm
              rules:
                - &memory
                  pattern: 'java.lang<type=Memory><>(\\w+)'
                  name: jvm_memory_$1
                  type: GAUGE
                  labels: &source
                    source: jmx
                - <<: *memory
                  pattern: 'java.lang<type=Threading><>(\\w+)'
                  name: jvm_threads_$1
                - pattern: 'java.lang<type=Runtime><>(\\w+)'
                  name: jvm_runtime_$1
                  labels: *source
              """);

      assertThat(config.getExcludeObjectNames()).isEqualTo(config.getIncludeObjectNames());
      List<RuleConfig> rules = config.getRules();
      assertThat(rules).hasSize(3);
      assertThat(rules.get(1).getPatternSource()).isEqualTo("java.lang<type=Threading><>(\\w+)");
      assertThat(rules.get(1).getName()).isEqualTo("jvm_threads_$1");
      assertThat(rules.get(1).getType()).as("merged from *memory").isEqualTo(MetricType.GAUGE);
      assertThat(rules.get(1).getLabels()).containsExactly(entry("source", "jmx"));
      assertThat(rules.get(2).getLabels()).containsExactly(entry("source", "jmx"));
      assertThat(rules.get(2).getType()).isEqualTo(MetricType.UNKNOWN);
    }

    @Test
    void metricCustomizers() {
      List<MetricCustomizerConfig> customizers =
          parse(
                  """
                  metricCustomizers:
                    - mbeanFilter:
                        domain: io.prometheus.jmx
                        properties:
                          type: customValue
                          port: 8080
                      attributesAsLabels: [Text, Name]
                      extraMetrics:
                        - name: isActive
                          value: true
                          description: Active flag
                        - name: weight
                          value: 12
                        - name: quoted
                          value: "12"
                    - mbeanFilter:
                        domain: kafka.server
                      extraMetrics:
                        - name: ratio
                          value: 0.5
                  """)
              .getMetricCustomizers();

      assertThat(customizers).hasSize(2);
      MetricCustomizerConfig first = customizers.get(0);
      assertThat(first.getDomain()).isEqualTo("io.prometheus.jmx");
      assertThat(first.getProperties())
          .containsExactly(entry("type", "customValue"), entry("port", "8080"));
      assertThat(first.getAttributesAsLabels()).containsExactly("Text", "Name");
      assertThat(first.getExtraMetrics())
          .extracting(
              MetricCustomizerConfig.ExtraMetric::getName,
              MetricCustomizerConfig.ExtraMetric::getValue,
              MetricCustomizerConfig.ExtraMetric::getDescription)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("isActive", Boolean.TRUE, "Active flag"),
              org.assertj.core.groups.Tuple.tuple("weight", 12, null),
              org.assertj.core.groups.Tuple.tuple("quoted", "12", null));
      assertThat(first.matches("io.prometheus.jmx", Map.of("type", "customValue", "port", "8080")))
          .isTrue();
      assertThat(first.matches("io.prometheus.jmx", Map.of("type", "customValue"))).isFalse();

      MetricCustomizerConfig second = customizers.get(1);
      assertThat(second.getProperties()).isEmpty();
      assertThat(second.getAttributesAsLabels()).isEmpty();
      assertThat(second.getExtraMetrics().get(0).getValue()).isEqualTo(0.5);
      assertThat(second.matches("kafka.server", Map.of("type", "x"))).isTrue();
      assertThat(second.matches("kafka.network", Map.of())).isFalse();
    }
  }

  @Nested
  class Sources {

    @TempDir Path temp;

    @Test
    void fromAFileNamedByItsPath() throws IOException {
      Path file = Files.writeString(temp.resolve("config.yaml"), "startDelaySeconds: 3\n");

      CollectorConfig config = ConfigLoader.load(file);

      assertThat(config.getSource()).isEqualTo(file.toString());
      assertThat(config.getStartDelaySeconds()).isEqualTo(3);
    }

    @Test
    void fileErrorsNameThePath() throws IOException {
      Path file = Files.writeString(temp.resolve("config.yaml"), "rules: {}\n");

      assertThatThrownBy(() -> ConfigLoader.load(file))
          .isInstanceOf(ConfigException.class)
          .hasMessage(file + ": rules: expected a list, got a mapping (line 1, column 8)");
    }

    @Test
    void fromAString() {
      CollectorConfig config = ConfigLoader.load("lowercaseOutputName: true\n");

      assertThat(config.getSource()).isEqualTo("<string>");
      assertThat(config.isLowercaseOutputName()).isTrue();
      assertThatThrownBy(() -> ConfigLoader.load("rules: {}"))
          .hasMessage("<string>: rules: expected a list, got a mapping (line 1, column 8)");
    }

    @Test
    void fromAStreamReadAsUtf8() {
      byte[] yaml =
          "rules:\n  - pattern: 'café<>(\\w+)'\n    name: cafe_$1\n"
              .getBytes(StandardCharsets.UTF_8);

      CollectorConfig config =
          ConfigLoader.load(new ByteArrayInputStream(yaml), "classpath:x.yaml");

      assertThat(config.getSource()).isEqualTo("classpath:x.yaml");
      assertThat(config.getRules().get(0).getPatternSource()).isEqualTo("café<>(\\w+)");
      assertThatThrownBy(
              () ->
                  ConfigLoader.load(
                      new ByteArrayInputStream("rules: {}".getBytes(StandardCharsets.UTF_8)),
                      "classpath:x.yaml"))
          .hasMessage("classpath:x.yaml: rules: expected a list, got a mapping (line 1, column 8)");
    }

    @Test
    void theProcessEnvironmentIsUsedOutsideTests() {
      String name = System.getenv().containsKey("PATH") ? "PATH" : null;
      org.junit.jupiter.api.Assumptions.assumeTrue(name != null);

      assertThat(ConfigLoader.load("username: ${PATH}").getUsername())
          .isEqualTo(System.getenv("PATH").trim());
    }
  }

  @Nested
  class JmxExporterExamples {

    @Test
    void tomcat() {
      CollectorConfig config = parse(TOMCAT);

      assertThat(config.getWarnings()).isEmpty();
      assertThat(config.isLowercaseOutputName()).isTrue();
      assertThat(config.isLowercaseOutputLabelNames()).isTrue();
      assertThat(config.getIncludeObjectNames())
          .containsExactly(objectName("java.lang:type=OperatingSystem"), objectName("Catalina:*"));
      assertThat(config.getExcludeObjectNames()).isEmpty();
      assertThat(config.getRules()).hasSize(5);
      RuleConfig info = config.getRules().get(0);
      assertThat(info.getName()).isEqualTo("tomcat_serverinfo");
      assertThat(info.getValue()).isEqualTo("1");
      assertThat(info.getLabels()).containsExactly(entry("serverInfo", "$1"));
      assertThat(info.getType()).isEqualTo(MetricType.COUNTER);
      RuleConfig global = config.getRules().get(1);
      assertThat(global.getLabels()).containsExactly(entry("port", "$2"), entry("protocol", "$1"));
      assertThat(global.getPattern().matcher(GLOBAL_REQUEST_INPUT).matches()).isTrue();
      assertThat(config.getRules().get(3).getType()).isEqualTo(MetricType.GAUGE);
    }

    @Test
    void kafka() {
      CollectorConfig config = parse(KAFKA);

      assertThat(config.getWarnings()).isEmpty();
      assertThat(config.isLowercaseOutputName()).isTrue();
      assertThat(config.getIncludeObjectNames()).isNull();
      assertThat(config.getRules()).hasSize(21);
      assertThat(config.getRules().get(0).getPatternSource())
          .as("'pattern :' with a space is the key pattern")
          .startsWith("kafka.server<type=(.+), name=(.+), clientId=(.+), topic=(.+)");
      assertThat(config.getRules().get(1).getLabels())
          .containsExactly(entry("broker", "$4:$5"), entry("clientId", "$3"));
      assertThat(config.getRules().get(13).getLabels())
          .containsExactly(entry("$4", "$5"), entry("$6", "$7"), entry("quantile", "0.$8"));
    }

    @Test
    void cassandra() {
      CollectorConfig config = parse(CASSANDRA);

      assertThat(config.getWarnings()).isEmpty();
      assertThat(config.getIncludeObjectNames())
          .hasSize(6)
          .contains(
              objectName("org.apache.cassandra.metrics:type=ColumnFamily,*,name=LiveSSTableCount"));
      assertThat(config.getRules()).hasSize(6);
      assertThat(config.getRules())
          .extracting(RuleConfig::getValueFactor)
          .containsExactly(1.0, 0.000001, 1.0, 1.0, 0.000001, 1.0);
      assertThat(config.getRules())
          .extracting(RuleConfig::getType)
          .containsExactly(
              MetricType.GAUGE,
              MetricType.UNKNOWN,
              MetricType.UNKNOWN,
              MetricType.UNKNOWN,
              MetricType.GAUGE,
              MetricType.GAUGE);
      assertThat(
              config
                  .getRules()
                  .get(0)
                  .getPattern()
                  .matcher(
                      "org.apache.cassandra.metrics<type=Table, keyspace=system, scope=peers,"
                          + " name=LiveSSTableCount><>Value: 1")
                  .matches())
          .isTrue();
    }
  }

  static final String GLOBAL_REQUEST_INPUT =
      "Catalina<type=GlobalRequestProcessor, name=\"http-nio-8080\"><>requestCount: 7";

  static final String TOMCAT =
      """
      ---
      lowercaseOutputLabelNames: true
      lowercaseOutputName: true
      whitelistObjectNames: ["java.lang:type=OperatingSystem", "Catalina:*"]
      blacklistObjectNames: []
      rules:
        - pattern: 'Catalina<type=Server><>serverInfo: (.+)'
          name: tomcat_serverinfo
          value: 1
          labels:
            serverInfo: "$1"
          type: COUNTER
        - pattern: 'Catalina<type=GlobalRequestProcessor, name=\\"(\\w+-\\w+)-(\\d+)\\"><>(\\w+):'
          name: tomcat_$3_total
          labels:
            port: "$2"
            protocol: "$1"
          help: Tomcat global $3
          type: COUNTER
        - pattern: 'Catalina<j2eeType=Servlet, WebModule=//([-a-zA-Z0-9+&@#/%?=~_|!:.,;]*[-a-zA-Z0-9+&@#/%=~_|]), name=([-a-zA-Z0-9+/$%~_-|!.]*), J2EEApplication=none, J2EEServer=none><>(requestCount|processingTime|errorCount):'
          name: tomcat_servlet_$3_total
          labels:
            module: "$1"
            servlet: "$2"
          help: Tomcat servlet $3 total
          type: COUNTER
        - pattern: 'Catalina<type=ThreadPool, name="(\\w+-\\w+)-(\\d+)"><>(currentThreadCount|currentThreadsBusy|keepAliveCount|connectionCount|acceptCount|acceptorThreadCount|pollerThreadCount|maxThreads|minSpareThreads):'
          name: tomcat_threadpool_$3
          labels:
            port: "$2"
            protocol: "$1"
          help: Tomcat threadpool $3
          type: GAUGE
        - pattern: 'Catalina<type=Manager, host=([-a-zA-Z0-9+&@#/%?=~_|!:.,;]*[-a-zA-Z0-9+&@#/%=~_|]), context=([-a-zA-Z0-9+/$%~_-|!.]*)><>(processingTime|sessionCounter|rejectedSessions|expiredSessions):'
          name: tomcat_session_$3_total
          labels:
            context: "$2"
            host: "$1"
          help: Tomcat session $3 total
          type: COUNTER
      """;

  static final String KAFKA =
      """
      lowercaseOutputName: true

      rules:
      # Special cases and very specific rules
      - pattern : kafka.server<type=(.+), name=(.+), clientId=(.+), topic=(.+), partition=(.*)><>Value
        name: kafka_server_$1_$2
        type: GAUGE
        labels:
          clientId: "$3"
          topic: "$4"
          partition: "$5"
      - pattern : kafka.server<type=(.+), name=(.+), clientId=(.+), brokerHost=(.+), brokerPort=(.+)><>Value
        name: kafka_server_$1_$2
        type: GAUGE
        labels:
          clientId: "$3"
          broker: "$4:$5"
      - pattern : kafka.coordinator.(\\w+)<type=(.+), name=(.+)><>Value
        name: kafka_coordinator_$1_$2_$3
        type: GAUGE

      # Generic per-second counters with 0-2 key/value pairs
      - pattern: kafka.(\\w+)<type=(.+), name=(.+)PerSec\\w*, (.+)=(.+), (.+)=(.+)><>Count
        name: kafka_$1_$2_$3_total
        type: COUNTER
        labels:
          "$4": "$5"
          "$6": "$7"
      - pattern: kafka.(\\w+)<type=(.+), name=(.+)PerSec\\w*, (.+)=(.+)><>Count
        name: kafka_$1_$2_$3_total
        type: COUNTER
        labels:
          "$4": "$5"
      - pattern: kafka.(\\w+)<type=(.+), name=(.+)PerSec\\w*><>Count
        name: kafka_$1_$2_$3_total
        type: COUNTER

      # Quota specific rules
      - pattern: kafka.server<type=(.+), user=(.+), client-id=(.+)><>([a-z-]+)
        name: kafka_server_quota_$4
        type: GAUGE
        labels:
          resource: "$1"
          user: "$2"
          clientId: "$3"
      - pattern: kafka.server<type=(.+), client-id=(.+)><>([a-z-]+)
        name: kafka_server_quota_$3
        type: GAUGE
        labels:
          resource: "$1"
          clientId: "$2"
      - pattern: kafka.server<type=(.+), user=(.+)><>([a-z-]+)
        name: kafka_server_quota_$3
        type: GAUGE
        labels:
          resource: "$1"
          user: "$2"

      # Generic gauges with 0-2 key/value pairs
      - pattern: kafka.(\\w+)<type=(.+), name=(.+), (.+)=(.+), (.+)=(.+)><>Value
        name: kafka_$1_$2_$3
        type: GAUGE
        labels:
          "$4": "$5"
          "$6": "$7"
      - pattern: kafka.(\\w+)<type=(.+), name=(.+), (.+)=(.+)><>Value
        name: kafka_$1_$2_$3
        type: GAUGE
        labels:
          "$4": "$5"
      - pattern: kafka.(\\w+)<type=(.+), name=(.+)><>Value
        name: kafka_$1_$2_$3
        type: GAUGE

      # Emulate Prometheus 'Summary' metrics for the exported 'Histogram's.
      #
      # Note that these are missing the '_sum' metric!
      - pattern: kafka.(\\w+)<type=(.+), name=(.+), (.+)=(.+), (.+)=(.+)><>Count
        name: kafka_$1_$2_$3_count
        type: COUNTER
        labels:
          "$4": "$5"
          "$6": "$7"
      - pattern: kafka.(\\w+)<type=(.+), name=(.+), (.+)=(.*), (.+)=(.+)><>(\\d+)thPercentile
        name: kafka_$1_$2_$3
        type: GAUGE
        labels:
          "$4": "$5"
          "$6": "$7"
          quantile: "0.$8"
      - pattern: kafka.(\\w+)<type=(.+), name=(.+), (.+)=(.+)><>Count
        name: kafka_$1_$2_$3_count
        type: COUNTER
        labels:
          "$4": "$5"
      - pattern: kafka.(\\w+)<type=(.+), name=(.+), (.+)=(.*)><>(\\d+)thPercentile
        name: kafka_$1_$2_$3
        type: GAUGE
        labels:
          "$4": "$5"
          quantile: "0.$6"
      - pattern: kafka.(\\w+)<type=(.+), name=(.+)><>Count
        name: kafka_$1_$2_$3_count
        type: COUNTER
      - pattern: kafka.(\\w+)<type=(.+), name=(.+)><>(\\d+)thPercentile
        name: kafka_$1_$2_$3
        type: GAUGE
        labels:
          quantile: "0.$4"

      # Generic gauges for MeanRate Percent
      # Ex) kafka.server<type=KafkaRequestHandlerPool, name=RequestHandlerAvgIdlePercent><>MeanRate
      - pattern: kafka.(\\w+)<type=(.+), name=(.+)Percent\\w*><>MeanRate
        name: kafka_$1_$2_$3_percent
        type: GAUGE
      - pattern: kafka.(\\w+)<type=(.+), name=(.+)Percent\\w*><>Value
        name: kafka_$1_$2_$3_percent
        type: GAUGE
      - pattern: kafka.(\\w+)<type=(.+), name=(.+)Percent\\w*, (.+)=(.+)><>Value
        name: kafka_$1_$2_$3_percent
        type: GAUGE
        labels:
          "$4": "$5"
      """;

  static final String CASSANDRA =
      """
      lowercaseOutputLabelNames: true
      lowercaseOutputName: true
      # Fetching every Cassandra bean takes too long, so list what the rules use.
      whitelistObjectNames: [
      "org.apache.cassandra.metrics:type=ColumnFamily,name=RangeLatency,*",
      "org.apache.cassandra.metrics:type=ColumnFamily,*,name=LiveSSTableCount",
      "org.apache.cassandra.metrics:type=Keyspace,name=ReadLatency,*",
      "org.apache.cassandra.metrics:type=Client,*",
      "org.apache.cassandra.metrics:type=ClientRequest,*",
      "org.apache.cassandra.metrics:type=Table,*",
      ]
      rules:
      - pattern: org.apache.cassandra.metrics<type=(\\S*)(?:, ((?!scope)\\S*)=(\\S*))?(?:, scope=(\\S*))?, name=(\\S*)><>Value
        name: cassandra_$1_$5
        type: GAUGE
        labels:
          "$1": "$4"
          "$2": "$3"
      - pattern: org.apache.cassandra.metrics<type=(\\S*)(?:, ((?!scope)\\S*)=(\\S*))?(?:, scope=(\\S*))?, name=(.+)?(?:Total)(Latency)><>Count
        name: cassandra_$1_$5$6_seconds_sum
        type: UNTYPED
        labels:
          "$1": "$4"
          "$2": "$3"
        # Convert microseconds to seconds
        valueFactor: 0.000001
      - pattern: org.apache.cassandra.metrics<type=(\\S*)(?:, ((?!scope)\\S*)=(\\S*))?(?:, scope=(\\S*))?, name=((?:.+)?(?:Latency))><>Count
        name: cassandra_$1_$5_seconds_count
        type: UNTYPED
        labels:
          "$1": "$4"
          "$2": "$3"
      - pattern: org.apache.cassandra.metrics<type=(\\S*)(?:, ((?!scope)\\S*)=(\\S*))?(?:, scope=(\\S*))?, name=(.+)><>Count
        name: cassandra_$1_$5_count
        type: UNTYPED
        labels:
          "$1": "$4"
          "$2": "$3"
      - pattern: org.apache.cassandra.metrics<type=(\\S*)(?:, ((?!scope)\\S*)=(\\S*))?(?:, scope=(\\S*))?, name=((?:.+)?(?:Latency))><>(\\d+)thPercentile
        name: cassandra_$1_$5_seconds
        type: GAUGE
        labels:
          "$1": "$4"
          "$2": "$3"
          quantile: "0.$6"
        # Convert microseconds to seconds
        valueFactor: 0.000001
      - pattern: org.apache.cassandra.metrics<type=(\\S*)(?:, ((?!scope)\\S*)=(\\S*))?(?:, scope=(\\S*))?, name=(.+)><>(\\d+)thPercentile
        name: cassandra_$1_$5
        type: GAUGE
        labels:
          "$1": "$4"
          "$2": "$3"
          quantile: "0.$6"
      """;
}
