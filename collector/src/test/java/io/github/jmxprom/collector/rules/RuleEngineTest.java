package io.github.jmxprom.collector.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.JmxCollector;
import io.github.jmxprom.collector.Scrapes;
import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.collector.jmx.BeanContext;
import io.github.jmxprom.collector.jmx.KeyProperties;
import io.github.jmxprom.collector.testing.Beans;
import io.github.jmxprom.collector.testing.MapBean;
import io.github.jmxprom.collector.testing.TestMBeans;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rule engine: the pattern input each rule sees (reference §3.5), the outcome of evaluating a
 * leaf, the rule cache (§3.12, with jmx_exporter 1.0.1's per-rule counting), {@code
 * attrNameSnakeCase} and the lowercase options.
 */
class RuleEngineTest {

  static final String CUSTOM_VALUE = "io.prometheus.jmx:type=customValue";
  static final String BOOLEAN = "boolean:Type=Test";
  static final String PERFORMANCE = "io.prometheus.jmx.test:name=PerformanceMetricsMBean";
  static final String SERVLET =
      "Catalina:j2eeType=Servlet,WebModule=//localhost/host-manager,name=HTMLHostManager,"
          + "J2EEApplication=none,J2EEServer=none";

  @Nested
  class PatternInput {

    private String input(
        String yaml, String objectName, List<String> path, String attribute, Object value) {
      ObjectName name = objectName(objectName);
      Map<String, String> properties = KeyProperties.of(name);
      BeanContext bean = new BeanContext(name, properties, Collections.emptyList());
      RuleEngine engine = new RuleEngine(ConfigLoader.load(yaml));
      return engine.evaluate(bean, properties, path, attribute, null, value).getInput();
    }

    private String input(String objectName, List<String> path, String attribute, Object value) {
      return input("rules:\n- pattern: '.*'\n", objectName, path, attribute, value);
    }

    @Test
    void isDomainPropertiesPathAttributeAndValue() {
      assertThat(input(CUSTOM_VALUE, List.of(), "Value", 345))
          .isEqualTo("io.prometheus.jmx<type=customValue><>Value: 345");
      assertThat(input(BOOLEAN, List.of(), "True", true))
          .isEqualTo("boolean<Type=Test><>True: true");
      assertThat(input(PERFORMANCE, List.of("PerformanceMetrics"), "ActiveSessions", 2L))
          .isEqualTo(
              "io.prometheus.jmx.test<name=PerformanceMetricsMBean><PerformanceMetrics>ActiveSessions: 2");
      assertThat(input("java.lang:type=Memory", List.of("HeapMemoryUsage"), "used", 12505088L))
          .isEqualTo("java.lang<type=Memory><HeapMemoryUsage>used: 12505088");
    }

    @Test
    void keepsPropertiesInCreationOrderWithQuotesAndCommaSpaceSeparators() {
      assertThat(
              input(
                  "hadoop:service=DataNode,name=DataNodeActivity-ams-hdd001-50010",
                  List.of(),
                  "replaceBlockOpMinTime",
                  200))
          .isEqualTo(
              "hadoop<service=DataNode, name=DataNodeActivity-ams-hdd001-50010><>replaceBlockOpMinTime: 200");
      assertThat(
              input(
                  "org.apache.camel:context=my-camel-context,type=routes,name=\"my-route-name\"",
                  List.of(),
                  "LastExchangeFailureTimestamp",
                  1.573285945111E9))
          .isEqualTo(
              "org.apache.camel<context=my-camel-context, type=routes, name=\"my-route-name\"><>"
                  + "LastExchangeFailureTimestamp: 1.573285945111E9");
    }

    @Test
    void printsValuesWithJavaToString() {
      assertThat(input(CUSTOM_VALUE, List.of(), "F", 0.2f)).endsWith("><>F: 0.2");
      assertThat(input(CUSTOM_VALUE, List.of(), "D", 1.7E9)).endsWith("><>D: 1.7E9");
      assertThat(input(CUSTOM_VALUE, List.of(), "B", BigInteger.valueOf(1073741824L)))
          .endsWith("><>B: 1073741824");
      assertThat(input("org.bean.enum:type=StateMetrics", List.of(), "State", "RUNNING"))
          .isEqualTo("org.bean.enum<type=StateMetrics><>State: RUNNING");
    }

    @Test
    void joinsANestedPathWithCommaSpace() {
      assertThat(input("a:type=b", List.of("Outer", "inner"), "depth", 2))
          .isEqualTo("a<type=b><Outer, inner>depth: 2");
    }

    @Test
    void showsCacheInsteadOfTheValueForACachedRule() {
      assertThat(
              input(
                  "rules:\n- pattern: '.*'\n  cache: true\n",
                  CUSTOM_VALUE,
                  List.of(),
                  "Value",
                  345))
          .isEqualTo("io.prometheus.jmx<type=customValue><>Value: <cache>");
    }

