package io.github.jmxprom.collector.config;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads {@code rules:} and {@code metricCustomizers:} entries. */
final class RuleReader {

  private static final List<String> RULE_KEYS =
      Arrays.asList(
          "pattern",
          "name",
          "value",
          "valueFactor",
          "labels",
          "help",
          "type",
          "cache",
          "attrNameSnakeCase");
  private static final List<String> KNOWN_TYPES =
      Arrays.asList("GAUGE", "COUNTER", "UNTYPED", "UNKNOWN", "SUMMARY", "HISTOGRAM", "INFO");
  private static final List<String> CUSTOMIZER_KEYS =
      Arrays.asList("mbeanFilter", "attributesAsLabels", "extraMetrics");
  private static final List<String> FILTER_KEYS = Arrays.asList("domain", "properties");
  private static final List<String> EXTRA_METRIC_KEYS =
      Arrays.asList("name", "value", "description");

  private final List<String> warnings;

  RuleReader(List<String> warnings) {
    this.warnings = warnings;
  }

  List<RuleConfig> readRules(ConfigNode node) {
    if (node.isNull()) {
      throw node.error(
          "empty; list rules, or write 'rules: []' to export nothing, or remove the key to"
              + " export every MBean in the default format");
    }
    List<RuleConfig> rules = new ArrayList<>();
    List<ConfigNode> items = node.sequence();
    for (int i = 0; i < items.size(); i++) {
      rules.add(readRule(i, items.get(i)));
    }
    return rules;
  }

  private RuleConfig readRule(int index, ConfigNode node) {
    Map<String, ConfigNode> keys = node.mapping(RULE_KEYS);
    String pattern = null;
    Pattern compiled = null; // compiled once: checked here, used by the rule
    ConfigNode patternNode = keys.get("pattern");
    if (patternNode != null) {
      if (patternNode.isNull()) {
        throw patternNode.error("empty; remove the key to match every attribute");
      }
      // jmx_exporter accepts any scalar here (pattern: 123 matches "123").
      pattern = patternNode.scalarText();
      compiled = compile(patternNode, pattern);
      String nested = NestedQuantifiers.find(pattern);
      if (nested != null) {
        warnings.add(
            patternNode
                .error(
                    "'"
                        + nested
                        + "' repeats a group that holds an unbounded quantifier: on long inputs"
                        + " the regex can backtrack catastrophically; loaded anyway (an input it"
                        + " takes too long on is given up on, logged once and counted in"
                        + " jmx_scrape_pattern_aborted_total)")
                .getMessage());
      }
    }
    String name = optionalString(keys.get("name"));
    String help = optionalString(keys.get("help"));
    String value = null;
    ConfigNode valueNode = keys.get("value");
    if (valueNode != null) {
      if (valueNode.isNull()) {
        // jmx_exporter turns the empty value into the text "null", so such a rule matches but
        // exports nothing. Kept for compatibility, but worth a warning.
        value = "null";
        warnings.add(
            valueNode
                .error("empty value: matching attributes are dropped, as in jmx_exporter")
                .getMessage());
      } else {
        value = valueNode.scalarText();
      }
    }
    double valueFactor = 1.0;
    if (keys.containsKey("valueFactor")) {
      valueFactor = keys.get("valueFactor").number();
      if (Double.isNaN(valueFactor) || Double.isInfinite(valueFactor)) {
        // 1e999 reads as Infinity: every sample of the rule would be +Inf or NaN.
        throw keys.get("valueFactor").error("expected a finite number, got " + valueFactor);
      }
    }
    List<Map.Entry<String, String>> labels = new ArrayList<>();
    ConfigNode labelsNode = keys.get("labels");
    if (labelsNode != null) {
      if (labelsNode.isNull()) {
        throw labelsNode.error("empty; give label: value pairs or remove the key");
      }
      // Sorted by key, which is the order jmx_exporter evaluates them in.
      TreeMap<String, String> sorted = new TreeMap<>();
      for (Map.Entry<String, ConfigNode> label : labelsNode.anyMapping().entrySet()) {
        sorted.put(label.getKey(), label.getValue().string());
      }
      for (Map.Entry<String, String> label : sorted.entrySet()) {
        labels.add(new AbstractMap.SimpleImmutableEntry<>(label.getKey(), label.getValue()));
      }
    }
    MetricType type = MetricType.UNKNOWN;
    ConfigNode typeNode = keys.get("type");
    if (typeNode != null) {
      String typeText = typeNode.string();
      type = MetricType.fromRuleValue(typeText);
      checkType(typeNode, typeText);
    }
    boolean cache = CollectorConfigReader.optionalBool(keys.get("cache"), false);
    boolean snakeCase = CollectorConfigReader.optionalBool(keys.get("attrNameSnakeCase"), false);

    if (name == null && (labelsNode != null || help != null)) {
      throw node.error(
          "'labels' and 'help' need a 'name'; add name: or remove them to use the default format");
    }
    if (name != null && pattern == null) {
      throw node.error("'name' needs a 'pattern' to take its $1, $2 ... from; add pattern:");
    }
    return new RuleConfig(
        index, pattern, compiled, name, value, valueFactor, help, labels, type, cache, snakeCase);
  }

