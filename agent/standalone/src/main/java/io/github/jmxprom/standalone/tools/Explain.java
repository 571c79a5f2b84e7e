package io.github.jmxprom.standalone.tools;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.ConfigException;
import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.runtime.RuleExplanation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Paths;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * {@code explain config.yaml --target T|--inventory F [--bean PATTERN]}: for every attribute value,
 * the pattern input string, the rule that matched ({@code rules[i]} and its pattern) or that none
 * did, and the series it becomes as /metrics writes it, or why the scrape drops it ({@link
 * RuleExplanation}). The answers come from the same rule engine and the same assembling a scrape
 * uses, with the names the standalone scraper and the agent keep for the JVM metrics and their own
 * (unless {@code excludeJvmMetrics}), so what explain says is what /metrics serves.
 *
 * <pre>{@code
 * java -jar jmxprom-standalone.jar explain kafka.yaml --inventory inventory.json \
 *     --bean 'kafka.server:type=BrokerTopicMetrics,*'
 * }</pre>
 */
public final class Explain {

  static final String USAGE =
      "usage: java -jar jmxprom-standalone.jar explain config.yaml"
          + " --target host:port|service:jmx:...|pid:<n> | --inventory inventory.json"
          + " [--bean OBJECTNAME_PATTERN]";

  private Explain() {}

  /** Runs explain; returns the exit status (0 explained, 2 cannot run). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    ToolArguments a;
    try {
      a = ToolArguments.parse("explain", args, 1, "--target", "--inventory", "--bean");
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage() + "\n" + USAGE);
      return 2;
    }
    if (a.help) {
      out.println(USAGE);
      out.println("For every attribute: the pattern input, which rule matched (rules[i], counted");
      out.println("from 0) or that none did, and the series name{labels} value type as /metrics");
      out.println("serves it (with _total, _objectname, untyped) or why /metrics drops it.");
      return 0;
    }
    String target = a.options.get("--target");
    String inventoryFile = a.options.get("--inventory");
    if (a.positional.isEmpty() || (target == null) == (inventoryFile == null)) {
      err.println("explain: needs a config file and one of --target, --inventory\n" + USAGE);
      return 2;
    }
    String file = a.positional.get(0);
    ObjectName bean;
    try {
      bean = a.options.containsKey("--bean") ? new ObjectName(a.options.get("--bean")) : null;
    } catch (MalformedObjectNameException e) {
      err.println(
          "explain: --bean "
              + a.options.get("--bean")
              + " is not an ObjectName pattern"
              + " (e.g. 'java.lang:type=Memory' or 'kafka.server:*'): "
              + e.getMessage());
      return 2;
    }
    CollectorConfig config;
    try {
      config = ConfigLoader.load(Paths.get(file));
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 2;
    }
    Inventory inventory;
    try {
      inventory = Inventory.open(target, inventoryFile, config);
    } catch (IOException | RuntimeException e) {
      err.println(
          "explain: cannot read "
              + (target != null ? "the MBeans of " + target : inventoryFile)
              + ": "
              + Inventory.whyUnreadable(e));
      return 2;
    }
    explain(config, inventory, bean, out);
    return 0;
  }

  /** Prints the explanation of every leaf whose bean matches {@code bean} (null: all). */
  static void explain(
      CollectorConfig config, Inventory inventory, ObjectName bean, PrintStream out) {
    try {
      RuleExplanation.explain(
          config, RuleExplanation.reservedNames(config), inventory::replay, bean, out);
    } catch (IOException e) {
      throw new IllegalStateException("a recorded inventory does not fail", e);
    }
  }
}
