package io.github.jmxprom.standalone;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.ConfigException;
import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.collector.config.MetricType;
import io.github.jmxprom.collector.config.RuleConfig;
import io.github.jmxprom.collector.jmx.Failures;
import io.github.jmxprom.collector.rules.Evaluation;
import io.github.jmxprom.collector.rules.Names;
import io.github.jmxprom.collector.rules.RuleEngine;
import io.github.jmxprom.standalone.tools.Explain;
import io.github.jmxprom.standalone.tools.Inventory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar jmxprom-standalone.jar lint config.yaml [--target T|--inventory F]}: loads the
 * config (every config error is a finding), checks the rules on their own (shadowed by an earlier
 * rule, counters not ending in {@code _total}, label names that come from captures) and, with a
 * target or an inventory from {@code dump}, runs them over those MBeans: rules that match nothing,
 * rules that would match but always lose to an earlier rule, and the expected series count. Rules
 * are named {@code rules[i] 'pattern'}, counted from 0. Exit status: 0 nothing found, 1 findings, 2
 * cannot run.
 *
 * <pre>{@code
 * java -jar jmxprom-standalone.jar lint config-samples/kafka-broker.yaml --target 127.0.0.1:9999
 * java -jar jmxprom-standalone.jar lint kafka.yaml --inventory inventory.json
 * }</pre>
 */
public final class Lint {

  static final String USAGE =
      "usage: java -jar jmxprom-standalone.jar lint config.yaml"
          + " [--target host:port|service:jmx:...|pid:<n> | --inventory inventory.json]";

  private static final java.util.regex.Pattern LEGAL_NAME =
      java.util.regex.Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private Lint() {}

  /** Runs lint; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String target = null;
    String inventoryFile = null;
    String file = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--help") || args[i].equals("-h")) {
        out.println(USAGE);
        out.println("Reports rules shadowed by an earlier rule, counters without _total, label");
        out.println("names from captures and, with --target or --inventory, rules that match");
        out.println("nothing there and the series each rule makes. Rules are named rules[i],");
        out.println("counted from 0. Exit status: 0 nothing found, 1 findings, 2 cannot run.");
        return 0;
      } else if (args[i].equals("--target") && i + 1 < args.length) {
        target = args[++i];
      } else if (args[i].equals("--inventory") && i + 1 < args.length) {
        inventoryFile = args[++i];
      } else if (file == null && !args[i].startsWith("--")) {
        file = args[i];
      } else {
        err.println("lint: unexpected argument " + args[i] + "\n" + USAGE);
        return 2;
      }
    }
    if (file == null || (target != null && inventoryFile != null)) {
      err.println("lint: needs a config file and at most one of --target, --inventory\n" + USAGE);
      return 2;
    }
    CollectorConfig config;
    try {
      config = ConfigLoader.load(Paths.get(file));
    } catch (ConfigException e) {
      out.println(e.getMessage());
      return 1;
    }
    int findings = config.getWarnings().size();
    for (String warning : config.getWarnings()) {
      out.println("warning: " + warning);
    }
    RuleEngine engine = new RuleEngine(config);
    for (String problem : engine.templateProblems()) {
      out.println(file + ": " + problem);
      findings++;
    }
    findings += staticChecks(file, config.getRules(), out);
    if (target == null && inventoryFile == null) {
      out.println(
          file + ": config checked (give --target or --inventory to check the rules on MBeans)");
      return findings == 0 ? 0 : 1;
    }
    Inventory inventory;
    try {
      inventory = Inventory.open(target, inventoryFile, config);
    } catch (IOException | RuntimeException e) {
      err.println(
          "lint: cannot read "
              + (target != null ? "the MBeans of " + target : inventoryFile)
              + ": "
              + Failures.describe(e));
      return 2;
    }
    findings += coverage(file, config, engine, inventory, out);
    return findings == 0 ? 0 : 1;
  }

  /** Checks that need no MBeans. */
  static int staticChecks(String file, List<RuleConfig> rules, PrintStream out) {
    int findings = 0;
    for (int i = 0; i < rules.size(); i++) {
      RuleConfig rule = rules.get(i);
      for (int j = 0; j < i; j++) {
        RuleConfig earlier = rules.get(j);
        boolean sameInput =
            earlier.isAttrNameSnakeCase() == rule.isAttrNameSnakeCase()
                && earlier.isCache() == rule.isCache();
        if (earlier.getPatternSource() == null
            || (sameInput && earlier.getPatternSource().equals(rule.getPatternSource()))) {
          out.println(
              file
                  + ": "
                  + rule.describe()
                  + " can never match: "
                  + earlier.describe()
                  + " matches everything it would (first match wins)");
          findings++;
          break;
        }
      }
      if (rule.getType() == MetricType.COUNTER
          && rule.getName() != null
          && !rule.getName().endsWith("_total")) {
        out.println(
            file
                + ": "
                + rule.describe()
                + " is a COUNTER named '"
                + rule.getName()
                + "' without _total: Prometheus counters end in _total (exposed as '"
                + rule.getName()
                + "_total')");
        findings++;
      }
      for (Map.Entry<String, String> label : rule.getLabels()) {
        if (label.getKey().contains("$")) {
          out.println(
              file
                  + ": "
                  + rule.describe()
                  + " label name '"
                  + label.getKey()
                  + "' comes from a capture: a value that is not [a-zA-Z_][a-zA-Z0-9_]*"
                  + " drops the sample");
          findings++;
        }
      }
    }
    return findings;
  }

