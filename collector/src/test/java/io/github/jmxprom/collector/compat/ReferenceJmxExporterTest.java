package io.github.jmxprom.collector.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jmxprom.collector.compat.ReferenceJmxExporter.Result;
import io.github.jmxprom.collector.compat.ReferenceJmxExporter.Result.Outcome;
import io.github.jmxprom.collector.testing.Beans;
import io.github.jmxprom.collector.testing.HostileBeans;
import io.github.jmxprom.collector.testing.TestMBeans;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import javax.management.MBeanServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness runs the real jmx_exporter 1.0.1: it reproduces the conformance cases 1, 2, 3, 4, 6
 * and 11 of the reference (section 6.4), and pins where 1.0.1 behaves differently from the newer
 * release the reference describes.
 */
class ReferenceJmxExporterTest {

  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

  @BeforeAll
  static void registerTestMBeans() {
    TestMBeans.unregisterAll(SERVER);
    TestMBeans.register(SERVER, TestMBeans.referenceSafe());
  }

  @AfterAll
  static void unregisterTestMBeans() {
    TestMBeans.unregisterAll(SERVER);
  }

  @Test
  void case1_defaultExportOfASinglePropertyStandardMBean() {
    String expected =
        """
        # HELP io_prometheus_jmx_customValue_Value Attribute exposed for management io.prometheus.jmx:name=null,type=customValue,attribute=Value
        # TYPE io_prometheus_jmx_customValue_Value untyped
        io_prometheus_jmx_customValue_Value 345.0
        """;
    String include = "includeObjectNames: [\"io.prometheus.jmx:type=customValue\"]\n";

    String catchAllRule = scrape(include + "rules: [{pattern: \".*\"}]");
    String noRules = scrape(include);

    assertThat(catchAllRule).contains(expected).doesNotContain("customValue_Text");
    assertThat(noRules).contains(expected).doesNotContain("customValue_Text");
  }

  @Test
  void case2_firstPropertyGoesIntoTheNameTheOthersBecomeLabelsInCreationOrder() {
    String text =
        scrape(
            """
            includeObjectNames:
              - "hadoop:*"
              - "org.apache.cassandra.metrics:type=Compaction,name=CompletedTasks"
            """);

    assertThat(text)
        .contains(
            "\nhadoop_DataNode_replaceBlockOpMinTime{name=\"DataNodeActivity-ams-hdd001-50010\"}"
                + " 200.0\n",
            "\norg_apache_cassandra_metrics_Compaction_Value{name=\"CompletedTasks\"}"
                + " 0.20000000298023224\n");
  }

  @Test
  void case3_booleansAndSanitisedNames() {
    String text =
        scrape(
            """
            includeObjectNames: ["boolean:*", "org.apache.cassandra.concurrent:*"]
            """);

    assertThat(text)
        .contains(
            "\nboolean_Test_False 0.0\n",
            "\nboolean_Test_True 1.0\n",
            "\norg_apache_cassandra_concurrent_CONSISTENCY_MANAGER_ActiveCount 100.0\n");
  }

  @Test
  void case4_compositePathInTheNameAndCompositeDescriptionInHelp() {
    String text =
        scrape("includeObjectNames: [\"io.prometheus.jmx.test:name=PerformanceMetricsMBean\"]");

    assertThat(text)
        .contains(
            "# HELP io_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_ActiveSessions"
                + " Example composite data io.prometheus.jmx.test:name=PerformanceMetricsMBean,"
                + "type=null,attribute=ActiveSessions\n",
            "\nio_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_ActiveSessions"
                + " 2.0\n",
            "\nio_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_Bootstraps 4.0\n",
            "\nio_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_BootstrapsDeferred"
                + " 6.0\n");
  }

  @Test
  void case6_tabularDataRowsGetTheirIndexColumnAsLabel() {
    Result result =
        ReferenceJmxExporter.get()
            .scrape("includeObjectNames: [\"io.prometheus.jmx:type=tabularData\"]");
    Exposition tables =
        result.exposition().filter(name -> name.startsWith("io_prometheus_jmx_tabularData_"));

    assertThat(result.text())
        .contains(
            "# HELP io_prometheus_jmx_tabularData_Server_1_Disk_Usage_Table_avail Row Type for File"
                + " System Disk Space Usage Tables io.prometheus.jmx:name=null,type=tabularData,"
                + "attribute=avail\n",
            "\nio_prometheus_jmx_tabularData_Server_1_Disk_Usage_Table_avail{source=\"/dev/sda1\"}"
                + " 1.073741824E9\n",
            "\nio_prometheus_jmx_tabularData_Server_1_Disk_Usage_Table_pcent{source=\"/dev/sda2\"}"
                + " 0.5714285714285714\n",
            "\nio_prometheus_jmx_tabularData_Server_2_Disk_Usage_Table_size{source=\"/dev/sda2\"}"
                + " 1.073741824E11\n");
    assertThat(tables.samples()).hasSize(16);
    assertThat(tables.families().keySet()).noneMatch(name -> name.endsWith("_target"));
  }

  @Test
  void case11_collidingNamesGetAnObjectnameLabel() {
    String text =
        scrape(
            """
            includeObjectNames:
              - "io.prometheus.jmx.test:type=Total*Value"
              - "io.prometheus.jmx.test:type=Colliding*Name"
            """);

    assertThat(text)
        .contains(
            "\nio_prometheus_jmx_test_Total_Value_Total{_objectname=\"io.prometheus.jmx.test"
                + "<type=Total-Value><>Total\"} 345.0\n",
            "\nio_prometheus_jmx_test_Total_Value_Total{_objectname=\"io.prometheus.jmx.test"
                + "<type=Total.Value><>Total\"} 345.0\n",
            "\nio_prometheus_jmx_test_Colliding_Name_Value{_objectname=\"io.prometheus.jmx.test"
                + "<type=Colliding Name><>Value\"} 345.0\n",
            "\nio_prometheus_jmx_test_CollidingAName_Value 345.0\n");
  }

