package io.github.jmxprom.collector.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.collector.jmx.BeanContext;
import io.github.jmxprom.collector.jmx.KeyProperties;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** Which attributes the walk may leave unread: those no rule can turn into a sample. */
class MayEmitTest {

  static final String KAFKA_RULES =
      "rules:\n"
          + "- pattern: 'kafka.(\\w+)<type=(.+), name=(.+)PerSec\\w*, (.+)=(.+)><>Count'\n"
          + "  name: kafka_$1_$2_$3_total\n"
          + "  type: COUNTER\n"
          + "  labels: {\"$4\": \"$5\"}\n"
          + "- pattern: 'kafka.(\\w+)<type=(.+), name=(.+)><>Value'\n"
          + "  name: kafka_$1_$2_$3\n"
          + "- pattern: 'kafka.(\\w+)<type=(.+), name=(.+)><>(\\d+)thPercentile'\n"
          + "  name: kafka_$1_$2_$3\n"
          + "  labels: {quantile: '0.$4'}\n"
          + "- pattern: 'java.lang<type=Threading><>ThreadCount: 1\\d+'\n"
          + "  name: threads_over_99\n";

  private final RuleEngine engine = new RuleEngine(ConfigLoader.load(KAFKA_RULES));

  @Test
  void aNumberNoRuleCanMatchIsNotRead() throws Exception {
    BeanContext meter =
        bean("kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=orders");
    assertThat(engine.mayEmit(meter, "Count", "long")).isTrue();
    assertThat(engine.mayEmit(meter, "OneMinuteRate", "double")).isFalse();
    assertThat(engine.mayEmit(meter, "MeanRate", "java.lang.Double")).isFalse();
    assertThat(engine.mayEmit(meter, "Active", "boolean")).isFalse();
  }

  @Test
  void stringsCompositesAndUnknownTypesAreAlwaysRead() throws Exception {
    BeanContext meter =
        bean("kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=orders");
    // A string's text could hold anything, "...><>Count" included.
    assertThat(engine.mayEmit(meter, "EventType", "java.lang.String")).isTrue();
    assertThat(engine.mayEmit(meter, "Usage", "javax.management.openmbean.CompositeData")).isTrue();
    assertThat(engine.mayEmit(meter, "Odd", null)).isTrue();
  }

  @Test
  void exactlyDeclaredTextIsReadOnlyWhenARuleHasAValue() throws Exception {
    BeanContext meter =
        bean("kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=orders");
    assertThat(engine.mayEmit(meter, "EventType", "java.lang.String", true))
        .as("no rule has a value: text cannot become a sample")
        .isFalse();
    assertThat(engine.mayEmit(meter, "EventType", "java.lang.String", false))
        .as("a dynamic MBean may return a number for it")
        .isTrue();
    assertThat(
            new RuleEngine(ConfigLoader.load("{}")).mayEmit(meter, "E", "java.lang.String", true))
        .as("the default rule has no value either")
        .isFalse();
    RuleEngine withValue =
        new RuleEngine(
            ConfigLoader.load("rules:\n- pattern: 'x<>State: (.+)'\n  name: s\n  value: 1\n"));
    assertThat(withValue.mayEmit(meter, "EventType", "java.lang.String", true)).isTrue();
  }

  @Test
  void exactlyDeclaredArraysObjectNamesAndCharactersAreNeverRead() throws Exception {
    BeanContext runtime = bean("java.lang:type=Runtime");
    RuleEngine withValue =
        new RuleEngine(ConfigLoader.load("rules:\n- pattern: '.*'\n  name: s\n  value: 1\n"));
    for (String type :
        new String[] {"[Ljava.lang.String;", "[J", "javax.management.ObjectName", "char"}) {
      assertThat(withValue.mayEmit(runtime, "A", type, true)).as(type).isFalse();
      assertThat(withValue.mayEmit(runtime, "A", type, false)).as(type).isTrue();
    }
    assertThat(withValue.mayEmit(runtime, "A", "java.lang.Object", true)).isTrue();
    assertThat(withValue.mayEmit(runtime, "A", "java.util.concurrent.TimeUnit", true))
        .as("an enum reaches the rules as text")
        .isTrue();
  }