  private static int coverage(
      String file,
      CollectorConfig config,
      RuleEngine engine,
      Inventory inventory,
      PrintStream out) {
    Map<Integer, Integer> matched = new HashMap<>();
    Map<Integer, Integer> samples = new HashMap<>();
    Map<Integer, Integer> illegal = new HashMap<>();
    Map<Integer, Set<Integer>> shadowedBy = new HashMap<>();
    Set<String> series = new HashSet<>();
    List<RuleConfig> rules = config.getRules();
    inventory.replay(
        (bean, properties, path, attribute, description, value) -> {
          Evaluation e = engine.evaluate(bean, properties, path, attribute, description, value);
          RuleConfig winner = e.getRule();
          if (winner != null) {
            matched.merge(winner.getIndex(), 1, Integer::sum);
            if (e.getSample() != null) {
              samples.merge(winner.getIndex(), 1, Integer::sum);
              series.add(Explain.series(e.getSample()));
              if (!LEGAL_NAME.matcher(e.getSample().getName()).matches()) {
                illegal.merge(winner.getIndex(), 1, Integer::sum);
              }
            }
          }
          // A later rule whose own pattern matches this input, but loses to the winner.
          String beanName = RuleEngine.beanName(bean.getDomain(), properties, path);
          for (int i = winner == null ? rules.size() : winner.getIndex() + 1;
              i < rules.size();
              i++) {
            RuleConfig later = rules.get(i);
            if (later.getPattern() == null) {
              continue;
            }
            String input =
                beanName
                    + (later.isAttrNameSnakeCase() ? Names.snakeCase(attribute) : attribute)
                    + ": "
                    + (later.isCache() ? "<cache>" : String.valueOf(value));
            if (later.getPattern().matcher(input).matches()) {
              shadowedBy.computeIfAbsent(i, k -> new java.util.TreeSet<>()).add(winner.getIndex());
            }
          }
        });
    int findings = 0;
    int total = 0;
    String where = " on " + inventory.getSource();
    for (RuleConfig rule : rules) {
      int m = matched.getOrDefault(rule.getIndex(), 0);
      int s = samples.getOrDefault(rule.getIndex(), 0);
      total += s;
      if (m == 0 && shadowedBy.containsKey(rule.getIndex())) {
        findings++;
        StringBuilder by = new StringBuilder();
        for (int j : shadowedBy.get(rule.getIndex())) {
          by.append(by.length() == 0 ? "" : ", ").append(rules.get(j).describe());
        }
        out.println(file + ": " + rule.describe() + " is shadowed" + where + " by " + by);
      } else if (m == 0) {
        findings++;
        out.println(file + ": " + rule.describe() + " matches nothing" + where);
      } else {
        out.println(file + ": " + rule.describe() + ": " + m + " attributes, " + s + " samples");
      }
      int bad = illegal.getOrDefault(rule.getIndex(), 0);
      if (bad > 0) {
        findings++;
        out.println(
            file + ": " + rule.describe() + " makes " + bad + " samples with an illegal name");
      }
    }
    out.println(
        file
            + ": "
            + total
            + " samples, "
            + series.size()
            + " series from "
            + rules.size()
            + " rules"
            + where);
    return findings;
  }
}
