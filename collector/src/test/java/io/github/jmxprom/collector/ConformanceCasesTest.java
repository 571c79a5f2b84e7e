package io.github.jmxprom.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.testing.Beans;
import io.github.jmxprom.collector.testing.MapBean;
import io.github.jmxprom.collector.testing.TestMBeans;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The twenty conformance cases of the behaviour reference (§6.4) and its "additional high-value
 * checks", as golden expositions. Every expected text is what jmx_exporter 1.0.1 serves for the
 * same beans and config (keys 1.0.1 does not know yet — {@code metricCustomizers}, {@code
 * inferCounterTypeFromName}, {@code includeObjectNameAttributes}, {@code excludeJvmMetrics} —
 * follow the reference). Each test scrapes a fresh MBeanServer holding only the beans it names.
 */
class ConformanceCasesTest {

  static final String CUSTOM_VALUE = "io.prometheus.jmx:type=customValue";
  static final String STRING_VALUE = "io.prometheus.jmx:type=stringValue";
  static final String HADOOP = "hadoop:service=DataNode,name=DataNodeActivity-ams-hdd001-50010";
  static final String CASSANDRA_COMPACTION =
      "org.apache.cassandra.metrics:type=Compaction,name=CompletedTasks";
  static final String CASSANDRA_CONCURRENT =
      "org.apache.cassandra.concurrent:type=CONSISTENCY-MANAGER";
  static final String BOOLEAN = "boolean:Type=Test";
  static final String PERFORMANCE = "io.prometheus.jmx.test:name=PerformanceMetricsMBean";
  static final String TABULAR = "io.prometheus.jmx:type=tabularData";
  static final String EXIST = "org.exist.management.exist:type=ProcessReport";
  static final String HADOOP_MAP = "Hadoop:name=DataNodeInfo,service=DataNode";
  static final String DATE = "io.prometheus.jmx.test:type=dateValue";
  static final String OPTIONAL = "io.prometheus.jmx.test:type=optionalValue";
  static final String NULL = "io.prometheus.jmx.test:type=nullValue";
  static final String ARRAY = "io.prometheus.jmx.test:type=arrayValue";
  static final String UNSUPPORTED = "io.prometheus.jmx.test:type=unsupportedType";
  static final String ENUM = "org.bean.enum:type=StateMetrics";
  static final String TOTAL_DASH = "io.prometheus.jmx.test:type=Total-Value";
  static final String TOTAL_DOT = "io.prometheus.jmx.test:type=Total.Value";
  static final String KAFKA =
      "kafka.consumer:type=consumer-node-metrics,client-id=my-app-consumer,node-id=node-1";
  static final String CAMEL =
      "org.apache.camel:context=my-camel-context,type=routes,name=\"my-route-name\"";
  static final String SERVLET =
      "Catalina:j2eeType=Servlet,WebModule=//localhost/host-manager,name=HTMLHostManager,"
          + "J2EEApplication=none,J2EEServer=none";

  @Test
  void case01_defaultExportOfASinglePropertyStandardMBean() {
    String expected =
        """
        # HELP io_prometheus_jmx_customValue_Value Attribute exposed for management io.prometheus.jmx:name=null,type=customValue,attribute=Value
        # TYPE io_prometheus_jmx_customValue_Value untyped
        io_prometheus_jmx_customValue_Value 345.0
        """;
    assertThat(scrape("rules:\n- pattern: \".*\"\n", CUSTOM_VALUE)).isEqualTo(expected);
    assertThat(scrape("{}", CUSTOM_VALUE)).isEqualTo(expected);
  }

  @Test
  void case02_firstPropertyGoesIntoTheNameTheOthersBecomeLabelsInCreationOrder() {
    assertThat(scrape("{}", HADOOP, CASSANDRA_COMPACTION))
        .isEqualTo(
            """
            # HELP hadoop_DataNode_replaceBlockOpMinTime Attribute exposed for management hadoop:name=DataNodeActivity-ams-hdd001-50010,type=null,attribute=replaceBlockOpMinTime
            # TYPE hadoop_DataNode_replaceBlockOpMinTime untyped
            hadoop_DataNode_replaceBlockOpMinTime{name="DataNodeActivity-ams-hdd001-50010"} 200.0
            # HELP org_apache_cassandra_metrics_Compaction_Value Attribute exposed for management org.apache.cassandra.metrics:name=CompletedTasks,type=Compaction,attribute=Value
            # TYPE org_apache_cassandra_metrics_Compaction_Value untyped
            org_apache_cassandra_metrics_Compaction_Value{name="CompletedTasks"} 0.20000000298023224
            """);
  }

  @Test
  void case03_booleansBecomeOneAndZeroAndNamesAreSanitised() {
    assertThat(scrape("{}", BOOLEAN, CASSANDRA_CONCURRENT))
        .isEqualTo(
            """
            # HELP boolean_Test_False Attribute exposed for management boolean:name=null,type=null,attribute=False
            # TYPE boolean_Test_False untyped
            boolean_Test_False 0.0
            # HELP boolean_Test_True Attribute exposed for management boolean:name=null,type=null,attribute=True
            # TYPE boolean_Test_True untyped
            boolean_Test_True 1.0
            # HELP org_apache_cassandra_concurrent_CONSISTENCY_MANAGER_ActiveCount Attribute exposed for management org.apache.cassandra.concurrent:name=null,type=CONSISTENCY-MANAGER,attribute=ActiveCount
            # TYPE org_apache_cassandra_concurrent_CONSISTENCY_MANAGER_ActiveCount untyped
            org_apache_cassandra_concurrent_CONSISTENCY_MANAGER_ActiveCount 100.0
            """);
  }

  @Test
  void case04_compositeItemsExtendThePathAndHelpShowsTheCompositeTypeDescription() {
    assertThat(scrape("{}", PERFORMANCE))
        .isEqualTo(
            """
            # HELP io_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_ActiveSessions Example composite data io.prometheus.jmx.test:name=PerformanceMetricsMBean,type=null,attribute=ActiveSessions
            # TYPE io_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_ActiveSessions untyped
            io_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_ActiveSessions 2.0
            # HELP io_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_Bootstraps Example composite data io.prometheus.jmx.test:name=PerformanceMetricsMBean,type=null,attribute=Bootstraps
            # TYPE io_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_Bootstraps untyped
            io_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_Bootstraps 4.0
            # HELP io_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_BootstrapsDeferred Example composite data io.prometheus.jmx.test:name=PerformanceMetricsMBean,type=null,attribute=BootstrapsDeferred
            # TYPE io_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_BootstrapsDeferred untyped
            io_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_BootstrapsDeferred 6.0
            """);
  }

