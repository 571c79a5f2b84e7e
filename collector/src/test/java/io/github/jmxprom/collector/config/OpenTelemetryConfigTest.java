package io.github.jmxprom.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenTelemetryConfigTest {

  private static OpenTelemetryConfig read(String yaml) {
    return OpenTelemetryConfig.read(ConfigNodes.section(yaml, "openTelemetry"));
  }

  private static String error(String yaml) {
    try {
      read(yaml);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a ConfigException for:\n" + yaml);
  }

  @Test
  void readsEveryKey() {
    OpenTelemetryConfig config =
        read(
            """
            openTelemetry:
              endpoint: http://collector:4318/v1/metrics
              protocol: http/protobuf
              interval: 60
              timeoutSeconds: "10"
              preserveNames: "on"
              headers:
                X-Scope-OrgID: team-a
                Authorization: Bearer abc123
              resourceAttributes:
                deployment.environment: production
                host.name: broker-1
              serviceInstanceId: broker-1
              serviceNamespace: kafka
              serviceName: kafka-broker
              serviceVersion: "3.7.0"
            """);
    assertThat(config.getEndpoint()).isEqualTo("http://collector:4318/v1/metrics");
    assertThat(config.getProtocol()).isEqualTo("http/protobuf");
    assertThat(config.getIntervalSeconds()).isEqualTo(60);
    assertThat(config.getTimeoutSeconds()).isEqualTo(10);
    assertThat(config.getPreserveNames()).isTrue();
    assertThat(config.getHeaders())
        .containsExactly(entry("X-Scope-OrgID", "team-a"), entry("Authorization", "Bearer abc123"));
    assertThat(config.getResourceAttributes())
        .containsExactly(
            entry("deployment.environment", "production"), entry("host.name", "broker-1"));
    assertThat(config.getServiceInstanceId()).isEqualTo("broker-1");
    assertThat(config.getServiceNamespace()).isEqualTo("kafka");
    assertThat(config.getServiceName()).isEqualTo("kafka-broker");
    assertThat(config.getServiceVersion()).isEqualTo("3.7.0");
    assertThat(config.toString())
        .contains("endpoint=http://collector:4318/v1/metrics", "Authorization")
        .doesNotContain("abc123");
  }

  @Test
  void anEmptySectionSetsNothingSoClientJavaDefaultsApply() {
    for (OpenTelemetryConfig config :
        new OpenTelemetryConfig[] {read("openTelemetry:\n"), OpenTelemetryConfig.read(null)}) {
      assertThat(config.getEndpoint()).isNull();
      assertThat(config.getProtocol()).isNull();
      assertThat(config.getIntervalSeconds()).isNull();
      assertThat(config.getTimeoutSeconds()).isNull();
      assertThat(config.getPreserveNames()).isNull();
      assertThat(config.getHeaders()).isEmpty();
      assertThat(config.getResourceAttributes()).isEmpty();
      assertThat(config.getServiceInstanceId()).isNull();
      assertThat(config.getServiceNamespace()).isNull();
      assertThat(config.getServiceName()).isNull();
      assertThat(config.getServiceVersion()).isNull();
    }
  }

  @Test
  void theSectionMustBeAMappingWithKnownKeys() {
    assertThat(error("openTelemetry: true\n"))
        .isEqualTo(
            "test.yaml: openTelemetry: expected a mapping (key: value lines), got boolean true"
                + " (line 1, column 16)");
    assertThat(error("openTelemetry:\n  intervall: 5\n"))
        .isEqualTo(
            "test.yaml: openTelemetry.intervall: unknown key, did you mean 'interval'?"
                + " (line 2, column 3)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost:4317", "https://otlp.example.com/v1/metrics"})
  void acceptsHttpAndHttpsEndpoints(String endpoint) {
    assertThat(read("openTelemetry:\n  endpoint: " + endpoint + "\n").getEndpoint())
        .isEqualTo(endpoint);
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost:4317", "ftp://collector", "'http://'", "'http://a b'", "/v1"})
  void rejectsEndpointsThatAreNotHttpUrls(String endpoint) {
    String expectedText = endpoint.replace("'", "");
    assertThat(error("openTelemetry:\n  endpoint: " + endpoint + "\n"))
        .isEqualTo(
            "test.yaml: openTelemetry.endpoint: expected an http:// or https:// URL such as"
                + " http://localhost:4317, got \""
                + expectedText
                + "\" (line 2, column 13)");
  }

  @Test
  void rejectsAnEmptyEndpoint() {
    assertThat(error("openTelemetry:\n  endpoint: ''\n"))
        .isEqualTo("test.yaml: openTelemetry.endpoint: must not be empty (line 2, column 13)");
  }

  @Test
  void protocolIsGrpcOrHttpProtobuf() {
    assertThat(read("openTelemetry: {protocol: grpc}").getProtocol()).isEqualTo("grpc");
    assertThat(error("openTelemetry:\n  protocol: grcp\n"))
        .isEqualTo(
            "test.yaml: openTelemetry.protocol: unsupported protocol \"grcp\", did you mean"
                + " 'grpc'? (line 2, column 13)");
    assertThat(error("openTelemetry:\n  protocol: http/json\n"))
        .isEqualTo(
            "test.yaml: openTelemetry.protocol: unsupported protocol \"http/json\"; expected grpc"
                + " or http/protobuf (line 2, column 13)");
  }

  @Test
  void intervalAndTimeoutAreAtLeastOneSecond() {
    assertThat(error("openTelemetry:\n  interval: 0\n"))
        .isEqualTo(
            "test.yaml: openTelemetry.interval: must be at least 1, got 0 (line 2, column 13)");
    assertThat(error("openTelemetry:\n  timeoutSeconds: soon\n"))
        .isEqualTo(
            "test.yaml: openTelemetry.timeoutSeconds: expected a whole number, got the string \"soon\""
                + " (line 2, column 19)");
  }

  @Test
  void preserveNamesIsALenientBoolean() {
    assertThat(read("openTelemetry: {preserveNames: 'false'}").getPreserveNames()).isFalse();
    assertThat(read("openTelemetry: {preserveNames: 1}").getPreserveNames()).isTrue();
    assertThat(error("openTelemetry:\n  preserveNames: sometimes\n"))
        .isEqualTo(
            "test.yaml: openTelemetry.preserveNames: expected true or false, got the string \"sometimes\""
                + " (line 2, column 18)");
  }

  @Test
  void headersAreNonEmptyStringsAndTheirValuesAreNeverShown() {
    assertThat(error("openTelemetry:\n  headers: [a]\n"))
        .isEqualTo(
            "test.yaml: openTelemetry.headers: expected a mapping (key: value lines), got a list"
                + " (line 2, column 12)");
    assertThat(error("openTelemetry:\n  headers:\n    ' ': x\n"))
        .isEqualTo("test.yaml: openTelemetry.headers. : empty key (line 3, column 10)");
    assertThat(error("openTelemetry:\n  headers:\n    Authorization: ''\n"))
        .isEqualTo(
            "test.yaml: openTelemetry.headers.Authorization: must not be empty"
                + " (line 3, column 20)");
    assertThat(error("openTelemetry:\n  headers:\n    X-Token: 918273645\n"))
        .isEqualTo(
            "test.yaml: openTelemetry.headers.X-Token: expected a string; put the value in quotes"
                + " so that YAML keeps it exactly as written (the value is not shown because it"
                + " is secret) (line 3, column 14)");
  }

  @Test
  void resourceAttributesAreNonEmptyStrings() {
    assertThat(error("openTelemetry:\n  resourceAttributes:\n    replicas: 2\n"))
        .isEqualTo(
            "test.yaml: openTelemetry.resourceAttributes.replicas: expected text, got number"
                + " 2; quote it: \"2\" (line 3, column 15)");
    assertThat(error("openTelemetry:\n  resourceAttributes:\n    team: ' '\n"))
        .isEqualTo(
            "test.yaml: openTelemetry.resourceAttributes.team: must not be empty"
                + " (line 3, column 11)");
  }

  @Test
  void serviceSettingsAreNonEmptyStrings() {
    assertThat(error("openTelemetry:\n  serviceName: ''\n"))
        .isEqualTo("test.yaml: openTelemetry.serviceName: must not be empty (line 2, column 16)");
    // 1.10 unquoted is the number 1.1: insist on quotes rather than export the wrong version.
    assertThat(error("openTelemetry:\n  serviceVersion: 1.10\n"))
        .isEqualTo(
            "test.yaml: openTelemetry.serviceVersion: expected text, got 1.10, which YAML reads as"
                + " the number 1.1; quote it: \"1.10\" (line 2, column 19)");
  }
}
