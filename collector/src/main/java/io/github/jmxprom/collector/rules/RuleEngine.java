package io.github.jmxprom.collector.rules;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.MetricType;
import io.github.jmxprom.collector.config.RuleConfig;
import io.github.jmxprom.collector.jmx.BeanContext;
import io.github.jmxprom.collector.snapshot.LabelSet;
import io.github.jmxprom.collector.snapshot.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;

/**
 * The rule engine: decides for one attribute value which rule matches, first match wins, and what
 * sample it becomes. This is the one place that answers "which rule matched and why"; it follows
 * jmx_exporter's algorithm step by step (pattern input string, value before name, hard stops on an
 * unparseable value or an empty name, default export format, default help).
 *
 * <pre>{@code
 * RuleEngine engine = new RuleEngine(config);
 * Evaluation e = engine.evaluate(bean, bean.getProperties(), path, "HeapMemoryUsage", null, 42L);
 * if (e.getSample() != null) { ... }
 * }</pre>
 */
public final class RuleEngine {

  private final CollectorConfig config;
  private final List<CompiledRule> rules;
  private final RuleCache cache;
  private final DecisionCache decisions;
  private final ThreadLocal<Matcher[]> matchers;
  private final BoundedMatch bounded;
  // A text leaf becomes a sample only through a rule's value: without one, none can (and it
  // counts for nothing either unless a rule is cached).
  private final boolean textMatters;
  // The first rule has no pattern (no rules at all: the default export), so it takes every leaf.
  private final boolean valueBlind;

  public RuleEngine(CollectorConfig config) {
    this(config, rule -> {});
  }

  /**
   * An engine that tells {@code onPatternAborted} each time a rule's regex is given up on because
   * it backtracked too long on one input (that rule then does not match that input).
   */
  public RuleEngine(CollectorConfig config, Consumer<RuleConfig> onPatternAborted) {
    this.config = config;
    List<CompiledRule> compiled = new ArrayList<>();
    boolean anyCached = false;
    for (RuleConfig rule : config.getRules()) {
      compiled.add(new CompiledRule(rule));
      anyCached |= rule.isCache();
    }
    this.rules = Collections.unmodifiableList(compiled);
    boolean anyValue = false;
    for (RuleConfig rule : config.getRules()) {
      anyValue |= rule.getValue() != null && !rule.getValue().isEmpty();
    }
    // jmx_scrape_cached_beans counts every leaf a cached rule sees, text included.
    this.textMatters = anyValue || anyCached;
    this.valueBlind =
        !compiled.isEmpty() && compiled.get(0).pattern == null && !compiled.get(0).config.isCache();
    int ruleCount = compiled.size();
    this.matchers = ThreadLocal.withInitial(() -> new Matcher[ruleCount]);
    this.bounded = new BoundedMatch(ruleCount, onPatternAborted);
    this.cache = anyCached ? new RuleCache() : null;
    this.decisions = DecisionCache.usable(compiled) ? new DecisionCache() : null;
  }

  /**
   * Every character {@code String.valueOf} gives for a value of {@link #NUMBER_TYPES}: digits,
   * sign, point, exponent, {@code NaN}, {@code Infinity}, {@code true}, {@code false}.
   */
  static final String NUMBER_TEXT = "0123456789.-+ENaIfinitytruefalse";

  /** Declared attribute types whose values are plain numbers or booleans. */
  static final Set<String> NUMBER_TYPES =
      new HashSet<>(
          Arrays.asList(
              "int",
              "long",
              "double",
              "float",
              "short",
              "byte",
              "boolean",
              "java.lang.Integer",
              "java.lang.Long",
              "java.lang.Double",
              "java.lang.Float",
              "java.lang.Short",
              "java.lang.Byte",
              "java.lang.Boolean"));

  /**
   * Declared attribute types whose values jmx_exporter drops before any rule sees them (object
   * names, characters; arrays too), so that, declared exactly, they never become a sample.
   */
  static final Set<String> DROPPED_TYPES =
      new HashSet<>(Arrays.asList("javax.management.ObjectName", "char", "java.lang.Character"));

  /**
   * As {@link #mayEmit(BeanContext, String, String, boolean)} for a bean whose declared types may
   * not be exact.
   */
  public boolean mayEmit(BeanContext bean, String attribute, String declaredType) {
    return mayEmit(bean, attribute, declaredType, false);
  }

