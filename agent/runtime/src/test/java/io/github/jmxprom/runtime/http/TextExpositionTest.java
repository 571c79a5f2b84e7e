package io.github.jmxprom.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.JmxCollector;
import io.github.jmxprom.collector.snapshot.ScrapeResult;
import io.github.jmxprom.runtime.jvm.JvmMetricNames;
import io.github.jmxprom.runtime.jvm.JvmMetrics;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The metrics path's own text writer gives, byte for byte, what client_java's writers give for the
 * same scrape, in the Prometheus text format and in OpenMetrics: the JMX families are written from
 * the scrape, the others by client_java, merged in name order.
 */
class TextExpositionTest {

  private static final double[] VALUES = {
    0,
    -0.0,
    1,
    -1,
    42,
    1.5,
    -2.25,
    9_999_999,
    10_000_000,
    -10_000_000,
    123_456_789_012.0,
    1e-9,
    Double.MIN_VALUE,
    Double.MAX_VALUE,
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    0.1,
    3e20
  };

  private static final String[] TEXTS = {
    "plain", "with \"quotes\"", "back\\slash", "new\nline", "ünïcødé ✓", "", "a,b=c", "{braces}"
  };

  private static final String RULES =
      """
      rules:
      - pattern: 'test<type=Counter, name=(.+)><>(\\w+):'
        name: test_counted_$2
        type: COUNTER
        labels:
          name: "$1"
        help: "Counted \\\\ back\\nslash"
      - pattern: 'test<type=Gauge, name=(.+)><>(\\w+):'
        name: test_gauge_$2
        type: GAUGE
        labels:
          name: "$1"
      - pattern: 'test<type=Clash, name=(.+)><>(\\w+):'
        name: test_clash
        type: GAUGE
      - pattern: 'test<type=Empty, name=(.+)><>(\\w+):'
        name: test_nohelp_$2
        help: ""
      - pattern: '.*'
      """;

  @Test
  void writesWhatClientJavasWriterWritesForTheSameScrape() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    Random random = new Random(7);
    for (String type : new String[] {"Counter", "Gauge", "Clash", "Empty", "Other"}) {
      for (int i = 0; i < TEXTS.length; i++) {
        register(server, "test:type=" + type + ",name=" + ObjectName.quote(TEXTS[i]), random);
      }
    }
    JmxCollector collector = JmxCollector.builder().configYaml(RULES).mbeanServer(server).build();

    String written = assertSameAsClientJava(collector.scrape(), rest());