  @Test
  void case05_attrNameSnakeCaseChangesOnlyTheLeafName() {
    String yaml =
        """
        rules:
        - pattern: 'io.prometheus.jmx.test<name=PerformanceMetricsMBean><PerformanceMetrics>.*'
          attrNameSnakeCase: true
        """;
    assertThat(scrape(yaml, PERFORMANCE))
        .isEqualTo(
            """
            # HELP io_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_active_sessions Example composite data io.prometheus.jmx.test:name=PerformanceMetricsMBean,type=null,attribute=ActiveSessions
            # TYPE io_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_active_sessions untyped
            io_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_active_sessions 2.0
            # HELP io_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_bootstraps Example composite data io.prometheus.jmx.test:name=PerformanceMetricsMBean,type=null,attribute=Bootstraps
            # TYPE io_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_bootstraps untyped
            io_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_bootstraps 4.0
            # HELP io_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_bootstraps_deferred Example composite data io.prometheus.jmx.test:name=PerformanceMetricsMBean,type=null,attribute=BootstrapsDeferred
            # TYPE io_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_bootstraps_deferred untyped
            io_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_bootstraps_deferred 6.0
            """);
  }

  @Test
  void case05_attrNameSnakeCaseWithLowercaseOutputNameLowercasesTheWholeName() {
    String yaml =
        """
        lowercaseOutputName: true
        rules:
        - attrNameSnakeCase: true
        """;
    assertThat(scrape(yaml, PERFORMANCE))
        .isEqualTo(
            """
            # HELP io_prometheus_jmx_test_performancemetricsmbean_performancemetrics_active_sessions Example composite data io.prometheus.jmx.test:name=PerformanceMetricsMBean,type=null,attribute=ActiveSessions
            # TYPE io_prometheus_jmx_test_performancemetricsmbean_performancemetrics_active_sessions untyped
            io_prometheus_jmx_test_performancemetricsmbean_performancemetrics_active_sessions 2.0
            # HELP io_prometheus_jmx_test_performancemetricsmbean_performancemetrics_bootstraps Example composite data io.prometheus.jmx.test:name=PerformanceMetricsMBean,type=null,attribute=Bootstraps
            # TYPE io_prometheus_jmx_test_performancemetricsmbean_performancemetrics_bootstraps untyped
            io_prometheus_jmx_test_performancemetricsmbean_performancemetrics_bootstraps 4.0
            # HELP io_prometheus_jmx_test_performancemetricsmbean_performancemetrics_bootstraps_deferred Example composite data io.prometheus.jmx.test:name=PerformanceMetricsMBean,type=null,attribute=BootstrapsDeferred
            # TYPE io_prometheus_jmx_test_performancemetricsmbean_performancemetrics_bootstraps_deferred untyped
            io_prometheus_jmx_test_performancemetricsmbean_performancemetrics_bootstraps_deferred 6.0
            """);
  }

  @Test
  void case06_tabularDataIndexColumnsBecomeLabelsAndStringColumnsAreDropped() {
    assertThat(scrape("{}", TABULAR))
        .isEqualTo(
            """
            # HELP io_prometheus_jmx_tabularData_Server_1_Disk_Usage_Table_avail Row Type for File System Disk Space Usage Tables io.prometheus.jmx:name=null,type=tabularData,attribute=avail
            # TYPE io_prometheus_jmx_tabularData_Server_1_Disk_Usage_Table_avail untyped
            io_prometheus_jmx_tabularData_Server_1_Disk_Usage_Table_avail{source="/dev/sda1"} 1.073741824E9
            io_prometheus_jmx_tabularData_Server_1_Disk_Usage_Table_avail{source="/dev/sda2"} 6.442450944E9
            # HELP io_prometheus_jmx_tabularData_Server_1_Disk_Usage_Table_pcent Row Type for File System Disk Space Usage Tables io.prometheus.jmx:name=null,type=tabularData,attribute=pcent
            # TYPE io_prometheus_jmx_tabularData_Server_1_Disk_Usage_Table_pcent untyped
            io_prometheus_jmx_tabularData_Server_1_Disk_Usage_Table_pcent{source="/dev/sda1"} 0.8571428571428571
            io_prometheus_jmx_tabularData_Server_1_Disk_Usage_Table_pcent{source="/dev/sda2"} 0.5714285714285714
            # HELP io_prometheus_jmx_tabularData_Server_1_Disk_Usage_Table_size Row Type for File System Disk Space Usage Tables io.prometheus.jmx:name=null,type=tabularData,attribute=size
            # TYPE io_prometheus_jmx_tabularData_Server_1_Disk_Usage_Table_size untyped
            io_prometheus_jmx_tabularData_Server_1_Disk_Usage_Table_size{source="/dev/sda1"} 7.516192768E9
            io_prometheus_jmx_tabularData_Server_1_Disk_Usage_Table_size{source="/dev/sda2"} 1.5032385536E10
            # HELP io_prometheus_jmx_tabularData_Server_1_Disk_Usage_Table_used Row Type for File System Disk Space Usage Tables io.prometheus.jmx:name=null,type=tabularData,attribute=used
            # TYPE io_prometheus_jmx_tabularData_Server_1_Disk_Usage_Table_used untyped
            io_prometheus_jmx_tabularData_Server_1_Disk_Usage_Table_used{source="/dev/sda1"} 6.442450944E9
            io_prometheus_jmx_tabularData_Server_1_Disk_Usage_Table_used{source="/dev/sda2"} 8.589934592E9
            # HELP io_prometheus_jmx_tabularData_Server_2_Disk_Usage_Table_avail Row Type for File System Disk Space Usage Tables io.prometheus.jmx:name=null,type=tabularData,attribute=avail
            # TYPE io_prometheus_jmx_tabularData_Server_2_Disk_Usage_Table_avail untyped
            io_prometheus_jmx_tabularData_Server_2_Disk_Usage_Table_avail{source="/dev/sda1"} 1.1811160064E10
            io_prometheus_jmx_tabularData_Server_2_Disk_Usage_Table_avail{source="/dev/sda2"} 2.147483648E10
            # HELP io_prometheus_jmx_tabularData_Server_2_Disk_Usage_Table_pcent Row Type for File System Disk Space Usage Tables io.prometheus.jmx:name=null,type=tabularData,attribute=pcent
            # TYPE io_prometheus_jmx_tabularData_Server_2_Disk_Usage_Table_pcent untyped
            io_prometheus_jmx_tabularData_Server_2_Disk_Usage_Table_pcent{source="/dev/sda1"} 0.5416666666666666
            io_prometheus_jmx_tabularData_Server_2_Disk_Usage_Table_pcent{source="/dev/sda2"} 0.8
            # HELP io_prometheus_jmx_tabularData_Server_2_Disk_Usage_Table_size Row Type for File System Disk Space Usage Tables io.prometheus.jmx:name=null,type=tabularData,attribute=size
            # TYPE io_prometheus_jmx_tabularData_Server_2_Disk_Usage_Table_size untyped
            io_prometheus_jmx_tabularData_Server_2_Disk_Usage_Table_size{source="/dev/sda1"} 2.5769803776E10
            io_prometheus_jmx_tabularData_Server_2_Disk_Usage_Table_size{source="/dev/sda2"} 1.073741824E11
            # HELP io_prometheus_jmx_tabularData_Server_2_Disk_Usage_Table_used Row Type for File System Disk Space Usage Tables io.prometheus.jmx:name=null,type=tabularData,attribute=used
            # TYPE io_prometheus_jmx_tabularData_Server_2_Disk_Usage_Table_used untyped
            io_prometheus_jmx_tabularData_Server_2_Disk_Usage_Table_used{source="/dev/sda1"} 1.3958643712E10
            io_prometheus_jmx_tabularData_Server_2_Disk_Usage_Table_used{source="/dev/sda2"} 8.589934592E10
            """);
  }

