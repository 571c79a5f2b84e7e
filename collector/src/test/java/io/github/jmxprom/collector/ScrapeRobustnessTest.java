package io.github.jmxprom.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.snapshot.DropReason;
import io.github.jmxprom.collector.testing.Beans;
import io.github.jmxprom.collector.testing.MapBean;
import io.github.jmxprom.collector.testing.TestMBeans;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanInfo;
import javax.management.MBeanRegistration;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import org.junit.jupiter.api.Test;

/**
 * Where jmx_exporter 1.0.1 fails a whole scrape (HTTP 500, or the rest of its JMX walk skipped),
 * jmxprom leaves out only what cannot be exposed, counts it in {@code
 * jmx_scrape_dropped_samples_total{reason}} or {@code jmx_scrape_beans_failed}, and serves
 * everything else. Unlike 1.0.1, the self metrics describe the scrape they are part of.
 */
class ScrapeRobustnessTest {

  static final String CUSTOM_VALUE = "io.prometheus.jmx:type=customValue";
  static final String POOL = "test.memory:type=Pool,name=Weird";
  static final String CUSTOM_VALUE_FAMILY =
      """
      # HELP io_prometheus_jmx_customValue_Value Attribute exposed for management io.prometheus.jmx:name=null,type=customValue,attribute=Value
      # TYPE io_prometheus_jmx_customValue_Value untyped
      io_prometheus_jmx_customValue_Value 345.0
      """;

  private final MBeanServer server = MBeanServerFactory.newMBeanServer();

  @Test
  void negativeCounterValueIsDroppedAndCountedAndTheRestIsServed() {
    registerBean(POOL, poolBean()); // a MemoryUsage with max = -1
    register(CUSTOM_VALUE);
    String yaml =
        """
        rules:
        - pattern: 'test.memory<type=Pool, name=Weird><Usage>(\\w+)'
          name: pool_bytes
          type: COUNTER
          labels:
            area: $1
        - pattern: '.*'
        """;
    JmxCollector collector = Scrapes.collector(yaml, server);
    String text = Scrapes.text(collector.collect(), true).replaceAll(DURATION, "$1<duration>");
    assertThat(text)
        .isEqualTo(
            CUSTOM_VALUE_FAMILY
                + """
                # HELP jmx_config_reload_failure_total Number of times configuration have failed to be reloaded.
                # TYPE jmx_config_reload_failure_total counter
                jmx_config_reload_failure_total 0.0
                # HELP jmx_config_reload_success_total Number of times configuration have successfully been reloaded.
                # TYPE jmx_config_reload_success_total counter
                jmx_config_reload_success_total 0.0
                # HELP jmx_scrape_beans_failed MBeans skipped in this scrape because their info could not be read.
                # TYPE jmx_scrape_beans_failed gauge
                jmx_scrape_beans_failed 0.0
                # HELP jmx_scrape_cached_beans Number of beans with their matching rule cached
                # TYPE jmx_scrape_cached_beans gauge
                jmx_scrape_cached_beans 0.0
                # HELP jmx_scrape_dropped_samples_total Samples left out because they cannot be exposed (jmx_exporter would fail the whole scrape), by reason.
                # TYPE jmx_scrape_dropped_samples_total counter
                jmx_scrape_dropped_samples_total{reason="duplicate_label_name"} 0.0
                jmx_scrape_dropped_samples_total{reason="duplicate_sample"} 0.0
                jmx_scrape_dropped_samples_total{reason="invalid_label_name"} 0.0
                jmx_scrape_dropped_samples_total{reason="name_clash"} 0.0
                jmx_scrape_dropped_samples_total{reason="negative_counter"} 1.0
                jmx_scrape_dropped_samples_total{reason="rule_error"} 0.0
                # HELP jmx_scrape_duration_seconds Time this JMX scrape took, in seconds.
                # TYPE jmx_scrape_duration_seconds gauge
                jmx_scrape_duration_seconds <duration>
                # HELP jmx_scrape_error Non-zero if this scrape failed.
                # TYPE jmx_scrape_error gauge
                jmx_scrape_error 0.0
                # HELP pool_bytes_total java.lang.management.MemoryUsage test.memory:name=Weird,type=Pool,attribute=committed
                # TYPE pool_bytes_total counter
                pool_bytes_total{area="committed"} 4096.0
                pool_bytes_total{area="init"} 1024.0
                pool_bytes_total{area="used"} 2048.0
                """);
    assertThat(selfMetrics(collector.collect()))
        .as("the dropped-samples counter keeps counting across scrapes")
        .isEqualTo(self(0, 0, 0, "negative_counter", 2));
  }