  /**
   * False only when no rule can make a sample of this plain attribute of the bean, whatever its
   * value, so it need not be read. Two cases:
   *
   * <ul>
   *   <li>It is declared a number or boolean, and every rule needs text that cannot appear in
   *       {@code domain<properties><>attribute: } followed by such a value (the Kafka rules' {@code
   *       ><>Count} cannot, for a meter's {@code OneMinuteRate}).
   *   <li>{@code exactTypes} (a standard MBean or MXBean, whose declared types are its getters'
   *       return types): it is declared a string, no rule has a {@code value} (the only way text
   *       becomes a sample) and no rule is cached; or it is declared an array, object name or
   *       character, which never become one.
   * </ul>
   *
   * Anything else (composite and tabular values, undeclared or {@code Object} types, rules without
   * a pattern, {@code cache: true} rules) may emit.
   */
  public boolean mayEmit(
      BeanContext bean, String attribute, String declaredType, boolean exactTypes) {
    if (rules.isEmpty() || declaredType == null) {
      return true;
    }
    if (exactTypes
        && (declaredType.startsWith("[")
            || DROPPED_TYPES.contains(declaredType)
            || !textMatters && declaredType.equals("java.lang.String"))) {
      return false;
    }
    if (!NUMBER_TYPES.contains(declaredType)) {
      return true;
    }
    // The leaf's pattern input with an empty value: each variant (snake-cased or not) built once.
    PatternInput withoutValue = new PatternInput(bean.rootPatternPrefix(), attribute, "");
    for (CompiledRule rule : rules) {
      if (rule.config.isCache()) {
        return true;
      }
      if (rule.mayMatchAnyValue(withoutValue.text(rule.config), NUMBER_TEXT)) {
        return true;
      }
    }
    return false;
  }

  /** Ends a scrape: forgets remembered decisions that the scrape did not use. */
  public void endScrape() {
    if (decisions != null) {
      decisions.endScrape();
    }
  }

  /** Problems in rule templates, e.g. {@code $3} in a pattern with two groups. */
  public List<String> templateProblems() {
    List<String> problems = new ArrayList<>();
    for (CompiledRule rule : rules) {
      problems.addAll(rule.problems());
    }
    return problems;
  }

  /** The rule cache, or null when no rule has {@code cache: true}. */
  public RuleCache getCache() {
    return cache;
  }

  /** Runs the rules on one leaf. Never throws; a failure is reported in the evaluation. */
  public Evaluation evaluate(
      BeanContext bean,
      Map<String, String> properties,
      List<String> path,
      String attribute,
      String description,
      Object value) {
    return evaluate(
        bean,
        properties,
        path,
        beanName(bean.getDomain(), properties, path),
        attribute,
        description,
        value);
  }

  /**
   * As {@link #evaluate(BeanContext, Map, List, String, String, Object)}, with the {@code
   * domain<properties><path>} prefix of the pattern input already built by the caller (it is the
   * same for every attribute of a bean, so a walk builds it once per bean and path).
   */
  public Evaluation evaluate(
      BeanContext bean,
      Map<String, String> properties,
      List<String> path,
      String beanName,
      String attribute,
      String description,
      Object value) {
    PatternInput inputs = new PatternInput(beanName, attribute, value);
    DecisionCache.Key key = null;
    if (decisions != null && bean.getCustomLabels().isEmpty()) {
      // With a first rule that matches everything the value cannot change the decision: it is
      // not made text for the key (Double.toString was most of a no-rules lookup).
      key = new DecisionCache.Key(beanName, attribute, valueBlind ? "" : inputs.valueText());
      DecisionCache.Decision known = decisions.get(bean, key, description);
      if (known != null) {
        return known.rule == null
            ? Evaluation.UNMATCHED
            : finish(known.rule, known.match, value, inputs);
      }
    }
    Matcher[] matchers = this.matchers.get();
    for (int r = 0; r < rules.size(); r++) {
      CompiledRule rule = rules.get(r);
      RuleConfig rc = rule.config;
      String attrName = inputs.attribute(rc);
      String input = inputs.text(rc);
      if (rc.isCache()) {
        Object cached = cache.get(rc.getIndex(), input);
        if (cached != null) {
          if (cached == RuleCache.UNMATCHED) {
            continue;
          }
          return finish(rule, (Match) cached, value, inputs);
        }
      }
      Matcher matcher = null;
      if (rule.pattern != null) {
        if (rule.mayMatch(input)) {
          // One matcher per rule and thread, reset for each input: no allocation per attempt.
          matcher = matchers[r];
          if (matcher == null) {
            matcher = rule.pattern.matcher("");
            matchers[r] = matcher;
          }
        }
        if (matcher == null || !bounded.matches(r, rc, matcher, input)) {
          if (rc.isCache()) {
            cache.put(rc.getIndex(), input, RuleCache.UNMATCHED);
          }
          continue;
        }
      }
      Match match;
      try {
        match = match(rule, matcher, bean, properties, path, attribute, attrName, description);
      } catch (Template.TemplateException e) {
        return Evaluation.failed(rc, inputs, e.getMessage());
      }
      if (match.stop != null) {
        return Evaluation.stopped(rc, inputs, match.stop);
      }
      if (rc.isCache()) {
        cache.put(rc.getIndex(), input, match);
      }
      if (key != null
          && (matcher == null || DecisionCache.groupsBefore(matcher, inputs.valueStart(input)))) {
        if (match.labels != null) {
          match.labels = decisions.stable(bean, key, match.labels);
        }
        decisions.put(bean, key, new DecisionCache.Decision(rule, match, description));
      }
      return finish(rule, match, value, inputs);
    }
    if (key != null) {
      decisions.put(bean, key, new DecisionCache.Decision(null, null, description));
    }
    return Evaluation.UNMATCHED;
  }

