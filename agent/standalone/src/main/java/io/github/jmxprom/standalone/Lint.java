package io.github.jmxprom.standalone;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.ConfigException;
import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.collector.config.MetricType;
import io.github.jmxprom.collector.config.RuleConfig;
import io.github.jmxprom.collector.rules.Names;
import io.github.jmxprom.collector.rules.RuleEngine;
import io.github.jmxprom.collector.snapshot.DropReason;
import io.github.jmxprom.collector.snapshot.Sample;
import io.github.jmxprom.runtime.ExplainedLeaf;
import io.github.jmxprom.runtime.RuleExplanation;
import io.github.jmxprom.standalone.tools.Inventory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code java -jar jmxprom-standalone.jar lint config.yaml [--target T|--inventory F]}: loads the
 * config (every config error is a finding), checks the rules on their own (shadowed by an earlier
 * rule, counters not ending in {@code _total}, label names that come from captures) and, with a
 * target or an inventory from {@code dump}, runs them over those MBeans: rules that match nothing,
 * rules that would match but always lose to an earlier rule, samples that {@code /metrics} would
 * drop (a name of the JVM metrics, a duplicate, a negative counter, a bad label name) and the
 * series count, both from the same assembling a scrape does ({@link RuleExplanation#outcomes}).
 * Rules are named {@code rules[i] 'pattern'}, counted from 0. Exit status: 0 nothing found, 1
 * findings, 2 cannot run.
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
              + Inventory.whyUnreadable(e));
      return 2;
    }
    findings += coverage(file, config, inventory, out);
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
      String file, CollectorConfig config, Inventory inventory, PrintStream out) {
    List<ExplainedLeaf> leaves;
    try {
      leaves =
          RuleExplanation.outcomes(
              config, RuleExplanation.reservedNames(config), inventory::replay);
    } catch (IOException e) {
      throw new IllegalStateException("a recorded inventory does not fail", e);
    }
    List<RuleConfig> rules = config.getRules();
    RuleCounts[] counts = new RuleCounts[rules.size()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new RuleCounts();
    }
    for (ExplainedLeaf leaf : leaves) {
      RuleConfig winner = leaf.getEvaluation().getRule();
      if (winner != null) {
        counts[winner.getIndex()].add(leaf);
      }
      // A later rule whose own pattern matches this input, but loses to the winner.
      for (int i = winner == null ? rules.size() : winner.getIndex() + 1; i < rules.size(); i++) {
        if (matches(rules.get(i), leaf)) {
          counts[i].shadowedBy.add(winner.getIndex());
        }
      }
    }
    int findings = 0;
    int total = 0;
    int served = 0;
    String where = " on " + inventory.getSource();
    for (RuleConfig rule : rules) {
      RuleCounts c = counts[rule.getIndex()];
      total += c.samples;
      served += c.served;
      findings += c.report(file, rule, rules, where, out);
    }
    out.println(
        file
            + ": "
            + total
            + " samples, "
            + served
            + " series from "
            + rules.size()
            + " rules"
            + where
            + (total > served ? " (/metrics drops " + (total - served) + " samples)" : ""));
    return findings;
  }

  /** Whether {@code rule}'s own pattern matches the input it would see for this leaf. */
  private static boolean matches(RuleConfig rule, ExplainedLeaf leaf) {
    if (rule.getPattern() == null) {
      return false;
    }
    String input =
        leaf.getBeanName()
            + (rule.isAttrNameSnakeCase()
                ? Names.snakeCase(leaf.getAttribute())
                : leaf.getAttribute())
            + ": "
            + (rule.isCache() ? "<cache>" : String.valueOf(leaf.getValue()));
    return rule.getPattern().matcher(input).matches();
  }

  /** What one rule did on the MBeans, and what the scrape made of its samples. */
  private static final class RuleCounts {
    int matched;
    int samples;
    int served;
    int illegal;
    int objectName;
    final Map<DropReason, Integer> dropped = new EnumMap<>(DropReason.class);
    final Set<Integer> shadowedBy = new TreeSet<>();

    void add(ExplainedLeaf leaf) {
      matched++;
      Sample sample = leaf.getSample();
      if (sample == null) {
        return;
      }
      samples++;
      if (!LEGAL_NAME.matcher(sample.getName()).matches()) {
        illegal++;
      }
      if (leaf.isServed()) {
        served++;
        if (leaf.getServedLabels() != sample.getLabels()) {
          objectName++;
        }
      } else if (leaf.getDropReason() != null) {
        dropped.merge(leaf.getDropReason(), 1, Integer::sum);
      }
    }

    /** Prints what lint says about the rule; returns the number of findings. */
    int report(
        String file, RuleConfig rule, List<RuleConfig> rules, String where, PrintStream out) {
      int findings = 0;
      String prefix = file + ": " + rule.describe();
      if (matched == 0 && !shadowedBy.isEmpty()) {
        findings++;
        StringBuilder by = new StringBuilder();
        for (int j : shadowedBy) {
          by.append(by.length() == 0 ? "" : ", ").append(rules.get(j).describe());
        }
        out.println(prefix + " is shadowed" + where + " by " + by);
      } else if (matched == 0) {
        findings++;
        out.println(prefix + " matches nothing" + where);
      } else {
        out.println(prefix + ": " + matched + " attributes, " + samples + " samples");
      }
      if (illegal > 0) {
        findings++;
        out.println(prefix + " makes " + illegal + " samples with an illegal name");
      }
      if (!dropped.isEmpty()) {
        findings++;
        StringBuilder why = new StringBuilder();
        int count = 0;
        for (Map.Entry<DropReason, Integer> d : dropped.entrySet()) {
          why.append(why.length() == 0 ? "" : ", ").append(d.getKey().label()).append(' ');
          why.append(d.getValue());
          count += d.getValue();
        }
        out.println(
            prefix
                + ": /metrics drops "
                + count
                + " of its samples ("
                + why
                + "); explain shows which and why");
      }
      if (objectName > 0) {
        out.println(
            prefix
                + ": note: "
                + objectName
                + " of its samples have the same name and labels as others, which /metrics tells"
                + " apart with an _objectname label");
      }
      return findings;
    }
  }
}
