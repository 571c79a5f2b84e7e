package io.github.jmxprom.collector.rules;

import io.github.jmxprom.collector.config.RuleConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A rule with its templates parsed against its pattern's groups, ready to evaluate. */
final class CompiledRule {

  final RuleConfig config;
  final Pattern pattern;
  // Text every matching input contains: inputs without it are rejected before the regex runs.
  final String[] requiredLiterals;
  final Template name;
  final Template value;
  final Template help;
  final List<Template> labelNames;
  final List<Template> labelValues;

  CompiledRule(RuleConfig config) {
    this.config = config;
    this.pattern = config.getPattern();
    this.requiredLiterals = RequiredLiteral.all(config.getPatternSource()).toArray(new String[0]);
    int groups = pattern == null ? 0 : pattern.matcher("").groupCount();
    this.name = parse(config.getName(), groups);
    // An empty value means "use the attribute's value", as in jmx_exporter.
    this.value =
        config.getValue() == null || config.getValue().isEmpty()
            ? null
            : Template.parse(config.getValue(), groups);
    this.help = parse(config.getHelp(), groups);
    List<Template> names = new ArrayList<>();
    List<Template> values = new ArrayList<>();
    for (Map.Entry<String, String> label : config.getLabels()) {
      names.add(Template.parse(label.getKey(), groups));
      values.add(Template.parse(label.getValue(), groups));
    }
    this.labelNames = Collections.unmodifiableList(names);
    this.labelValues = Collections.unmodifiableList(values);
  }

  private static Template parse(String template, int groups) {
    return template == null ? null : Template.parse(template, groups);
  }

  /**
   * False when no input made of {@code prefix} and then any text of the characters in {@code
   * valueChars} can contain every literal the pattern requires: no such leaf can match, whatever
   * its value. A literal fits when it lies in the prefix, in the value, or across the two.
   */
  boolean mayMatchAnyValue(String prefix, String valueChars) {
    if (pattern == null) {
      return true;
    }
    for (String literal : requiredLiterals) {
      if (!fits(literal, prefix, valueChars)) {
        return false;
      }
    }
    return true;
  }

  private static boolean fits(String literal, String prefix, String valueChars) {
    if (prefix.contains(literal) || onlyOf(literal, 0, valueChars)) {
      return true;
    }
    for (int split = 1; split < literal.length(); split++) {
      if (prefix.endsWith(literal.substring(0, split)) && onlyOf(literal, split, valueChars)) {
        return true;
      }
    }
    return false;
  }

  private static boolean onlyOf(String text, int from, String chars) {
    for (int i = from; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** False when the input lacks text the pattern requires, so the regex need not run. */
  boolean mayMatch(String input) {
    for (String literal : requiredLiterals) {
      if (!input.contains(literal)) {
        return false;
      }
    }
    return true;
  }

  /** Template problems that will make every match of this rule drop its sample. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    for (Template t : all()) {
      if (t.getError() != null) {
        problems.add(config.describe() + ": template '" + t.getSource() + "': " + t.getError());
      }
    }
    return problems;
  }

  private List<Template> all() {
    List<Template> all = new ArrayList<>();
    for (Template t : new Template[] {name, value, help}) {
      if (t != null) {
        all.add(t);
      }
    }
    all.addAll(labelNames);
    all.addAll(labelValues);
    return all;
  }
}