  private Evaluation finish(CompiledRule rule, Match match, Object leafValue, PatternInput input) {
    RuleConfig rc = rule.config;
    Object value = match.staticValue != null ? match.staticValue : leafValue;
    double number;
    if (value instanceof Number) {
      number = ((Number) value).doubleValue() * rc.getValueFactor();
    } else if (value instanceof Boolean) {
      number = (Boolean) value ? 1.0 : 0.0;
    } else {
      return Evaluation.notANumber(rc, input, value);
    }
    Sample sample =
        new Sample(
            match.name,
            match.type,
            match.help,
            match.helpFromRule,
            match.labels,
            number,
            input.beanName(),
            input.attribute(rc),
            input.valuePart(rc));
    return Evaluation.matched(rc, sample);
  }

  private Match match(
      CompiledRule rule,
      Matcher matcher,
      BeanContext bean,
      Map<String, String> properties,
      List<String> path,
      String attribute,
      String attrName,
      String description) {
    Match match = new Match();
    if (rule.value != null) {
      String text = rule.value.expand(matcher);
      try {
        match.staticValue = Double.valueOf(text);
      } catch (NumberFormatException e) {
        match.stop = "value '" + text + "' is not a number";
        return match;
      }
    }
    String help = defaultHelp(bean.getDomain(), properties, attribute, description);
    if (rule.name == null) {
      defaultExport(match, bean, properties, path, attrName, rule.config.getType());
      match.help = help;
      return match;
    }
    String name = Names.safeName(rule.name.expand(matcher));
    if (name.isEmpty()) {
      match.stop = "name is empty";
      return match;
    }
    match.name = lowercaseName(name);
    match.type = type(rule.config.getType(), match.name);
    match.help = rule.help == null ? help : rule.help.expand(matcher);
    match.helpFromRule = rule.help != null;
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    addCustomLabels(bean, names, values);
    for (int i = 0; i < rule.labelNames.size(); i++) {
      String labelName = labelName(Names.safeName(rule.labelNames.get(i).expand(matcher)));
      String labelValue = rule.labelValues.get(i).expand(matcher);
      if (!labelName.isEmpty() && !labelValue.isEmpty()) {
        names.add(labelName);
        values.add(labelValue);
      }
    }
    match.labels = LabelSet.of(names, values);
    return match;
  }

  private void defaultExport(
      Match match,
      BeanContext bean,
      Map<String, String> properties,
      List<String> path,
      String attrName,
      MetricType ruleType) {
    StringBuilder name = new StringBuilder(bean.getDomain());
    Iterator<Map.Entry<String, String>> it = properties.entrySet().iterator();
    if (it.hasNext()) {
      name.append('_').append(it.next().getValue());
    }
    for (String key : path) {
      name.append('_').append(key);
    }
    name.append('_').append(attrName);
    match.name = lowercaseName(Names.safeName(name.toString()));
    match.type = type(ruleType, match.name);
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    while (it.hasNext()) {
      Map.Entry<String, String> property = it.next();
      names.add(labelName(Names.safeName(property.getKey())));
      values.add(property.getValue());
    }
    addCustomLabels(bean, names, values);
    match.labels = LabelSet.of(names, values);
  }

  private void addCustomLabels(BeanContext bean, List<String> names, List<String> values) {
    for (Map.Entry<String, String> label : bean.getCustomLabels()) {
      names.add(labelName(Names.safeName(label.getKey())));
      values.add(label.getValue());
    }
  }

  private MetricType type(MetricType ruleType, String name) {
    if (config.isInferCounterTypeFromName() && name.endsWith("_total")) {
      return MetricType.COUNTER;
    }
    return ruleType;
  }

  private String lowercaseName(String name) {
    return config.isLowercaseOutputName() ? name.toLowerCase(Locale.ROOT) : name;
  }

  private String labelName(String name) {
    return config.isLowercaseOutputLabelNames() ? name.toLowerCase(Locale.ROOT) : name;
  }

  /**
   * {@code domain<k=v, k2=v2><path1, path2>}: the pattern input without attribute and value,
   * formatted as jmx_exporter formats a LinkedHashMap and a List.
   */
  public static String beanName(String domain, Map<String, String> properties, List<String> path) {
    return BeanContext.patternPrefix(domain, properties, path);
  }

  /** {@code [description ]domain:name=<name>,type=<type>,attribute=<attribute>}. */
  static String defaultHelp(
      String domain, Map<String, String> properties, String attribute, String description) {
    String help =
        domain
            + ":name="
            + properties.get("name")
            + ",type="
            + properties.get("type")
            + ",attribute="
            + attribute;
    if (description != null && !description.equals(attribute)) {
      return description + " " + help;
    }
    return help;
  }

  /** What a matching rule produced, before the leaf's value is applied. */
  static final class Match {
    String name;
    MetricType type;
    String help;
    boolean helpFromRule;
    // Built once per match: a remembered decision hands the same labels to every scrape.
    LabelSet labels;
    Double staticValue;
    String stop;
  }
}
