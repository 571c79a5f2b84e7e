package io.github.jmxprom.standalone;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.ConfigException;
import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.collector.config.JmxTarget;
import io.github.jmxprom.collector.config.RuleConfig;
import io.github.jmxprom.collector.jmx.BeanWalker;
import io.github.jmxprom.collector.jmx.Failures;
import io.github.jmxprom.collector.rules.Evaluation;
import io.github.jmxprom.collector.rules.RuleEngine;
import io.github.jmxprom.standalone.probe.LocalJvms;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * {@code java -jar jmxprom-standalone.jar lint config.yaml --target host:port}: loads the config
 * (every config error is a finding) and, with a target, runs the rules over that JVM's MBeans and
 * reports rules that match nothing there and how many series each rule makes. Exit status: 0
 * nothing found, 1 findings, 2 cannot run.
 *
 * <pre>{@code
 * java -jar jmxprom-standalone.jar lint config-samples/kafka-broker.yaml --target 127.0.0.1:9999
 * }</pre>
 */
public final class Lint {

  static final String USAGE =
      "usage: java -jar jmxprom-standalone.jar lint config.yaml"
          + " [--target host:port|service:jmx:...|pid:<n>]";

  private Lint() {}

  /** Runs lint; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println(USAGE);
      out.println("Reports rules that match nothing on the target and the series each rule makes.");
      out.println("Exit status: 0 nothing found, 1 findings, 2 cannot run.");
      return 0;
    }
    String target = null;
    String file = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--target") && i + 1 < args.length) {
        target = args[++i];
      } else if (file == null && !args[i].startsWith("--")) {
        file = args[i];
      } else {
        err.println("lint: unexpected argument " + args[i] + "\n" + USAGE);
        return 2;
      }
    }
    if (file == null) {
      err.println("lint: no config file\n" + USAGE);
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
    if (target == null) {
      out.println(file + ": config is valid (give --target to check the rules against a JVM)");
      return findings == 0 ? 0 : 1;
    }
    try {
      return coverage(file, config, engine, target, out) + findings == 0 ? 0 : 1;
    } catch (IOException | RuntimeException e) {
      err.println("lint: cannot read the MBeans of " + target + ": " + Failures.describe(e));
      return 2;
    }
  }

  private static int coverage(
      String file, CollectorConfig config, RuleEngine engine, String target, PrintStream out)
      throws IOException {
    Map<Integer, Integer> matched = new HashMap<>();
    Map<Integer, Integer> samples = new HashMap<>();
    BeanWalker walker =
        new BeanWalker(
            config,
            (bean, properties, path, attribute, description, value) -> {
              Evaluation e = engine.evaluate(bean, properties, path, attribute, description, value);
              if (e.getRule() != null) {
                matched.merge(e.getRule().getIndex(), 1, Integer::sum);
                if (e.getSample() != null) {
                  samples.merge(e.getRule().getIndex(), 1, Integer::sum);
                }
              }
            });
    JmxTarget parsed = JmxTarget.parse(target);
    String url =
        parsed.isLocalPid() ? LocalJvms.connectorAddress(parsed.getPid()) : parsed.getJmxUrl();
    try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
      MBeanServerConnection connection = connector.getMBeanServerConnection();
      walker.walk(connection);
    }
    int unmatched = 0;
    int total = 0;
    List<RuleConfig> rules = config.getRules();
    for (RuleConfig rule : rules) {
      int m = matched.getOrDefault(rule.getIndex(), 0);
      int s = samples.getOrDefault(rule.getIndex(), 0);
      total += s;
      if (m == 0) {
        unmatched++;
        out.println(file + ": " + rule.describe() + " matches nothing on " + target);
      } else {
        out.println(file + ": " + rule.describe() + ": " + m + " attributes, " + s + " samples");
      }
    }
    out.println(file + ": " + total + " samples from " + rules.size() + " rules on " + target);
    return unmatched;
  }
}