    @Test
    void showsTheSnakeCasedAttributeForAnAttrNameSnakeCaseRule() {
      assertThat(
              input(
                  "rules:\n- pattern: '.*'\n  attrNameSnakeCase: true\n",
                  PERFORMANCE,
                  List.of("PerformanceMetrics"),
                  "BootstrapsDeferred",
                  6L))
          .isEqualTo(
              "io.prometheus.jmx.test<name=PerformanceMetricsMBean><PerformanceMetrics>bootstraps_deferred: 6");
    }
  }

  @Nested
  class Outcomes {

    private Evaluation evaluate(String yaml, Object value) {
      ObjectName name = objectName(CUSTOM_VALUE);
      Map<String, String> properties = KeyProperties.of(name);
      BeanContext bean = new BeanContext(name, properties, Collections.emptyList());
      return new RuleEngine(ConfigLoader.load(yaml))
          .evaluate(
              bean, properties, List.of(), "Value", "Attribute exposed for management", value);
    }

    @Test
    void noMatchingRuleGivesNoRuleAndNoSample() {
      Evaluation e = evaluate("rules:\n- pattern: 'nothing'\n  name: x\n", 345);
      assertThat(e.getRule()).isNull();
      assertThat(e.getSample()).isNull();
      assertThat(e.isFailed()).isFalse();
    }

    @Test
    void theFirstMatchingRuleWinsAndProducesTheSample() {
      Evaluation e =
          evaluate(
              "rules:\n- pattern: 'nothing'\n  name: x\n- pattern: 'Value: (\\d+)'\n  name: v_$1\n"
                  + "- pattern: '.*'\n  name: later\n",
              345);
      assertThat(e.getRule().getIndex()).isEqualTo(1);
      assertThat(e.getSample().getName()).isEqualTo("v_345");
      assertThat(e.getSample().getValue()).isEqualTo(345.0);
      assertThat(e.getSample().getHelp())
          .isEqualTo(
              "Attribute exposed for management io.prometheus.jmx:name=null,type=customValue,attribute=Value");
      assertThat(e.getInput()).isEqualTo("io.prometheus.jmx<type=customValue><>Value: 345");
    }

    @Test
    void aTextValueMatchesButStopsWithoutASample() {
      Evaluation e = evaluate("rules:\n- pattern: '.*'\n  name: x\n- pattern: '.*'\n", "text");
      assertThat(e.getRule().getIndex()).isEqualTo(0);
      assertThat(e.getSample()).isNull();
      assertThat(e.isFailed()).isFalse();
      assertThat(e.getReason()).contains("text");
    }

    @Test
    void aBrokenTemplateFailsTheEvaluation() {
      Evaluation e = evaluate("rules:\n- pattern: 'Value'\n  name: bad_$9\n", 345);
      assertThat(e.getRule().getIndex()).isEqualTo(0);
      assertThat(e.getSample()).isNull();
      assertThat(e.isFailed()).isTrue();
      assertThat(e.getReason()).contains("$9");
    }

    @Test
    void templateProblemsAreKnownBeforeTheFirstScrape() {
      RuleEngine engine =
          new RuleEngine(
              ConfigLoader.load(
                  "rules:\n- pattern: '(a)(b)'\n  name: x_$3\n  labels:\n    ok: $2\n    bad: ${"
                      + "\n"));
      assertThat(engine.templateProblems()).hasSize(2);
      assertThat(new RuleEngine(ConfigLoader.load("{}")).templateProblems()).isEmpty();
    }
  }

  @Nested
  class RuleCacheBehaviour {

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();

    @ParameterizedTest
    @ValueSource(
        strings = {
          """
          rules:
          - pattern: '.*'
          """,
          """
          lowercaseOutputName: true
          rules:
          - pattern: 'kafka.server<type=(.+), name=(.+)PerSec\\w*, topic=(.+)><>Count'
            name: kafka_server_$1_$2_total
            type: COUNTER
            labels:
              topic: "$3"
          - pattern: '(\\w+)<type=(\\w+)><>(\\w+)'
            name: generic_$1_$2_$3
            help: "generic $3"
          - pattern: 'java.lang<type=Memory><(\\w+)>(\\w+)'
            name: memory_$1_$2
          - pattern: '.*'
            attrNameSnakeCase: true
          """,
          """
          rules:
          - pattern: 'org.apache.cassandra.metrics<type=(\\w+), name=(\\w+)><>Value'
            name: cassandra_$1_$2
            valueFactor: 0.5
          - pattern: 'boolean<Type=Test><>(\\w+)'
            name: flag
            type: GAUGE
            labels:
              which: $1
          - pattern: 'io.prometheus.jmx<type=tabularData, source=(.+)><(.+)>(\\w+)'
            name: disk_$3
            labels:
              source: $1
              table: $2
          - pattern: 'test.numbers.*'
            value: 1
          """
        })
    void cachingDoesNotChangeTheOutputOfValueIndependentRules(String uncached) {
      TestMBeans.register(server, TestMBeans.referenceSafe());
      String cached = uncached.replaceAll("(?m)^- pattern: (.*)$", "- cache: true\n  pattern: $1");
      assertThat(cached).contains("cache: true");
      String exclude = "excludeObjectNames: [\"io.prometheus.jmx:type=autoIncrementing\"]\n";
      String expected = Scrapes.text(exclude + uncached, server);
      assertThat(expected).isNotEmpty();
      JmxCollector collector = Scrapes.collector(exclude + cached, server);
      assertThat(Scrapes.text(collector.collect(), false)).as("first scrape").isEqualTo(expected);
      assertThat(Scrapes.text(collector.collect(), false))
          .as("second scrape, from the cache")
          .isEqualTo(expected);
    }