  @Test
  void case07_mxBeanMapWithACompositeKeyGetsOneLabelPerKeyItemAndNoValueSegment() {
    assertThat(scrape("{}", EXIST))
        .isEqualTo(
            """
            # HELP org_exist_management_exist_ProcessReport_RunningQueries_elapsedTime io.github.jmxprom.collector.testing.TabularBeans$RunningQuery org.exist.management.exist:name=null,type=ProcessReport,attribute=elapsedTime
            # TYPE org_exist_management_exist_ProcessReport_RunningQueries_elapsedTime untyped
            org_exist_management_exist_ProcessReport_RunningQueries_elapsedTime{key_id="1",key_path="/db/query1.xq"} 8.1583877779E10
            org_exist_management_exist_ProcessReport_RunningQueries_elapsedTime{key_id="2",key_path="/db/query2.xq"} 1234.0
            # HELP org_exist_management_exist_ProcessReport_RunningQueries_id io.github.jmxprom.collector.testing.TabularBeans$RunningQuery org.exist.management.exist:name=null,type=ProcessReport,attribute=id
            # TYPE org_exist_management_exist_ProcessReport_RunningQueries_id untyped
            org_exist_management_exist_ProcessReport_RunningQueries_id{key_id="1",key_path="/db/query1.xq"} 1.0
            org_exist_management_exist_ProcessReport_RunningQueries_id{key_id="2",key_path="/db/query2.xq"} 2.0
            # HELP org_exist_management_exist_ProcessReport_RunningQueries_startedAtTime io.github.jmxprom.collector.testing.TabularBeans$RunningQuery org.exist.management.exist:name=null,type=ProcessReport,attribute=startedAtTime
            # TYPE org_exist_management_exist_ProcessReport_RunningQueries_startedAtTime untyped
            org_exist_management_exist_ProcessReport_RunningQueries_startedAtTime{key_id="1",key_path="/db/query1.xq"} 1.7E12
            org_exist_management_exist_ProcessReport_RunningQueries_startedAtTime{key_id="2",key_path="/db/query2.xq"} 1.7E12
            """);
  }

  @Test
  void case08_nestedMapRepeatsTheIndexNameWithAnUnderscore() {
    assertThat(scrape("{}", HADOOP_MAP))
        .isEqualTo(
            """
            # HELP Hadoop_DataNodeInfo_DatanodeNetworkCounts java.util.Map<java.lang.String, java.lang.Long> Hadoop:name=DataNodeInfo,type=null,attribute=DatanodeNetworkCounts
            # TYPE Hadoop_DataNodeInfo_DatanodeNetworkCounts untyped
            Hadoop_DataNodeInfo_DatanodeNetworkCounts{key="1.2.3.4",key_="networkErrors",service="DataNode"} 338.0
            """);
  }

  @Test
  void case09_datesBecomeEpochSecondsOptionalsAreUnwrappedNullArraysAndUnknownTypesAreSkipped() {
    MetricSnapshots snapshots = collect("{}", DATE, OPTIONAL, NULL, ARRAY, UNSUPPORTED);
    assertThat(Scrapes.text(snapshots, false))
        .isEqualTo(
            """
            # HELP io_prometheus_jmx_test_dateValue_Timestamp Attribute exposed for management io.prometheus.jmx.test:name=null,type=dateValue,attribute=Timestamp
            # TYPE io_prometheus_jmx_test_dateValue_Timestamp untyped
            io_prometheus_jmx_test_dateValue_Timestamp 1.7E9
            # HELP io_prometheus_jmx_test_optionalValue_OptionalPresent Attribute exposed for management io.prometheus.jmx.test:name=null,type=optionalValue,attribute=OptionalPresent
            # TYPE io_prometheus_jmx_test_optionalValue_OptionalPresent untyped
            io_prometheus_jmx_test_optionalValue_OptionalPresent 42.0
            """);
    assertThat(Scrapes.text(snapshots, true)).contains("\njmx_scrape_error 0.0\n");
  }

  @Test
  void case10_enumIsMatchedAsTextAndExportedThroughAStaticValue() {
    String yaml =
        """
        rules:
        - pattern: "org.bean.enum<type=StateMetrics.*>State: RUNNING"
          name: bean_running
          value: 1
        """;
    assertThat(scrape(yaml, ENUM))
        .isEqualTo(
            """
            # HELP bean_running Attribute exposed for management org.bean.enum:name=null,type=StateMetrics,attribute=State
            # TYPE bean_running untyped
            bean_running 1.0
            """);
  }

  @Test
  void case10_enumWithoutAStaticValueExportsNothing() {
    assertThat(scrape("{}", ENUM)).isEmpty();
  }