  private void checkType(ConfigNode node, String type) {
    if ("GAUGE".equals(type)
        || "COUNTER".equals(type)
        || "UNTYPED".equals(type)
        || "UNKNOWN".equals(type)) {
      return;
    }
    for (String known : KNOWN_TYPES) {
      if (known.equalsIgnoreCase(type)) {
        // jmx_exporter is case-sensitive and exports these as untyped; keep that, but tell.
        warnings.add(
            node.error("'" + type + "' exports as untyped; write GAUGE, COUNTER or UNTYPED")
                .getMessage());
        return;
      }
    }
    String suggestion = Suggestions.closest(type.toUpperCase(java.util.Locale.ROOT), KNOWN_TYPES);
    throw node.error(
        "unknown type '"
            + type
            + "'"
            + (suggestion == null ? "" : ", did you mean '" + suggestion + "'?")
            + " (expected GAUGE, COUNTER or UNTYPED)");
  }

  private static Pattern compile(ConfigNode node, String pattern) {
    try {
      return Pattern.compile(RuleConfig.wrap(pattern));
    } catch (PatternSyntaxException e) {
      throw node.error(
          "not a valid regular expression: "
              + e.getDescription()
              + " near index "
              // Counted in the pattern as written, not in the ^.*(?: ... ).*$ wrapper.
              + Math.min(pattern.length(), Math.max(0, e.getIndex() - "^.*(?:".length()))
              + " of "
              + pattern);
    }
  }

  private static String optionalString(ConfigNode node) {
    if (node == null) {
      return null;
    }
    if (node.isNull()) {
      throw node.error("empty; give a value or remove the key");
    }
    return node.string();
  }

  List<MetricCustomizerConfig> readCustomizers(ConfigNode node) {
    List<MetricCustomizerConfig> result = new ArrayList<>();
    for (ConfigNode item : node.sequence()) {
      Map<String, ConfigNode> keys = item.mapping(CUSTOMIZER_KEYS);
      ConfigNode filter = keys.get("mbeanFilter");
      if (filter == null) {
        throw item.error("missing 'mbeanFilter' (with 'domain' and optional 'properties')");
      }
      Map<String, ConfigNode> filterKeys = filter.mapping(FILTER_KEYS);
      if (!filterKeys.containsKey("domain")) {
        throw filter.error("missing 'domain'");
      }
      String domain = filterKeys.get("domain").string();
      Map<String, String> properties = new LinkedHashMap<>();
      ConfigNode propertiesNode = filterKeys.get("properties");
      if (propertiesNode != null && !propertiesNode.isNull()) {
        for (Map.Entry<String, ConfigNode> p : propertiesNode.anyMapping().entrySet()) {
          properties.put(p.getKey(), p.getValue().scalarText());
        }
      }
      List<String> attributesAsLabels = new ArrayList<>();
      ConfigNode labels = keys.get("attributesAsLabels");
      if (labels != null) {
        for (ConfigNode attribute : labels.sequence()) {
          attributesAsLabels.add(attribute.string());
        }
      }
      List<MetricCustomizerConfig.ExtraMetric> extras = new ArrayList<>();
      ConfigNode extraNode = keys.get("extraMetrics");
      if (extraNode != null) {
        for (ConfigNode extra : extraNode.sequence()) {
          extras.add(extraMetric(extra));
        }
      }
      if (labels == null && extraNode == null) {
        throw item.error("needs 'attributesAsLabels' or 'extraMetrics' (or both)");
      }
      result.add(new MetricCustomizerConfig(domain, properties, attributesAsLabels, extras));
    }
    return result;
  }

  private static MetricCustomizerConfig.ExtraMetric extraMetric(ConfigNode node) {
    Map<String, ConfigNode> keys = node.mapping(EXTRA_METRIC_KEYS);
    if (!keys.containsKey("name")) {
      throw node.error("missing 'name'");
    }
    ConfigNode value = keys.get("value");
    if (value == null || value.isNull()) {
      throw node.error("missing 'value' (a number or true/false)");
    }
    // Kept as YAML typed it: numbers and booleans export, text (even "12") exports nothing, as
    // in jmx_exporter.
    Object constant = value.scalarObject();
    ConfigNode description = keys.get("description");
    return new MetricCustomizerConfig.ExtraMetric(
        keys.get("name").string(), constant, description == null ? null : description.string());
  }
}