  @Test
  void negativeValuesOfGaugesAndUntypedMetricsAreKept() {
    registerBean(POOL, poolBean());
    String yaml =
        """
        rules:
        - pattern: 'test.memory<type=Pool, name=Weird><Usage>(max)'
          name: pool_max_bytes
          type: GAUGE
        - pattern: '.*'
        """;
    MetricSnapshots snapshots = Scrapes.collector(yaml, server).collect();
    assertThat(Scrapes.text(snapshots, false))
        .contains("\npool_max_bytes -1.0\n")
        .contains("\ntest_memory_Pool_Usage_init{name=\"Weird\"} 1024.0\n");
    assertThat(selfMetrics(snapshots)).isEqualTo(self(0, 0, 0));
  }

  @Test
  void twoLabelsThatAreEqualAfterSanitisingDropTheSampleAndTheRestIsServed() {
    registerBean("test.collide:type=Props,a-b=1,a_b=2", new MapBean().with("Value", 8));
    register(CUSTOM_VALUE);
    MetricSnapshots snapshots = Scrapes.collector("{}", server).collect();
    assertThat(Scrapes.text(snapshots, false)).isEqualTo(CUSTOM_VALUE_FAMILY);
    assertThat(selfMetrics(snapshots)).isEqualTo(self(0, 0, 0, "duplicate_label_name", 1));
  }

  @Test
  void labelNamesThatLowercaseToTheSameNameDropTheSample() {
    register("boolean:Type=Test", CUSTOM_VALUE);
    String yaml =
        """
        lowercaseOutputLabelNames: true
        rules:
        - pattern: 'boolean<Type=Test><>True'
          name: flag
          labels:
            Kind: x
            kind: y
        - pattern: 'customValue'
        """;
    MetricSnapshots snapshots = Scrapes.collector(yaml, server).collect();
    assertThat(Scrapes.text(snapshots, false)).isEqualTo(CUSTOM_VALUE_FAMILY);
    assertThat(selfMetrics(snapshots)).isEqualTo(self(0, 0, 0, "duplicate_label_name", 1));
  }

  @Test
  void aLabelNameWithAColonDropsTheSampleAndTheRestIsServed() {
    register("boolean:Type=Test", CUSTOM_VALUE);
    String yaml =
        """
        rules:
        - pattern: 'boolean<Type=Test><>(True|False)'
          name: flag
          labels:
            "a:b": $1
        - pattern: 'customValue'
        """;
    MetricSnapshots snapshots = Scrapes.collector(yaml, server).collect();
    assertThat(Scrapes.text(snapshots, false)).isEqualTo(CUSTOM_VALUE_FAMILY);
    assertThat(selfMetrics(snapshots)).isEqualTo(self(0, 0, 0, "invalid_label_name", 2));
  }

  @Test
  void aLabelNamedObjectnameThatNeedsDisambiguationDropsOnlyThoseSamples() {
    register("boolean:Type=Test", CUSTOM_VALUE);
    String yaml =
        """
        rules:
        - pattern: 'boolean<Type=Test><>(True|False)'
          name: clash
          labels:
            _objectname: fixed
        - pattern: 'customValue'
        """;
    MetricSnapshots snapshots = Scrapes.collector(yaml, server).collect();
    assertThat(Scrapes.text(snapshots, false)).isEqualTo(CUSTOM_VALUE_FAMILY);
    assertThat(selfMetrics(snapshots)).isEqualTo(self(0, 0, 0, "duplicate_label_name", 2));
  }