  @Test
  void case11_equalNamesAndLabelsGetAnObjectNameLabel() {
    String text = scrape("{}", TOTAL_DASH, TOTAL_DOT);
    // Which source names the merged family depends on bean iteration order, as in jmx_exporter.
    assertHelpOneOf(
        text,
        "io_prometheus_jmx_test_Total_Value_Total",
        "Attribute exposed for management io.prometheus.jmx.test:name=null,type=Total-Value,attribute=Total",
        "Attribute exposed for management io.prometheus.jmx.test:name=null,type=Total.Value,attribute=Total");
    assertThat(withoutHelp(text))
        .isEqualTo(
            """
            # TYPE io_prometheus_jmx_test_Total_Value_Total untyped
            io_prometheus_jmx_test_Total_Value_Total{_objectname="io.prometheus.jmx.test<type=Total-Value><>Total"} 345.0
            io_prometheus_jmx_test_Total_Value_Total{_objectname="io.prometheus.jmx.test<type=Total.Value><>Total"} 345.0
            """);
  }

  @Test
  void case11_collidingNamesOnlyWhereSanitisingMakesThemEqual() {
    String[] colliding = new String[6];
    for (int i = 0; i < 6; i++) {
      colliding[i] = "io.prometheus.jmx.test:type=Colliding" + " -.A1_".charAt(i) + "Name";
    }
    String text = scrape("{}", colliding);
    assertHelpOneOf(
        text,
        "io_prometheus_jmx_test_Colliding_Name_Value",
        "Attribute exposed for management io.prometheus.jmx.test:name=null,type=Colliding Name,attribute=Value",
        "Attribute exposed for management io.prometheus.jmx.test:name=null,type=Colliding-Name,attribute=Value",
        "Attribute exposed for management io.prometheus.jmx.test:name=null,type=Colliding.Name,attribute=Value",
        "Attribute exposed for management io.prometheus.jmx.test:name=null,type=Colliding_Name,attribute=Value");
    assertThat(withoutHelp(text))
        .isEqualTo(
            """
            # TYPE io_prometheus_jmx_test_Colliding1Name_Value untyped
            io_prometheus_jmx_test_Colliding1Name_Value 345.0
            # TYPE io_prometheus_jmx_test_CollidingAName_Value untyped
            io_prometheus_jmx_test_CollidingAName_Value 345.0
            # TYPE io_prometheus_jmx_test_Colliding_Name_Value untyped
            io_prometheus_jmx_test_Colliding_Name_Value{_objectname="io.prometheus.jmx.test<type=Colliding Name><>Value"} 345.0
            io_prometheus_jmx_test_Colliding_Name_Value{_objectname="io.prometheus.jmx.test<type=Colliding-Name><>Value"} 345.0
            io_prometheus_jmx_test_Colliding_Name_Value{_objectname="io.prometheus.jmx.test<type=Colliding.Name><>Value"} 345.0
            io_prometheus_jmx_test_Colliding_Name_Value{_objectname="io.prometheus.jmx.test<type=Colliding_Name><>Value"} 345.0
            """);
    assertThat(text)
        .contains(
            "# HELP io_prometheus_jmx_test_Colliding1Name_Value Attribute exposed for management"
                + " io.prometheus.jmx.test:name=null,type=Colliding1Name,attribute=Value\n");
  }

  @Test
  void case12_captureGroupsFillTheNameAndBothSidesOfALabel() {
    String yaml =
        """
        rules:
        - pattern: '^hadoop<(service)=(DataNode), name=DataNodeActivity-ams-hdd001-50010><>(replaceBlockOpMinTime):'
          name: hadoop_$3
          labels:
            "$1": "$2"
        """;
    assertThat(scrape(yaml, HADOOP))
        .isEqualTo(
            """
            # HELP hadoop_replaceBlockOpMinTime Attribute exposed for management hadoop:name=DataNodeActivity-ams-hdd001-50010,type=null,attribute=replaceBlockOpMinTime
            # TYPE hadoop_replaceBlockOpMinTime untyped
            hadoop_replaceBlockOpMinTime{service="DataNode"} 200.0
            """);
  }

  @Test
  void case13_capturedTextIsSanitisedInNamesButKeptRawInLabelValues() {
    String yaml =
        """
        rules:
        - pattern: '^(hadoop<service=DataNode, )name=DataNodeActivity-ams-hdd001-50010><>replaceBlockOpMinTime:'
          name: "$1"
          labels:
            "$1": "$1"
        """;
    assertThat(scrape(yaml, HADOOP))
        .isEqualTo(
            """
            # HELP hadoop_service_DataNode_ Attribute exposed for management hadoop:name=DataNodeActivity-ams-hdd001-50010,type=null,attribute=replaceBlockOpMinTime
            # TYPE hadoop_service_DataNode_ untyped
            hadoop_service_DataNode_{hadoop_service_DataNode_="hadoop<service=DataNode, "} 200.0
            """);
  }

  @Nested
  class Case14 {
    static final String PATTERN =
        "'^hadoop<service=DataNode, name=DataNodeActivity-ams-hdd001-50010><>replaceBlockOpMinTime:'";
    static final String HELP =
        " Attribute exposed for management"
            + " hadoop:name=DataNodeActivity-ams-hdd001-50010,type=null,attribute=replaceBlockOpMinTime";

    @Test
    void labelsWithAnEmptyNameOrAnEmptyValueAreLeftOut() {
      String yaml =
          "rules:\n- pattern: " + PATTERN + "\n  name: foo\n  labels:\n    '': v\n    l: ''\n";
      assertThat(scrape(yaml, HADOOP))
          .isEqualTo(
              """
              # HELP foo%s
              # TYPE foo untyped
              foo 200.0
              """
                  .formatted(HELP));
    }

    @Test
    void lowercaseOutputLabelNamesLowersLabelNamesButNotValuesOrTheName() {
      String yaml =
          "lowercaseOutputLabelNames: true\nrules:\n- pattern: "
              + PATTERN
              + "\n  name: Foo\n  labels:\n    ABC: DEF\n";
      assertThat(scrape(yaml, HADOOP))
          .isEqualTo(
              """
              # HELP Foo%s
              # TYPE Foo untyped
              Foo{abc="DEF"} 200.0
              """
                  .formatted(HELP));
    }

    @Test
    void lowercaseOutputNameLowersTheName() {
      String yaml =
          "lowercaseOutputName: true\nrules:\n- pattern: "
              + PATTERN
              + "\n  name: Foo\n  labels:\n    ABC: DEF\n";
      assertThat(scrape(yaml, HADOOP))
          .isEqualTo(
              """
              # HELP foo%s
              # TYPE foo untyped
              foo{ABC="DEF"} 200.0
              """
                  .formatted(HELP));
    }
  }