    @Test
    void aCachedRuleThatNeedsTheValueNeverMatchesAndTheNextRuleDecides() {
      TestMBeans.register(server, pick(CUSTOM_VALUE));
      String rules =
          """
          - pattern: 'customValue><>Value: (\\d+)'
            name: custom_$1
          - pattern: '.*'
          """;
      assertThat(Scrapes.text("rules:\n" + rules, server))
          .isEqualTo(
              """
              # HELP custom_345 Attribute exposed for management io.prometheus.jmx:name=null,type=customValue,attribute=Value
              # TYPE custom_345 untyped
              custom_345 345.0
              """);
      assertThat(
              Scrapes.text(
                  "rules:\n" + rules.replace("name: custom", "cache: true\n  name: custom"),
                  server))
          .isEqualTo(
              """
              # HELP io_prometheus_jmx_customValue_Value Attribute exposed for management io.prometheus.jmx:name=null,type=customValue,attribute=Value
              # TYPE io_prometheus_jmx_customValue_Value untyped
              io_prometheus_jmx_customValue_Value 345.0
              """);
    }

    @Test
    void cachedBeansCountsEveryCachedRuleAndLeafPairTouchedLikeJmxExporter101() {
      // Four leaves: Value, Text, True, False (the MBeanServer delegate's are excluded). Two cached
      // rules decide "no match" for each of them: 8 entries (jmx_exporter 1.0.1 reports 8 too).
      TestMBeans.register(server, pick(CUSTOM_VALUE, BOOLEAN));
      String twoUnmatched =
          """
          excludeObjectNames: ["JMImplementation:*"]
          rules:
          - pattern: 'nomatch1'
            name: x
            cache: true
          - pattern: 'nomatch2'
            name: y
            cache: true
          - pattern: '.*'
          """;
      JmxCollector collector = Scrapes.collector(twoUnmatched, server);
      assertThat(cachedBeans(collector.collect())).isEqualTo("8.0");
      assertThat(cachedBeans(collector.collect())).as("second scrape, all hits").isEqualTo("8.0");
    }

    @Test
    void cachedBeansCountsTheLeavesOfTheCurrentScrapeAndForgetsGoneBeans() throws Exception {
      TestMBeans.register(server, pick(CUSTOM_VALUE, BOOLEAN));
      JmxCollector collector =
          Scrapes.collector(
              "excludeObjectNames: [\"JMImplementation:*\"]\nrules:\n- pattern: '.*'\n  cache: true\n",
              server);
      assertThat(cachedBeans(collector.collect())).isEqualTo("4.0");
      server.unregisterMBean(new ObjectName(BOOLEAN));
      assertThat(cachedBeans(collector.collect())).isEqualTo("2.0");
    }

    @Test
    void withoutCachedRulesCachedBeansIsZero() {
      TestMBeans.register(server, pick(CUSTOM_VALUE, BOOLEAN));
      assertThat(cachedBeans(Scrapes.collector("rules:\n- pattern: '.*'\n", server).collect()))
          .isEqualTo("0.0");
    }

    @Test
    void aCachedRuleExportsTheCurrentValueOnEveryScrape() {
      AtomicLong reads = new AtomicLong();
      TestMBeans.register(
          server,
          new Beans()
              .add(
                  "test.counter:type=Reads",
                  new MapBean().with("Count", "long", reads::incrementAndGet)));
      String yaml =
          """
          rules:
          - pattern: 'test.counter<type=Reads><>Count'
            name: reads
            type: COUNTER
            cache: true
          """;
      JmxCollector collector = Scrapes.collector(yaml, server);
      assertThat(Scrapes.text(collector.collect(), false)).endsWith("\nreads_total 1.0\n");
      assertThat(Scrapes.text(collector.collect(), false)).endsWith("\nreads_total 2.0\n");
      assertThat(reads.get()).as("one read per scrape").isEqualTo(2);
    }
  }