  @Test
  void aFamilyNamedLikeASelfMetricIsDroppedAndTheRestIsServed() {
    register("boolean:Type=Test", CUSTOM_VALUE);
    String yaml =
        """
        rules:
        - pattern: 'boolean<Type=Test><>True'
          name: jmx_scrape_error
        - pattern: 'boolean<Type=Test><>False'
          name: jmx_config_reload_success_total
          type: COUNTER
        - pattern: 'customValue'
        """;
    MetricSnapshots snapshots = Scrapes.collector(yaml, server).collect();
    assertThat(Scrapes.text(snapshots, false)).isEqualTo(CUSTOM_VALUE_FAMILY);
    assertThat(selfMetrics(snapshots)).isEqualTo(self(0, 0, 0, "name_clash", 2));
  }

  @Test
  void anAttributeReturnedTwiceKeepsOneSampleAndCountsTheDuplicate() {
    registerBean("test.twice:type=Twice", new TwiceReturnedAttributeBean());
    register(CUSTOM_VALUE);
    MetricSnapshots snapshots = Scrapes.collector("{}", server).collect();
    assertThat(Scrapes.text(snapshots, false))
        .isEqualTo(
            CUSTOM_VALUE_FAMILY
                + """
                # HELP test_twice_Twice_Value Attribute exposed for management test.twice:name=null,type=Twice,attribute=Value
                # TYPE test_twice_Twice_Value untyped
                test_twice_Twice_Value{_objectname="test.twice<type=Twice><>Value"} 5.0
                """);
    assertThat(selfMetrics(snapshots)).isEqualTo(self(0, 0, 0, "duplicate_sample", 1));
  }

  @Test
  void aRuleReferencingAMissingGroupDropsItsSampleAndReportsTheErrorInTheSameScrape() {
    register("boolean:Type=Test", CUSTOM_VALUE);
    String yaml =
        """
        rules:
        - pattern: 'customValue><>Value'
          name: bad_$9
        - pattern: '.*'
        """;
    MetricSnapshots snapshots = Scrapes.collector(yaml, server).collect();
    assertThat(Scrapes.text(snapshots, false))
        .isEqualTo(
            """
            # HELP boolean_Test_False Attribute exposed for management boolean:name=null,type=null,attribute=False
            # TYPE boolean_Test_False untyped
            boolean_Test_False 0.0
            # HELP boolean_Test_True Attribute exposed for management boolean:name=null,type=null,attribute=True
            # TYPE boolean_Test_True untyped
            boolean_Test_True 1.0
            """);
    assertThat(selfMetrics(snapshots)).isEqualTo(self(1, 0, 0, "rule_error", 1));
  }

  @Test
  void selfMetricsDescribeTheCurrentScrapeNotThePreviousOne() throws Exception {
    register(CUSTOM_VALUE);
    String yaml =
        """
        rules:
        - pattern: 'customValue><>Value'
          name: bad_$9
        """;
    JmxCollector collector = Scrapes.collector(yaml, server);
    assertThat(selfMetrics(collector.collect()))
        .as("first scrape: jmx_exporter 1.0.1 would still show 0 here")
        .isEqualTo(self(1, 0, 0, "rule_error", 1));
    server.unregisterMBean(new ObjectName(CUSTOM_VALUE));
    assertThat(selfMetrics(collector.collect()))
        .as("second scrape, the failing attribute is gone: 1.0.1 would show 1 here")
        .isEqualTo(self(0, 0, 0, "rule_error", 1));
  }

  @Test
  void aDynamicMBeanWhoseMBeanInfoThrowsIsSkippedAndCounted() throws Exception {
    registerBean("test.hostile:type=BrokenInfo", new BrokenInfoBean());
    register(CUSTOM_VALUE);
    JmxCollector collector = Scrapes.collector("{}", server);
    MetricSnapshots snapshots = collector.collect();
    assertThat(Scrapes.text(snapshots, false)).isEqualTo(CUSTOM_VALUE_FAMILY);
    assertThat(selfMetrics(snapshots)).isEqualTo(self(0, 1, 0));

    server.unregisterMBean(new ObjectName("test.hostile:type=BrokenInfo"));
    assertThat(selfMetrics(collector.collect()))
        .as("jmx_scrape_beans_failed is a gauge of the current scrape")
        .isEqualTo(self(0, 0, 0));
  }