  @Nested
  class Case15StopConditions {
    static final String FALLBACK =
        """
        # HELP fallback Attribute exposed for management org.apache.cassandra.concurrent:name=null,type=CONSISTENCY-MANAGER,attribute=ActiveCount
        # TYPE fallback untyped
        fallback 100.0
        """;

    @Test
    void anEmptyNameStopsTheSearchWithoutFallingThrough() {
      String yaml =
          """
          rules:
          - pattern: 'customValue><>Value: (\\d+)x?()'
            name: "$2"
          - pattern: ".*"
            name: fallback
          """;
      assertThat(scrape(yaml, CUSTOM_VALUE, CASSANDRA_CONCURRENT)).isEqualTo(FALLBACK);
    }

    @Test
    void anUnparseableValueStopsTheSearchWithoutFallingThrough() {
      String yaml =
          """
          rules:
          - pattern: "customValue><>Value"
            name: v
            value: abc
          - pattern: ".*"
            name: fallback
          """;
      assertThat(scrape(yaml, CUSTOM_VALUE, CASSANDRA_CONCURRENT)).isEqualTo(FALLBACK);
    }

    @Test
    void withoutTheStoppingRuleTheFallbackTakesTheValue() {
      String yaml =
          """
          rules:
          - pattern: ".*"
            name: fallback
          """;
      assertThat(scrape(yaml, CUSTOM_VALUE))
          .isEqualTo(
              """
              # HELP fallback Attribute exposed for management io.prometheus.jmx:name=null,type=customValue,attribute=Value
              # TYPE fallback untyped
              fallback 345.0
              """);
    }

    @Test
    void anEmptyStringValueMeansTheAttributeValue() {
      String yaml =
          """
          rules:
          - pattern: "customValue><>Value"
            name: v
            value: ""
          """;
      assertThat(scrape(yaml, CUSTOM_VALUE))
          .isEqualTo(
              """
              # HELP v Attribute exposed for management io.prometheus.jmx:name=null,type=customValue,attribute=Value
              # TYPE v untyped
              v 345.0
              """);
    }

    @Test
    void aValueKeyWithoutScalarDropsEveryMatchedAttribute() {
      String yaml =
          """
          rules:
          - pattern: ".*"
            name: foo
            value:
          """;
      assertThat(scrape(yaml, CUSTOM_VALUE, CASSANDRA_CONCURRENT, BOOLEAN)).isEmpty();
    }
  }

  @Nested
  class Case16ReservedSuffixes {
    static final String HELP =
        " Attribute exposed for management io.prometheus.jmx:name=null,type=customValue,attribute=Value";

    private String named(String name, String type) {
      String yaml =
          "rules:\n- pattern: \"customValue><>Value\"\n  name: "
              + name
              + (type == null ? "" : "\n  type: " + type)
              + "\n";
      return scrape(yaml, CUSTOM_VALUE);
    }

    @Test
    void aGaugeLosesTheTotalSuffix() {
      assertThat(named("a_total", "GAUGE"))
          .isEqualTo("# HELP a" + HELP + "\n# TYPE a gauge\na 345.0\n");
    }

    @Test
    void aCounterKeepsTheTotalSuffixInTheExposition() {
      assertThat(named("a_total", "COUNTER"))
          .isEqualTo("# HELP a_total" + HELP + "\n# TYPE a_total counter\na_total 345.0\n");
    }

    @Test
    void anUntypedMetricLosesTheTotalSuffix() {
      assertThat(named("a_total", null))
          .isEqualTo("# HELP a" + HELP + "\n# TYPE a untyped\na 345.0\n");
    }

    @Test
    void aLowercaseTypeIsUntypedAndTheInfoSuffixIsStripped() {
      assertThat(named("b_info", "gauge"))
          .isEqualTo("# HELP b" + HELP + "\n# TYPE b untyped\nb 345.0\n");
    }

    @Test
    void stackedSuffixesAreAllStripped() {
      assertThat(named("b_total_info", "GAUGE"))
          .isEqualTo("# HELP b" + HELP + "\n# TYPE b gauge\nb 345.0\n");
    }

    @Test
    void aCounterInOpenMetricsHasTheBareFamilyNameAndATotalSample() throws IOException {
      String yaml =
          """
          rules:
          - pattern: "customValue><>Value"
            name: c_total
            type: COUNTER
          """;
      assertThat(openMetrics(collect(yaml, CUSTOM_VALUE)))
          .isEqualTo("# TYPE c counter\n# HELP c" + HELP + "\nc_total 345.0\n# EOF\n");
    }
  }

  @Nested
  class Case17InferCounterTypeFromName {
    static final String RULES =
        """
        rules:
        - pattern: 'kafka.consumer<type=.+, client-id=(.+), node-id=(.+)><>(.+):'
          name: kafka_consumer_$3
          labels:
            client_id: $1
            node_id: $2
        """;

    @Test
    void offTheTotalSuffixIsStrippedAndTheFamilyIsUntyped() {
      assertThat(scrape(RULES, KAFKA))
          .isEqualTo(
              """
              # HELP kafka_consumer_request Request total kafka.consumer:name=null,type=consumer-node-metrics,attribute=request-total
              # TYPE kafka_consumer_request untyped
              kafka_consumer_request{client_id="my-app-consumer",node_id="node-1"} 123.0
              # HELP kafka_consumer_request_rate Request rate kafka.consumer:name=null,type=consumer-node-metrics,attribute=request-rate
              # TYPE kafka_consumer_request_rate untyped
              kafka_consumer_request_rate{client_id="my-app-consumer",node_id="node-1"} 2.0
              """);
    }

    @Test
    void onANameEndingInTotalMakesACounter() {
      assertThat(scrape("inferCounterTypeFromName: true\n" + RULES, KAFKA))
          .isEqualTo(
              """
              # HELP kafka_consumer_request_total Request total kafka.consumer:name=null,type=consumer-node-metrics,attribute=request-total
              # TYPE kafka_consumer_request_total counter
              kafka_consumer_request_total{client_id="my-app-consumer",node_id="node-1"} 123.0
              # HELP kafka_consumer_request_rate Request rate kafka.consumer:name=null,type=consumer-node-metrics,attribute=request-rate
              # TYPE kafka_consumer_request_rate untyped
              kafka_consumer_request_rate{client_id="my-app-consumer",node_id="node-1"} 2.0
              """);
    }