  @Nested
  class AttrNameSnakeCase {

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();

    @Test
    void onlyTheRuleWithTheOptionSeesTheSnakeCasedName() {
      TestMBeans.register(server, pick(PERFORMANCE));
      String yaml =
          """
          rules:
          - pattern: '<PerformanceMetrics>active_sessions'
            name: plain_rule
          - pattern: '<PerformanceMetrics>ActiveSessions'
            name: camel_in_snake_rule
            attrNameSnakeCase: true
          - pattern: '<PerformanceMetrics>active_sessions'
            name: snake_rule
            attrNameSnakeCase: true
          """;
      assertThat(Scrapes.text(yaml, server))
          .isEqualTo(
              """
              # HELP snake_rule Example composite data io.prometheus.jmx.test:name=PerformanceMetricsMBean,type=null,attribute=ActiveSessions
              # TYPE snake_rule untyped
              snake_rule 2.0
              """);
    }

    @Test
    void defaultExportUsesTheRawAttributeNameWithoutTheOption() {
      TestMBeans.register(server, pick(PERFORMANCE));
      assertThat(Scrapes.text("rules:\n- pattern: 'ActiveSessions'\n", server))
          .contains(
              "\nio_prometheus_jmx_test_PerformanceMetricsMBean_PerformanceMetrics_ActiveSessions 2.0\n");
    }
  }

  @Nested
  class LowercaseOptions {

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();

    @Test
    void defaultExportLowercasesNameAndLabelNamesButNeverLabelValuesOrHelp() {
      TestMBeans.register(server, pick(SERVLET));
      String yaml = "lowercaseOutputName: true\nlowercaseOutputLabelNames: true\n";
      assertThat(Scrapes.text(yaml, server))
          .isEqualTo(
              """
              # HELP catalina_servlet_requestcount Attribute exposed for management Catalina:name=HTMLHostManager,type=null,attribute=RequestCount
              # TYPE catalina_servlet_requestcount untyped
              catalina_servlet_requestcount{j2eeapplication="none",j2eeserver="none",name="HTMLHostManager",webmodule="//localhost/host-manager"} 1.0
              """);
    }

    @Test
    void lowercaseOutputNameAloneKeepsLabelNames() {
      TestMBeans.register(server, pick(SERVLET));
      assertThat(Scrapes.text("lowercaseOutputName: true\n", server))
          .contains(
              "\ncatalina_servlet_requestcount{J2EEApplication=\"none\",J2EEServer=\"none\","
                  + "WebModule=\"//localhost/host-manager\",name=\"HTMLHostManager\"} 1.0\n");
    }

    @Test
    void lowercaseOutputLabelNamesAloneKeepsTheName() {
      TestMBeans.register(server, pick(SERVLET));
      assertThat(Scrapes.text("lowercaseOutputLabelNames: true\n", server))
          .contains(
              "\nCatalina_Servlet_RequestCount{j2eeapplication=\"none\",j2eeserver=\"none\","
                  + "name=\"HTMLHostManager\",webmodule=\"//localhost/host-manager\"} 1.0\n");
    }

    @Test
    void lowercasingAppliesToRuleNamesAndCapturedLabelNames() {
      TestMBeans.register(server, pick(SERVLET));
      String yaml =
          """
          lowercaseOutputName: true
          lowercaseOutputLabelNames: true
          rules:
          - pattern: 'Catalina<j2eeType=(\\w+), WebModule=//([^,]+), name=(\\w+).*><>(\\w+):'
            name: Tomcat_$1_$4
            help: Help Stays $4
            labels:
              $1Name: $3
              Module: $2
          """;
      assertThat(Scrapes.text(yaml, server))
          .isEqualTo(
              """
              # HELP tomcat_servlet_requestcount Help Stays RequestCount
              # TYPE tomcat_servlet_requestcount untyped
              tomcat_servlet_requestcount{module="localhost/host-manager",servletname="HTMLHostManager"} 1.0
              """);
    }
  }

  // --- helpers ---

  static Beans pick(String... names) {
    Map<String, Object> all = TestMBeans.all().asMap();
    Beans beans = new Beans();
    for (String name : names) {
      beans.add(name, all.get(name));
    }
    return beans;
  }

  static String cachedBeans(MetricSnapshots snapshots) {
    return Scrapes.text(snapshots, true)
        .lines()
        .filter(line -> line.startsWith("jmx_scrape_cached_beans "))
        .findFirst()
        .orElseThrow()
        .substring("jmx_scrape_cached_beans ".length());
  }

  static ObjectName objectName(String name) {
    try {
      return new ObjectName(name);
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