  @Test
  void aThrowingGetterFailsTheBulkReadAndTheOtherAttributesAreReadOneByOne() {
    registerBean(
        "test.hostile:type=Getters",
        new MapBean()
            .with("Good", 1)
            .with(
                "Broken",
                "int",
                () -> {
                  throw new IllegalStateException("Broken cannot be read");
                })
            .with("Later", 3));
    MetricSnapshots snapshots = Scrapes.collector("{}", server).collect();
    assertThat(Scrapes.text(snapshots, false))
        .isEqualTo(
            """
            # HELP test_hostile_Getters_Good Attribute exposed for management test.hostile:name=null,type=Getters,attribute=Good
            # TYPE test_hostile_Getters_Good untyped
            test_hostile_Getters_Good 1.0
            # HELP test_hostile_Getters_Later Attribute exposed for management test.hostile:name=null,type=Getters,attribute=Later
            # TYPE test_hostile_Getters_Later untyped
            test_hostile_Getters_Later 3.0
            """);
    assertThat(selfMetrics(snapshots)).isEqualTo(self(0, 0, 0));
  }

  @Test
  void aThrowingGetterOfAStandardMBeanLosesOnlyItsOwnAttribute() {
    registerBean(
        "test.hostile:type=ThrowingGetter",
        new StandardMBean(new ThrowingGetter(), ThrowingGetterMBean.class, false));
    MetricSnapshots snapshots = Scrapes.collector("{}", server).collect();
    assertThat(Scrapes.text(snapshots, false))
        .isEqualTo(
            """
            # HELP test_hostile_ThrowingGetter_Ok Attribute exposed for management test.hostile:name=null,type=ThrowingGetter,attribute=Ok
            # TYPE test_hostile_ThrowingGetter_Ok untyped
            test_hostile_ThrowingGetter_Ok 1.0
            """);
    assertThat(selfMetrics(snapshots)).isEqualTo(self(0, 0, 0));
  }

  @Test
  void anAttributeTheServerReturnsButTheMBeanInfoDoesNotDeclareIsSkipped() {
    registerBean("test.ghost:type=Ghost", new UndeclaredAttributeBean());
    register(CUSTOM_VALUE);
    MetricSnapshots snapshots = Scrapes.collector("{}", server).collect();
    assertThat(Scrapes.text(snapshots, false))
        .isEqualTo(
            CUSTOM_VALUE_FAMILY
                + """
                # HELP test_ghost_Ghost_Declared Attribute exposed for management test.ghost:name=null,type=Ghost,attribute=Declared
                # TYPE test_ghost_Ghost_Declared untyped
                test_ghost_Ghost_Declared 1.0
                """);
    assertThat(selfMetrics(snapshots)).isEqualTo(self(0, 0, 0));
  }

  @Test
  void aNullItemInACompositeTableIndexDoesNotStopTheScrape() {
    registerBean("test.table:type=NullKey", nullKeyTableBean());
    register(CUSTOM_VALUE);
    MetricSnapshots snapshots = Scrapes.collector("{}", server).collect();
    String text = Scrapes.text(snapshots, false);
    assertThat(text)
        .startsWith(CUSTOM_VALUE_FAMILY)
        .contains("test_table_NullKey_Queries{key_id=\"2\",key_path=\"/b\"} 7.0\n");
    assertThat(text.lines().filter(line -> line.startsWith("test_table_NullKey_Queries{")))
        .as("both rows are exported")
        .hasSize(2);
    String self = selfMetrics(snapshots);
    String conflict = "jmx_scrape_family_conflicts{conflict=\"label_names\"} 1.0\n";
    assertThat(self).as("the rows have different label names").contains(conflict);
    assertThat(self.replace(conflict, "")).isEqualTo(self(0, 0, 0));
  }