    @Test
    void defaultExportWithoutInferenceStripsTheTotalSuffix() {
      assertThat(scrape("{}", KAFKA))
          .isEqualTo(
              """
              # HELP kafka_consumer_consumer_node_metrics_request Request total kafka.consumer:name=null,type=consumer-node-metrics,attribute=request-total
              # TYPE kafka_consumer_consumer_node_metrics_request untyped
              kafka_consumer_consumer_node_metrics_request{client_id="my-app-consumer",node_id="node-1"} 123.0
              # HELP kafka_consumer_consumer_node_metrics_request_rate Request rate kafka.consumer:name=null,type=consumer-node-metrics,attribute=request-rate
              # TYPE kafka_consumer_consumer_node_metrics_request_rate untyped
              kafka_consumer_consumer_node_metrics_request_rate{client_id="my-app-consumer",node_id="node-1"} 2.0
              """);
    }

    @Test
    void defaultExportWithInferenceMakesACounter() {
      assertThat(scrape("inferCounterTypeFromName: true", KAFKA))
          .isEqualTo(
              """
              # HELP kafka_consumer_consumer_node_metrics_request_total Request total kafka.consumer:name=null,type=consumer-node-metrics,attribute=request-total
              # TYPE kafka_consumer_consumer_node_metrics_request_total counter
              kafka_consumer_consumer_node_metrics_request_total{client_id="my-app-consumer",node_id="node-1"} 123.0
              # HELP kafka_consumer_consumer_node_metrics_request_rate Request rate kafka.consumer:name=null,type=consumer-node-metrics,attribute=request-rate
              # TYPE kafka_consumer_consumer_node_metrics_request_rate untyped
              kafka_consumer_consumer_node_metrics_request_rate{client_id="my-app-consumer",node_id="node-1"} 2.0
              """);
    }
  }

  @Nested
  class Case18ValueFactorStaticValueAndLabels {
    static final String HELP =
        " Attribute exposed for management io.prometheus.jmx:name=null,type=customValue,attribute=Value";

    @Test
    void valueFactorMultipliesAsADouble() {
      String yaml =
          """
          rules:
          - pattern: 'io\\.prometheus\\.jmx<type=customValue><>Value: (\\d+)'
            name: custom_value
            valueFactor: 0.001
          """;
      assertThat(scrape(yaml, CUSTOM_VALUE))
          .isEqualTo(
              "# HELP custom_value"
                  + HELP
                  + "\n# TYPE custom_value untyped\ncustom_value 0.34500000000000003\n");
    }

    @Test
    void aCapturedValueCanBeALabel() {
      String yaml =
          """
          rules:
          - pattern: 'io\\.prometheus\\.jmx<type=customValue><>Value: (\\d+)'
            name: scaled_value
            valueFactor: 10.0
            type: GAUGE
            labels:
              captured: "$1"
          """;
      assertThat(scrape(yaml, CUSTOM_VALUE))
          .isEqualTo(
              "# HELP scaled_value"
                  + HELP
                  + "\n# TYPE scaled_value gauge\nscaled_value{captured=\"345\"} 3450.0\n");
    }

    @Test
    void constantLabelsAreSortedByName() {
      String yaml =
          """
          rules:
          - pattern: 'io\\.prometheus\\.jmx<type=customValue><>Value: (\\d+)'
            name: factored_value_with_labels
            valueFactor: 2.0
            type: GAUGE
            labels:
              source: customValue
              multiplied_by: "2"
          """;
      assertThat(scrape(yaml, CUSTOM_VALUE))
          .isEqualTo(
              "# HELP factored_value_with_labels"
                  + HELP
                  + "\n# TYPE factored_value_with_labels gauge\n"
                  + "factored_value_with_labels{multiplied_by=\"2\",source=\"customValue\"} 690.0\n");
    }

    @Test
    void snakeCasedAttributeNamesAreWhatThePatternSees() {
      String yaml =
          """
          rules:
          - pattern: 'io\\.prometheus\\.jmx<type=customValue><>value: (\\d+)'
            attrNameSnakeCase: true
            name: snake_case_with_custom_name
            type: GAUGE
          """;
      assertThat(scrape(yaml, CUSTOM_VALUE))
          .isEqualTo(
              "# HELP snake_case_with_custom_name"
                  + HELP
                  + "\n# TYPE snake_case_with_custom_name gauge\nsnake_case_with_custom_name 345.0\n");
    }

    @Test
    void aStaticValueIsMultipliedByTheFactorButABooleanIsNot() {
      String yaml =
          """
          rules:
          - pattern: 'customValue><>Value'
            name: static_value
            value: 3
            valueFactor: 2
          - pattern: 'boolean<Type=Test><>True'
            name: true_value
            valueFactor: 10
          """;
      assertThat(scrape(yaml, CUSTOM_VALUE, BOOLEAN))
          .isEqualTo(
              "# HELP static_value"
                  + HELP
                  + "\n# TYPE static_value untyped\nstatic_value 6.0\n"
                  + "# HELP true_value Attribute exposed for management"
                  + " boolean:name=null,type=null,attribute=True\n"
                  + "# TYPE true_value untyped\ntrue_value 1.0\n");
    }
  }

  @Nested
  class Case19MetricCustomizers {
    static final String CUSTOM_VALUE_TEXT_AS_LABEL =
        """
        includeObjectNames: ["io.prometheus.jmx:type=customValue"]
        metricCustomizers:
          - mbeanFilter:
              domain: io.prometheus.jmx
              properties:
                type: customValue
            attributesAsLabels:
              - Text
        """;
    static final String EXTRA_METRIC =
        """
        includeObjectNames: ["io.prometheus.jmx:type=stringValue"]
        metricCustomizers:
          - mbeanFilter:
              domain: io.prometheus.jmx
              properties:
                type: stringValue
            extraMetrics:
              - name: isActive
                value: true
                description: This is a boolean value indicating if the scenario is still active or is completed.
        """;
    static final String EXTRA_HELP =
        "# HELP io_prometheus_jmx_stringValue_isActive This is a boolean value indicating if the"
            + " scenario is still active or is completed."
            + " io.prometheus.jmx:name=null,type=stringValue,attribute=isActive\n";

    @Test
    void attributesAsLabelsAddsAnAttributeValueAsALabel() {
      assertThat(scrape(CUSTOM_VALUE_TEXT_AS_LABEL, CUSTOM_VALUE, STRING_VALUE))
          .isEqualTo(
              """
              # HELP io_prometheus_jmx_customValue_Value Attribute exposed for management io.prometheus.jmx:name=null,type=customValue,attribute=Value
              # TYPE io_prometheus_jmx_customValue_Value untyped
              io_prometheus_jmx_customValue_Value{Text="value"} 345.0
              """);
    }