  @Test
  void aLiteralThatTheValueCanCompleteKeepsTheAttribute() throws Exception {
    // "ThreadCount: 1" lies across the prefix and the value: 150 matches, 50 does not.
    BeanContext threading = bean("java.lang:type=Threading");
    assertThat(engine.mayEmit(threading, "ThreadCount", "int")).isTrue();
    assertThat(engine.mayEmit(threading, "PeakThreadCount", "int"))
        .as("the rule needs <>ThreadCount right after the properties")
        .isFalse();
    assertThat(engine.mayEmit(threading, "DaemonCount", "int")).isFalse();
  }

  @Test
  void withoutRulesOrWithACatchAllEverythingIsRead() throws Exception {
    BeanContext any = bean("kafka.server:type=X,name=Y");
    assertThat(new RuleEngine(ConfigLoader.load("{}")).mayEmit(any, "Rate", "double")).isTrue();
    RuleEngine catchAll = new RuleEngine(ConfigLoader.load("rules:\n- pattern: '.*'\n"));
    assertThat(catchAll.mayEmit(any, "Rate", "double")).isTrue();
    RuleEngine cached =
        new RuleEngine(
            ConfigLoader.load("rules:\n- pattern: 'never<here>'\n  name: x\n  cache: true\n"));
    assertThat(cached.mayEmit(any, "Rate", "double")).as("cache: true").isTrue();
  }

  @Test
  void snakeCaseRulesSeeTheSnakeCasedName() throws Exception {
    RuleEngine snake =
        new RuleEngine(
            ConfigLoader.load(
                "rules:\n- pattern: 'x<type=Y><>one_minute_rate'\n  name: r\n"
                    + "  attrNameSnakeCase: true\n"));
    assertThat(snake.mayEmit(bean("x:type=Y"), "OneMinuteRate", "double")).isTrue();
    assertThat(snake.mayEmit(bean("x:type=Y"), "MeanRate", "double")).isFalse();
  }

  @Test
  void whenNoRuleMayEmitNoValueEverGivesASample() throws Exception {
    // The promise the walk relies on, over random beans, attributes and numeric values.
    Random random = new Random(42);
    String[] domains = {"kafka.server", "kafka.log", "java.lang", "kafka.network"};
    String[] types = {"BrokerTopicMetrics", "Log", "Threading", "RequestMetrics"};
    String[] names = {"BytesInPerSec", "Size", "TotalTimeMs", "Count", "Value"};
    String[] attributes = {
      "Count", "Value", "OneMinuteRate", "ThreadCount", "99thPercentile", "Max", "DaemonCount"
    };
    int skipped = 0;
    for (int i = 0; i < 3000; i++) {
      String objectName =
          domains[random.nextInt(domains.length)]
              + ":type="
              + types[random.nextInt(types.length)]
              + (random.nextBoolean() ? ",name=" + names[random.nextInt(names.length)] : "")
              + (random.nextBoolean() ? ",topic=t" + random.nextInt(3) : "");
      BeanContext bean = bean(objectName);
      String attribute = attributes[random.nextInt(attributes.length)];
      String type = random.nextBoolean() ? "long" : "double";
      if (engine.mayEmit(bean, attribute, type)) {
        continue;
      }
      skipped++;
      for (Object value : values(random)) {
        Map<String, String> properties = bean.getProperties();
        assertThat(engine.evaluate(bean, properties, List.of(), attribute, "d", value).getSample())
            .as("%s %s: %s", objectName, attribute, value)
            .isNull();
      }
    }
    assertThat(skipped).as("attributes left unread").isGreaterThan(500);
  }

  private static List<Object> values(Random random) {
    List<Object> values = new ArrayList<>();
    values.add((long) random.nextInt(300));
    values.add(random.nextLong());
    values.add(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
    values.add(Double.NaN);
    values.add(Double.NEGATIVE_INFINITY);
    values.add(random.nextBoolean());
    return values;
  }

  private static BeanContext bean(String name) throws Exception {
    ObjectName objectName = new ObjectName(name);
    return new BeanContext(objectName, KeyProperties.of(objectName), Collections.emptyList());
  }
}