  @Test
  void aNullItemInACompositeTableIndexAddsNoLabelLikeANullSimpleIndex() {
    registerBean("test.table:type=NullKey", nullKeyTableBean());
    assertThat(Scrapes.text("{}", server))
        .isEqualTo(
            """
            # HELP test_table_NullKey_Queries java.util.Map<Key, Long> test.table:name=null,type=NullKey,attribute=Queries
            # TYPE test_table_NullKey_Queries untyped
            test_table_NullKey_Queries{key_id="1"} 5.0
            test_table_NullKey_Queries{key_id="2",key_path="/b"} 7.0
            """);
  }

  @Test
  void anUnreachableRemoteJvmReportsAScrapeErrorQuicklyWithSelfMetrics() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    JmxCollector collector =
        JmxCollector.builder().configYaml("hostPort: 127.0.0.1:" + port + "\n").build();
    try {
      long start = System.nanoTime();
      MetricSnapshots snapshots = collector.collect();
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(millis).as("collect() duration in ms").isLessThan(5_000);
      assertThat(Scrapes.text(snapshots, false)).isEmpty();
      assertThat(selfMetrics(snapshots)).isEqualTo(self(1, 0, 0));
      assertThat(selfMetrics(collector.collect()))
          .as("the next scrape tries again and fails again")
          .isEqualTo(self(1, 0, 0));
    } finally {
      collector.close();
    }
  }

  // --- helpers ---

  private static final String DURATION = "(?m)^(jmx_scrape_duration_seconds )\\S+$";

  private void register(String... testBeans) {
    Map<String, Object> all = TestMBeans.all().asMap();
    Beans beans = new Beans();
    for (String name : testBeans) {
      beans.add(name, all.get(name));
    }
    TestMBeans.register(server, beans);
  }

  private void registerBean(String name, Object bean) {
    TestMBeans.register(server, new Beans().add(name, bean));
  }

  /** The sample lines of the self metrics, with the duration replaced by a placeholder. */
  static String selfMetrics(MetricSnapshots snapshots) {
    return Scrapes.text(snapshots, true)
        .lines()
        .filter(line -> line.startsWith("jmx_"))
        .map(line -> line.replaceAll(DURATION, "$1<duration>"))
        .collect(Collectors.joining("\n", "", "\n"));
  }

  /** The expected self-metric sample lines; {@code drops} are pairs of reason and count. */
  static String self(int error, int beansFailed, int cachedBeans, Object... drops) {
    Map<String, Object> dropped = new TreeMap<>();
    for (DropReason reason : DropReason.values()) {
      dropped.put(reason.label(), 0);
    }
    for (int i = 0; i < drops.length; i += 2) {
      dropped.put((String) drops[i], drops[i + 1]);
    }
    StringBuilder text = new StringBuilder();
    text.append("jmx_config_reload_failure_total 0.0\n");
    text.append("jmx_config_reload_success_total 0.0\n");
    text.append("jmx_scrape_beans_failed ").append((double) beansFailed).append('\n');
    text.append("jmx_scrape_cached_beans ").append((double) cachedBeans).append('\n');
    dropped.forEach(
        (reason, count) ->
            text.append("jmx_scrape_dropped_samples_total{reason=\"")
                .append(reason)
                .append("\"} ")
                .append((double) (Integer) count)
                .append('\n'));
    text.append("jmx_scrape_duration_seconds <duration>\n");
    text.append("jmx_scrape_error ").append((double) error).append('\n');
    return text.toString();
  }

  /** A standard MBean with one good and one throwing getter. */
  public interface ThrowingGetterMBean {
    int getOk();

    int getBoom();
  }

  static final class ThrowingGetter implements ThrowingGetterMBean {
    @Override
    public int getOk() {
      return 1;
    }

    @Override
    public int getBoom() {
      throw new IllegalStateException("boom");
    }
  }

  /** {@code getMBeanInfo()} throws once the bean is registered (registration itself needs it). */
  public static final class BrokenInfoBean extends MapBean implements MBeanRegistration {
    private volatile boolean armed;

    BrokenInfoBean() {
      with("Value", 1);
    }

    @Override
    public MBeanInfo getMBeanInfo() {
      if (armed) {
        throw new IllegalStateException("getMBeanInfo is broken");
      }
      return super.getMBeanInfo();
    }

    @Override
    public ObjectName preRegister(MBeanServer server, ObjectName name) {
      return name;
    }

    @Override
    public void postRegister(Boolean registrationDone) {
      armed = Boolean.TRUE.equals(registrationDone);
    }

    @Override
    public void preDeregister() {
      armed = false;
    }

    @Override
    public void postDeregister() {}
  }

  /** {@code Usage}: a composite shaped like the MXBean mapping of a MemoryUsage with max -1. */
  static MapBean poolBean() {
    try {
      String[] items = {"committed", "init", "max", "used"};
      CompositeType type =
          new CompositeType(
              "java.lang.management.MemoryUsage",
              "java.lang.management.MemoryUsage",
              items,
              items,
              new OpenType<?>[] {
                SimpleType.LONG, SimpleType.LONG, SimpleType.LONG, SimpleType.LONG
              });
      CompositeData usage =
          new CompositeDataSupport(type, items, new Object[] {4096L, 1024L, -1L, 2048L});
      return new MapBean()
          .with("Usage", usage)
          .declare("Usage", CompositeData.class.getName(), "Usage");
    } catch (OpenDataException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Declares {@code Declared}; its bulk read also returns {@code Ghost}, which is undeclared. */
  public static final class UndeclaredAttributeBean extends MapBean {
    UndeclaredAttributeBean() {
      with("Declared", 1);
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
      AttributeList result = super.getAttributes(attributes);
      result.add(new Attribute("Ghost", 99));
      return result;
    }
  }

  /** Its bulk read returns {@code Value} twice. */
  public static final class TwiceReturnedAttributeBean extends MapBean {
    TwiceReturnedAttributeBean() {
      with("Value", 5);
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
      AttributeList result = super.getAttributes(attributes);
      result.addAll(super.getAttributes(attributes));
      return result;
    }
  }

  /**
   * {@code Queries}: a table shaped like an MXBean {@code Map<Key, Long>} whose composite key
   * {@code (id, path)} has a null {@code path} in one row.
   */
  static MapBean nullKeyTableBean() {
    try {
      CompositeType keyType =
          new CompositeType(
              "Key",
              "Key",
              new String[] {"id", "path"},
              new String[] {"id", "path"},
              new OpenType<?>[] {SimpleType.INTEGER, SimpleType.STRING});
      CompositeType rowType =
          new CompositeType(
              "java.util.Map<Key, Long>",
              "java.util.Map<Key, Long>",
              new String[] {"key", "value"},
              new String[] {"key", "value"},
              new OpenType<?>[] {keyType, SimpleType.LONG});
      TabularType tableType =
          new TabularType(
              "java.util.Map<Key, Long>",
              "java.util.Map<Key, Long>",
              rowType,
              new String[] {"key"});
      TabularDataSupport table = new TabularDataSupport(tableType);
      table.put(row(rowType, key(keyType, 1, null), 5L));
      table.put(row(rowType, key(keyType, 2, "/b"), 7L));
      return new MapBean()
          .with("Queries", table)
          .declare("Queries", TabularData.class.getName(), "Queries");
    } catch (OpenDataException e) {
      throw new IllegalStateException(e);
    }
  }

  private static CompositeData key(CompositeType type, int id, String path)
      throws OpenDataException {
    return new CompositeDataSupport(type, new String[] {"id", "path"}, new Object[] {id, path});
  }

  private static CompositeData row(CompositeType type, CompositeData key, long value)
      throws OpenDataException {
    return new CompositeDataSupport(type, new String[] {"key", "value"}, new Object[] {key, value});
  }
}