    @Test
    void attributesAsLabelsFollowsLowercaseOutputLabelNames() {
      assertThat(
              scrape(
                  "lowercaseOutputLabelNames: true\n" + CUSTOM_VALUE_TEXT_AS_LABEL, CUSTOM_VALUE))
          .isEqualTo(
              """
              # HELP io_prometheus_jmx_customValue_Value Attribute exposed for management io.prometheus.jmx:name=null,type=customValue,attribute=Value
              # TYPE io_prometheus_jmx_customValue_Value untyped
              io_prometheus_jmx_customValue_Value{text="value"} 345.0
              """);
    }

    @Test
    void extraMetricsAddAConstantSampleDescribedByItsDescription() {
      assertThat(scrape(EXTRA_METRIC, STRING_VALUE, CUSTOM_VALUE))
          .isEqualTo(
              EXTRA_HELP
                  + "# TYPE io_prometheus_jmx_stringValue_isActive untyped\n"
                  + "io_prometheus_jmx_stringValue_isActive 1.0\n");
    }

    @Test
    void extraMetricsCarryTheAttributesAsLabelsToo() {
      String yaml = EXTRA_METRIC + "    attributesAsLabels:\n      - Text\n";
      assertThat(scrape(yaml, STRING_VALUE))
          .isEqualTo(
              EXTRA_HELP
                  + "# TYPE io_prometheus_jmx_stringValue_isActive untyped\n"
                  + "io_prometheus_jmx_stringValue_isActive{Text=\"value\"} 1.0\n");
    }
  }

  @Nested
  class Case20Filters {
    static final String THREADING = "java.lang:type=Threading";
    static final String BUFFER_POOL = "java.nio:type=BufferPool,name=direct";
    static final String THREADING_FAMILIES =
        """
        # HELP java_lang_Threading_ThreadCount Attribute exposed for management java.lang:name=null,type=Threading,attribute=ThreadCount
        # TYPE java_lang_Threading_ThreadCount untyped
        java_lang_Threading_ThreadCount 12.0
        # HELP java_lang_Threading_TotalStartedThreadCount Attribute exposed for management java.lang:name=null,type=Threading,attribute=TotalStartedThreadCount
        # TYPE java_lang_Threading_TotalStartedThreadCount untyped
        java_lang_Threading_TotalStartedThreadCount 40.0
        """;
    static final String CUSTOM_VALUE_FAMILY =
        """
        # HELP io_prometheus_jmx_customValue_Value Attribute exposed for management io.prometheus.jmx:name=null,type=customValue,attribute=Value
        # TYPE io_prometheus_jmx_customValue_Value untyped
        io_prometheus_jmx_customValue_Value 345.0
        """;

    /** Stand-ins for platform beans, with fixed values. */
    private Beans jvmBeans() {
      return new Beans()
          .add(
              THREADING,
              new MapBean()
                  .with("ThreadCount", 12)
                  .with("DaemonThreadCount", 9)
                  .with("PeakThreadCount", 15)
                  .with("TotalStartedThreadCount", 40L))
          .add(BUFFER_POOL, new MapBean().with("Count", 3L).with("MemoryUsed", 4096L));
    }

    private String scrapeWithJvm(String yaml, String... appBeans) {
      MBeanServer server = MBeanServerFactory.newMBeanServer();
      TestMBeans.register(server, jvmBeans().addAll(pick(appBeans)));
      return Scrapes.text(yaml, server);
    }

    @Test
    void includeObjectNameAttributesReadsOnlyTheListedAttributes() {
      String yaml =
          """
          includeObjectNames: ["java.lang:type=Threading"]
          includeObjectNameAttributes:
            "java.lang:type=Threading": [ThreadCount, TotalStartedThreadCount]
          """;
      assertThat(scrapeWithJvm(yaml, CUSTOM_VALUE)).isEqualTo(THREADING_FAMILIES);
    }

    @Test
    void includeObjectNameAttributesAloneSuppressesEveryUnlistedBean() {
      String yaml =
          """
          includeObjectNames: ["io.prometheus.jmx:type=customValue", "boolean:*"]
          includeObjectNameAttributes:
            "io.prometheus.jmx:type=customValue": [Value]
          """;
      assertThat(scrapeWithJvm(yaml, CUSTOM_VALUE, BOOLEAN)).isEqualTo(CUSTOM_VALUE_FAMILY);
    }

    @Test
    void excludeJvmMetricsDropsTheJvmDomainsButKeepsApplicationBeans() {
      assertThat(scrapeWithJvm("excludeJvmMetrics: true", CUSTOM_VALUE))
          .isEqualTo(CUSTOM_VALUE_FAMILY);
    }

    @Test
    void excludeJvmMetricsKeepsJvmBeansThatAreIncludedExplicitly() {
      String yaml =
          """
          excludeJvmMetrics: true
          includeObjectNames: ["java.lang:type=Threading", "io.prometheus.jmx:*"]
          includeObjectNameAttributes:
            "java.lang:type=Threading": [ThreadCount, TotalStartedThreadCount]
            "io.prometheus.jmx:type=customValue": [Value]
          """;
      assertThat(scrapeWithJvm(yaml, CUSTOM_VALUE))
          .isEqualTo(CUSTOM_VALUE_FAMILY + THREADING_FAMILIES);
    }

    @Test
    void withoutExcludeJvmMetricsTheJvmDomainsAreExported() {
      assertThat(scrapeWithJvm("{}"))
          .contains("\njava_lang_Threading_ThreadCount 12.0\n")
          .contains("\njava_nio_BufferPool_Count{name=\"direct\"} 3.0\n");
    }

    @Test
    void excludeWinsOverInclude() {
      String yaml =
          """
          includeObjectNames: ["java.lang:*"]
          excludeObjectNames: ["java.lang:*"]
          """;
      assertThat(scrapeWithJvm(yaml, CUSTOM_VALUE)).isEmpty();
    }

    @Test
    void whitelistAndBlacklistAreAliasesOfIncludeAndExclude() {
      String legacy =
          """
          whitelistObjectNames: ["io.prometheus.jmx:*", "boolean:*"]
          blacklistObjectNames: ["boolean:*"]
          """;
      String current =
          """
          includeObjectNames: ["io.prometheus.jmx:*", "boolean:*"]
          excludeObjectNames: ["boolean:*"]
          """;
      assertThat(scrapeWithJvm(legacy, CUSTOM_VALUE, BOOLEAN)).isEqualTo(CUSTOM_VALUE_FAMILY);
      assertThat(scrapeWithJvm(current, CUSTOM_VALUE, BOOLEAN)).isEqualTo(CUSTOM_VALUE_FAMILY);
    }
  }