    assertThat(written)
        .contains("# HELP test_counted_Value0_total Counted  back\\nslash\n")
        .contains("# TYPE test_counted_Value0_total counter\n")
        .contains("test_gauge_Value0{name=\"\\\"with \\\\\\\"quotes")
        .contains("# TYPE test_nohelp_Value0 untyped\n")
        .contains("_objectname=");
  }

  @Test
  void writesWhatClientJavasWriterWritesForRandomBeans() throws Exception {
    for (int seed = 0; seed < 40; seed++) {
      Random random = new Random(seed);
      MBeanServer server = MBeanServerFactory.newMBeanServer();
      for (int b = 0; b < 30; b++) {
        String domain = random.nextBoolean() ? "test" : "a" + random.nextInt(3) + ".z";
        String type =
            new String[] {"Counter", "Gauge", "Clash", "Empty", "Other"}[random.nextInt(5)];
        String name = TEXTS[random.nextInt(TEXTS.length)] + random.nextInt(4);
        String bean = domain + ":type=" + type + ",name=" + ObjectName.quote(name);
        if (!server.isRegistered(new ObjectName(bean))) {
          register(server, bean, random);
        }
      }
      JmxCollector collector = JmxCollector.builder().configYaml(RULES).mbeanServer(server).build();

      assertSameAsClientJava(collector.scrape(), rest());
    }
  }

  @Test
  void writesJvmMetricsAmongTheJmxFamiliesInNameOrder() throws Exception {
    PrometheusRegistry rest = new PrometheusRegistry();
    rest.register(
        JvmMetrics.builder()
            .connection(ManagementFactory::getPlatformMBeanServer)
            .names(JvmMetricNames.LEGACY)
            .build());
    JmxCollector collector =
        JmxCollector.builder()
            .configYaml("rules:\n- pattern: 'java.lang<type=(Memory|Threading)><(\\w*)>(\\w+)'\n")
            .mbeanServer(ManagementFactory.getPlatformMBeanServer())
            .build();

    String written = assertSameAsClientJava(collector.scrape(), rest.scrape());

    assertThat(written).contains("# TYPE java_lang_Memory_").contains("# TYPE jvm_threads_");
  }

  /** Checks both text formats; returns the Prometheus text. */
  private static String assertSameAsClientJava(ScrapeResult scrape, MetricSnapshots rest)
      throws IOException {
    assertThat(scrape.getFamilies()).isNotEmpty();
    String openMetrics = assertSameAsClientJava(OpenMetricsTextFormatWriter.create(), scrape, rest);
    assertThat(openMetrics).endsWith("# EOF\n").containsOnlyOnce("# EOF");
    return assertSameAsClientJava(PrometheusTextFormatWriter.create(), scrape, rest);
  }

  private static String assertSameAsClientJava(
      ExpositionFormatWriter format, ScrapeResult scrape, MetricSnapshots rest) throws IOException {
    MetricSnapshots others = ScrapeResult.merge(rest, scrape.getSelfMetrics());
    ByteArrayOutputStream direct = new ByteArrayOutputStream();
    new TextExposition(format).write(direct, others, scrape.getFamilies(), EscapingScheme.DEFAULT);

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    format.write(
        expected, ScrapeResult.merge(rest, scrape.toMetricSnapshots()), EscapingScheme.DEFAULT);

    String text = direct.toString(StandardCharsets.UTF_8);
    assertThat(text).isEqualTo(expected.toString(StandardCharsets.UTF_8));
    return text;
  }

  /** Families of every client_java type, named to sort before, between and after the JMX ones. */
  private static MetricSnapshots rest() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter.builder().name("aaa_requests").help("Requests").register(registry).inc(3);
    Gauge.builder().name("jmx_zzz_temperature").help("T \\ \n x").register(registry).set(-0.5);
    Info.builder()
        .name("test_build_info")
        .help("Build")
        .labelNames("version")
        .register(registry)
        .addLabelValues("1.0 \"q\"");
    Summary.builder().name("test_m_summary").help("S").register(registry).observe(2);
    Histogram.builder()
        .name("zzz_histogram")
        .help("H")
        .classicUpperBounds(1, 10)
        .register(registry)
        .observe(5);
    return registry.scrape();
  }

  private static void register(MBeanServer server, String name, Random random) throws Exception {
    Map<String, Object> attributes = new LinkedHashMap<>();
    int count = 1 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      double value = VALUES[random.nextInt(VALUES.length)];
      attributes.put("Value" + i, random.nextBoolean() ? (Object) value : (Object) (long) value);
    }
    server.registerMBean(
        new Fixed(attributes, TEXTS[random.nextInt(TEXTS.length)]), new ObjectName(name));
  }

  /** A bean with fixed numeric attributes and a description that needs escaping. */
  private static final class Fixed implements DynamicMBean {
    private final Map<String, Object> attributes;
    private final String description;

    Fixed(Map<String, Object> attributes, String description) {
      this.attributes = attributes;
      this.description = description;
    }

    @Override
    public Object getAttribute(String attribute) {
      return attributes.get(attribute);
    }

    @Override
    public void setAttribute(Attribute attribute) {
      throw new UnsupportedOperationException();
    }

    @Override
    public AttributeList getAttributes(String[] names) {
      AttributeList list = new AttributeList();
      for (String name : names) {
        if (attributes.containsKey(name)) {
          list.add(new Attribute(name, attributes.get(name)));
        }
      }
      return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
      return new AttributeList();
    }

    @Override
    public Object invoke(String action, Object[] params, String[] signature) {
      return null;
    }

    @Override
    public MBeanInfo getMBeanInfo() {
      MBeanAttributeInfo[] infos = new MBeanAttributeInfo[attributes.size()];
      int i = 0;
      for (Map.Entry<String, Object> attribute : attributes.entrySet()) {
        infos[i++] =
            new MBeanAttributeInfo(
                attribute.getKey(),
                attribute.getValue().getClass().getName(),
                description + " " + i,
                true,
                false,
                false);
      }
      return new MBeanInfo(Fixed.class.getName(), description, infos, null, null, null);
    }
  }
}