  @Test
  void v101_duplicateLabelNamesFailTheWholeScrapeInsteadOfAbortingTheWalk() {
    Beans props = HostileBeans.breakingReference();
    TestMBeans.register(SERVER, props);
    try {
      Result result =
          ReferenceJmxExporter.get().scrape("includeObjectNames: [\"test.collide:type=Props,*\"]");

      assertThat(result.outcome()).isEqualTo(Outcome.SCRAPE_FAILED);
      assertThat(result.failureSummary())
          .isEqualTo("java.lang.IllegalArgumentException: a_b: duplicate label name");
    } finally {
      TestMBeans.unregister(SERVER, props);
    }
  }

  @Test
  void v101_runtimeExceptionFromGetMBeanInfoAbortsTheRestOfTheWalk() {
    Beans broken = HostileBeans.breakingReference();
    TestMBeans.register(SERVER, broken);
    try {
      Result result =
          ReferenceJmxExporter.get()
              .scrape("includeObjectNames: [\"test.hostile:type=BrokenInfo\"]");

      assertThat(result.outcome()).isEqualTo(Outcome.OK);
      assertThat(result.walkFailed()).isTrue();
    } finally {
      TestMBeans.unregister(SERVER, broken);
    }
  }

  @Test
  void v101_selfMetricsShowThePreviousScrape() {
    ReferenceJmxExporter.Session session =
        ReferenceJmxExporter.get()
            .open(
                """
                includeObjectNames: ["io.prometheus.jmx:type=customValue"]
                rules:
                  - pattern: 'customValue><>Value'
                    name: custom_$9
                """);

    Result first = session.scrape();
    Result second = session.scrape();

    assertThat(first.walkFailed()).isTrue();
    assertThat(first.text()).contains("\njmx_scrape_error 0.0\n");
    assertThat(second.text()).contains("\njmx_scrape_error 1.0\n");
    assertThat(second.text()).doesNotContain("jmx_scrape_timeout");
  }

  @Test
  void v101_ignoresKeysAddedByLaterReleases() {
    String include =
        "includeObjectNames: [\"io.prometheus.jmx:type=customValue\", \"kafka.consumer:*\"]\n";
    String later =
        """
        inferCounterTypeFromName: true
        excludeJvmMetrics: true
        includeObjectNameAttributes:
          "io.prometheus.jmx:type=customValue": [Text]
        metricCustomizers:
          - mbeanFilter: {domain: io.prometheus.jmx, properties: {type: customValue}}
            attributesAsLabels: [Text]
        """;

    Exposition plain = DifferentialCorpus.compared(scrapeExposition(include));
    Exposition withLaterKeys = DifferentialCorpus.compared(scrapeExposition(include + later));

    assertThat(withLaterKeys).isEqualTo(plain);
    assertThat(plain.families()).containsKey("kafka_consumer_consumer_node_metrics_request");
  }

  @Test
  void v101_rejectsAnSslMapAndStringBooleans() {
    Result sslMap = ReferenceJmxExporter.get().scrape("ssl: {enabled: false}");
    Result stringBoolean = ReferenceJmxExporter.get().scrape("lowercaseOutputName: \"true\"");

    assertThat(sslMap.outcome()).isEqualTo(Outcome.CONFIG_REJECTED);
    assertThat(sslMap.failureSummary()).startsWith("java.lang.ClassCastException");
    assertThat(stringBoolean.outcome()).isEqualTo(Outcome.CONFIG_REJECTED);
    assertThat(stringBoolean.failureSummary()).startsWith("java.lang.ClassCastException");
  }

  @Test
  void v101_failsEveryScrapeDuringTheStartDelayInLibraryMode() {
    Result result = ReferenceJmxExporter.get().scrape("startDelaySeconds: 60");

    assertThat(result.outcome()).isEqualTo(Outcome.SCRAPE_FAILED);
    assertThat(result.failureSummary())
        .isEqualTo("java.lang.IllegalStateException: JMXCollector waiting for startDelaySeconds");
  }

  @Test
  void v101_rejectsANullRulesKey() {
    Result result = ReferenceJmxExporter.get().scrape("rules:");

    assertThat(result.outcome()).isEqualTo(Outcome.CONFIG_REJECTED);
    assertThat(result.failureSummary()).startsWith("java.lang.NullPointerException");
  }

  @Test
  void aFolderWithoutTheJarsIsReportedClearly(@TempDir Path empty) {
    assertThatThrownBy(() -> ReferenceJmxExporter.load(empty))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no collector-1.0.1.jar*.jar in " + empty)
        .hasMessageContaining(ReferenceJmxExporter.DIR_PROPERTY);
    assertThatThrownBy(() -> ReferenceJmxExporter.load(empty.resolve("missing")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(ReferenceJmxExporter.DIR_PROPERTY);
  }

  private static String scrape(String yaml) {
    Result result = ReferenceJmxExporter.get().scrape(yaml);
    assertThat(result.outcome()).as(result.failureSummary()).isEqualTo(Outcome.OK);
    assertThat(result.walkFailed()).as("1.0.1 aborted its walk").isFalse();
    return result.text();
  }

  private static Exposition scrapeExposition(String yaml) {
    return Exposition.parse(scrape(yaml));
  }
}