  @Nested
  class AdditionalChecks {

    @Test
    void camelQuotedPropertyValuesKeepTheirQuotesInDefaultExport() {
      assertThat(scrape("{}", CAMEL))
          .isEqualTo(
              """
              # HELP org_apache_camel_my_camel_context_LastExchangeFailureTimestamp Attribute exposed for management org.apache.camel:name="my-route-name",type=routes,attribute=LastExchangeFailureTimestamp
              # TYPE org_apache_camel_my_camel_context_LastExchangeFailureTimestamp untyped
              org_apache_camel_my_camel_context_LastExchangeFailureTimestamp{name="\\"my-route-name\\"",type="routes"} 1.573285945111E9
              """);
    }

    @Test
    void camelRuleCapturesTheRouteWithoutQuotes() {
      String yaml =
          """
          ---
          rules:
          - pattern: 'org.apache.camel<context=([^,]+), type=routes, name="([^"]+)"><>LastExchangeFailureTimestamp'
            name: org.apache.camel.LastExchangeFailureTimestamp
            help: Exchanges Last Failure Timestamps
            type: UNTYPED
            labels:
              context: "$1"
              route: "$2"
              type: routes
          """;
      assertThat(scrape(yaml, CAMEL))
          .isEqualTo(
              """
              # HELP org_apache_camel_LastExchangeFailureTimestamp Exchanges Last Failure Timestamps
              # TYPE org_apache_camel_LastExchangeFailureTimestamp untyped
              org_apache_camel_LastExchangeFailureTimestamp{context="my-camel-context",route="my-route-name",type="routes"} 1.573285945111E9
              """);
    }

    @Test
    void tomcatServletRuleWithAMultiLineSingleQuotedPattern() {
      // As in jmx_exporter's JmxCollectorTest: the line breaks fold into single spaces.
      String yaml =
          "\n---\nrules:\n- pattern: 'Catalina<j2eeType=Servlet,"
              + " WebModule=//([-a-zA-Z0-9+&@#/%?=~_|!:.,;]*[-a-zA-Z0-9+&@#/%=~_|]),\n"
              + "    name=([-a-zA-Z0-9+/$%~_-|!.]*), J2EEApplication=none, \n"
              + "J2EEServer=none><>RequestCount:'\n"
              + "  name: tomcat_request_servlet_count\n"
              + "  labels:\n"
              + "    module: \"$1\"\n"
              + "    servlet: \"$2\"\n"
              + "  help: Tomcat servlet request count\n"
              + "  type: COUNTER\n"
              + "  attrNameSnakeCase: false";
      assertThat(scrape(yaml, SERVLET))
          .isEqualTo(
              """
              # HELP tomcat_request_servlet_count_total Tomcat servlet request count
              # TYPE tomcat_request_servlet_count_total counter
              tomcat_request_servlet_count_total{module="localhost/host-manager",servlet="HTMLHostManager"} 1.0
              """);
    }

    @Test
    void samplesOfOneNameWithDifferentTypesMakeAnUntypedFamily() {
      String yaml =
          """
          rules:
          - pattern: 'boolean<Type=Test><>True'
            name: mixed
            help: mixed types
            type: GAUGE
            labels:
              attr: "true"
          - pattern: 'boolean<Type=Test><>False'
            name: mixed
            help: mixed types
            type: COUNTER
            labels:
              attr: "false"
          """;
      assertThat(scrape(yaml, BOOLEAN))
          .isEqualTo(
              """
              # HELP mixed mixed types
              # TYPE mixed untyped
              mixed{attr="false"} 0.0
              mixed{attr="true"} 1.0
              """);
    }

    @Test
    void samplesOfOneNameWithTheSameTypeKeepIt() {
      String yaml =
          """
          rules:
          - pattern: 'boolean<Type=Test><>(True|False)'
            name: same
            help: same type
            type: GAUGE
            labels:
              attr: "$1"
          """;
      assertThat(scrape(yaml, BOOLEAN))
          .isEqualTo(
              """
              # HELP same same type
              # TYPE same gauge
              same{attr="False"} 0.0
              same{attr="True"} 1.0
              """);
    }

    @Test
    void emptyRulesExportNoJmxFamiliesButStillTheSelfMetrics() {
      MetricSnapshots snapshots = collect("rules: []", CUSTOM_VALUE, BOOLEAN, TABULAR);
      assertThat(Scrapes.text(snapshots, false)).isEmpty();
      assertThat(Scrapes.text(snapshots, true))
          .contains("\njmx_scrape_error 0.0\n")
          .contains("\njmx_scrape_cached_beans 0.0\n");
    }
  }

  // --- helpers ---

  /**
   * Scrapes the named beans of {@link TestMBeans#all()} on a fresh MBeanServer, no self metrics.
   */
  static String scrape(String yaml, String... beanNames) {
    return Scrapes.text(collect(yaml, beanNames), false);
  }

  static MetricSnapshots collect(String yaml, String... beanNames) {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    TestMBeans.register(server, pick(beanNames));
    return Scrapes.collector(yaml, server).collect();
  }

  /** New instances of the named test beans. */
  static Beans pick(String... beanNames) {
    Map<String, Object> all = TestMBeans.all().asMap();
    Beans picked = new Beans();
    for (String name : beanNames) {
      Object bean = all.get(name);
      if (bean == null) {
        throw new IllegalArgumentException("no test bean " + name);
      }
      picked.add(name, bean);
    }
    return picked;
  }

  private static void assertHelpOneOf(String text, String family, String... helps) {
    String prefix = "# HELP " + family + " ";
    String helpLine =
        text.lines()
            .filter(line -> line.startsWith(prefix))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no HELP for " + family + " in\n" + text));
    assertThat(helpLine.substring(prefix.length())).isIn((Object[]) helps);
  }

  private static String withoutHelp(String text) {
    StringBuilder out = new StringBuilder();
    text.lines()
        .filter(line -> !line.startsWith("# HELP "))
        .forEach(l -> out.append(l).append('\n'));
    return out.toString();
  }

  private static String openMetrics(MetricSnapshots snapshots) throws IOException {
    MetricSnapshots.Builder kept = MetricSnapshots.builder();
    for (MetricSnapshot s : snapshots) {
      if (!s.getMetadata().getName().startsWith("jmx_")) {
        kept.metricSnapshot(s);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenMetricsTextFormatWriter.create().write(out, kept.build());
    return out.toString(StandardCharsets.UTF_8);
  }
}
