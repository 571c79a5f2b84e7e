package io.github.jmxprom.collector.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.collector.jmx.BeanContext;
import io.github.jmxprom.collector.jmx.KeyProperties;
import io.github.jmxprom.collector.snapshot.Sample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decision cache: when a pattern cannot tell digits apart, a leaf's decision is remembered by
 * the shape of its value, and a remembered decision gives exactly what evaluating the rules again
 * gives.
 */
class DecisionCacheTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kafka.server<type=(.+), name=(.+)PerSec\\w*, topic=(.+)><>Count",
        ".*",
        "java.lang<type=Memory><HeapMemoryUsage>(\\w+): (\\d+)",
        "a{2,3}b{4}",
        "[a-z]+\\.[A-Z]\\s\\w",
        "\\Qliteral.text\\E(.*)",
        "(?i)catalina<.*>"
      })
  void patternsWithoutDigitsOrCharacterCodesTreatAllDigitsAlike(String pattern) {
    assertThat(DecisionCache.digitsUniform(pattern)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Value: 5",
        "kafka<type=Log(1)>",
        "[0-5]+",
        "\\x41",
        "\\u0030",
        "\\0101",
        "(a)\\1",
        "(?<n>a)\\k<n>",
        "\\p{Digit}",
        "\\Q5\\E",
        "a{x}",
        "[]a]"
      })
  void patternsThatCanTellDigitsApartAreNotCached(String pattern) {
    assertThat(DecisionCache.digitsUniform(pattern)).isFalse();
  }

  @Test
  void theShapeOfAValueHasEveryDigitOneToNineAsZero() {
    assertThat(DecisionCache.shape("1234.5E-7")).isEqualTo("0000.0E-0");
    assertThat(DecisionCache.shape("true")).isEqualTo("true");
    assertThat(DecisionCache.shape("0.0")).isEqualTo("0.0");
  }

  @Test
  void keysAreEqualForValuesOfTheSameShapeOnly() {
    DecisionCache.Key a = new DecisionCache.Key("d<type=X><>", "Count", "1234");
    DecisionCache.Key b = new DecisionCache.Key("d<type=X><>", "Count", "9876");
    DecisionCache.Key longer = new DecisionCache.Key("d<type=X><>", "Count", "12345");
    DecisionCache.Key otherAttribute = new DecisionCache.Key("d<type=X><>", "Size", "1234");
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(longer).isNotEqualTo(otherAttribute);
  }

  @Test
  void aBeansDecisionsThatNoScrapeUsesAreForgottenWhenItMakesANewOne() throws Exception {
    DecisionCache cache = new DecisionCache();
    BeanContext bean = bean("d:type=X");
    DecisionCache.Key used = new DecisionCache.Key("d<type=X><>", "Count", "1");
    DecisionCache.Key reshaped = new DecisionCache.Key("d<type=X><>", "Size", "1");
    cache.put(bean, used, new DecisionCache.Decision(null, null, null));
    cache.put(bean, reshaped, new DecisionCache.Decision(null, null, null));
    for (int scrape = 0; scrape < DecisionCache.SWEEP_EVERY; scrape++) {
      assertThat(cache.get(bean, used, null)).isNotNull();
      cache.endScrape();
    }
    cache.endScrape();
    cache.put(
        bean,
        new DecisionCache.Key("d<type=X><>", "Size", "10"),
        new DecisionCache.Decision(null, null, null));
    assertThat(cache.get(bean, reshaped, null)).isNull();
    assertThat(cache.get(bean, used, null)).isNotNull();
  }

  @Test
  void decisionsBelongToTheirBeanAndToTheEngineThatMadeThem() throws Exception {
    DecisionCache cache = new DecisionCache();
    BeanContext bean = bean("d:type=X");
    DecisionCache.Key key = new DecisionCache.Key("d<type=X><>", "Count", "1");
    cache.put(bean, key, new DecisionCache.Decision(null, null, null));
    assertThat(cache.get(bean("d:type=X"), key, null)).isNull();
    assertThat(new DecisionCache().get(bean, key, null)).isNull();
    assertThat(cache.get(bean, key, null)).isNotNull();
  }

  private static BeanContext bean(String name) throws Exception {
    ObjectName objectName = new ObjectName(name);
    return new BeanContext(objectName, KeyProperties.of(objectName), Collections.emptyList());
  }

  @Test
  void aMatchIsRememberedOnlyWhenNoGroupReachesIntoTheValue() {
    String input = "d<type=X><>Count: 42";
    int valueStart = input.indexOf("42");
    Matcher byName = Pattern.compile("d<type=(\\w+)><>(\\w+): .*").matcher(input);
    Matcher byValue = Pattern.compile("d<type=(\\w+)><>Count: (\\d+)").matcher(input);
    assertThat(byName.matches() && byValue.matches()).isTrue();
    assertThat(DecisionCache.groupsBefore(byName, valueStart)).isTrue();
    assertThat(DecisionCache.groupsBefore(byValue, valueStart)).isFalse();
  }

  @Test
  void aRuleThatCapturesTheValueSeesEveryValue() throws Exception {
    RuleEngine engine =
        new RuleEngine(
            ConfigLoader.load(
                "rules:\n"
                    + "- pattern: 'd<type=(\\w+)><>Count: (\\d)(\\d)'\n"
                    + "  name: d_count\n"
                    + "  labels: {first: $2}\n"));
    assertThat(labels(engine, 12)).isEqualTo("[1]");
    assertThat(labels(engine, 34)).as("same shape as 12, other capture").isEqualTo("[3]");
  }

  @Test
  void rememberedDecisionsGiveWhatFreshEvaluationGives() throws Exception {
    String rules =
        "rules:\n"
            + "- pattern: 'd<type=(\\w+), name=(\\w+)><>(Count|Mean): (\\d+)'\n"
            + "  name: d_$1_$3\n"
            + "  labels: {name: $2, digits: $4}\n"
            + "- pattern: 'd<type=(\\w+), name=(\\w+)><>(\\w+): .'\n"
            + "  name: d_one_char_$3\n"
            + "- pattern: 'd<type=(\\w+), name=(\\w+)><>(\\w+)'\n"
            + "  name: d_$1_$3\n"
            + "  labels: {name: $2}\n";
    assertRememberedEqualsFresh(rules);
  }

  @Test
  void withoutRulesTheDecisionIsTheSameWhateverTheValue() throws Exception {
    assertRememberedEqualsFresh("{}");
    assertRememberedEqualsFresh("rules:\n- attrNameSnakeCase: true\n  valueFactor: 0.5\n");
  }

  /** Leaves of 15 beans, 4 attributes and many value shapes: remembered = evaluated afresh. */
  private static void assertRememberedEqualsFresh(String rules) throws Exception {
    RuleEngine remembering = new RuleEngine(ConfigLoader.load(rules));
    Map<String, BeanContext> beans = new HashMap<>();
    Random random = new Random(7);
    String[] attributes = {"Count", "Mean", "Rate", "Max"};
    for (int i = 0; i < 3000; i++) {
      String objectName = "d:type=T" + random.nextInt(3) + ",name=n" + random.nextInt(5);
      BeanContext bean = beans.computeIfAbsent(objectName, DecisionCacheTest::context);
      String attribute = attributes[random.nextInt(attributes.length)];
      Object value =
          switch (random.nextInt(3)) {
            case 0 -> (Object) (long) random.nextInt(2000);
            case 1 -> (Object) (random.nextInt(100) / 8.0);
            default -> (Object) random.nextBoolean();
          };
      RuleEngine fresh = new RuleEngine(ConfigLoader.load(rules));
      assertThat(describe(remembering, bean, attribute, value))
          .as("%s %s %s", objectName, attribute, value)
          .isEqualTo(describe(fresh, context(objectName), attribute, value));
      if (i % 500 == 499) {
        remembering.endScrape();
      }
    }
  }

  private static BeanContext context(String objectName) {
    try {
      ObjectName name = new ObjectName(objectName);
      return new BeanContext(name, KeyProperties.of(name), Collections.emptyList());
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void aLeafKeepsItsLabelSetWhenItsValueChangesShape() throws Exception {
    // The same instance keeps the leaf's place in its family's remembered order (FamilyOrder).
    RuleEngine engine = new RuleEngine(ConfigLoader.load("{}"));
    ObjectName name = new ObjectName("d:type=X,topic=t1");
    Map<String, String> properties = KeyProperties.of(name);
    BeanContext bean = new BeanContext(name, properties, Collections.emptyList());
    Sample small = engine.evaluate(bean, properties, List.of(), "Count", "c", 7L).getSample();
    Sample large = engine.evaluate(bean, properties, List.of(), "Count", "c", 7000L).getSample();
    Sample other = engine.evaluate(bean, properties, List.of(), "Rate", "r", 2.5).getSample();

    assertThat(large.getValue()).isEqualTo(7000.0);
    assertThat(large.getLabels()).isSameAs(small.getLabels());
    assertThat(other.getLabels())
        .as("another attribute: another family, its own set")
        .isEqualTo(small.getLabels())
        .isNotSameAs(small.getLabels());
  }

  private static String labels(RuleEngine engine, long value) throws Exception {
    ObjectName name = new ObjectName("d:type=X");
    Map<String, String> properties = KeyProperties.of(name);
    BeanContext bean = new BeanContext(name, properties, Collections.emptyList());
    Sample sample = engine.evaluate(bean, properties, List.of(), "Count", null, value).getSample();
    return sample.getLabelValues().toString();
  }

  private static String describe(RuleEngine engine, BeanContext bean, String attribute, Object v) {
    Evaluation e = engine.evaluate(bean, bean.getProperties(), List.of(), attribute, "help", v);
    if (e.getSample() == null) {
      return "no sample: " + e.getReason();
    }
    Sample s = e.getSample();
    List<String> parts = new ArrayList<>();
    parts.add(s.getName());
    parts.add(String.valueOf(s.getType()));
    parts.add(s.getHelp());
    parts.add(s.getLabelNames() + "=" + s.getLabelValues());
    parts.add(String.valueOf(s.getValue()));
    parts.add(s.getMatchInput());
    return String.join(" | ", parts);
  }
}
