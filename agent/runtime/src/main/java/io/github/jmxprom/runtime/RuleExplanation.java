package io.github.jmxprom.runtime;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.jmx.BeanWalker;
import io.github.jmxprom.collector.jmx.LeafReceiver;
import io.github.jmxprom.collector.rules.Evaluation;
import io.github.jmxprom.collector.rules.RuleEngine;
import io.github.jmxprom.collector.snapshot.Sample;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * Why each attribute value becomes the sample it becomes: the pattern input string, the rule that
 * matched ({@code rules[i] 'pattern'}, counted from 0) or that none did, the sample {@code
 * name{labels} value type}, and samples that collide. The answers come from the same {@link
 * RuleEngine} a scrape uses. The standalone jar's {@code explain} prints it for a target or a
 * recorded inventory, the agent's {@code /debug/rules} for its own MBeans.
 *
 * <pre>{@code
 * RuleExplanation.explain(config, RuleExplanation.walk(config, server), bean, System.out);
 * }</pre>
 */
public final class RuleExplanation {

  /** Hands every leaf to a receiver: a recorded inventory, or a walk of live MBeans. */
  public interface Leaves {
    void replay(LeafReceiver receiver) throws IOException;
  }

  private RuleExplanation() {}

  /** The leaves of the beans a config selects on a connection, read now. */
  public static Leaves walk(CollectorConfig config, MBeanServerConnection connection) {
    return receiver -> {
      BeanWalker walker = new BeanWalker(config, receiver);
      try {
        walker.walk(connection);
      } finally {
        walker.close();
      }
    };
  }

  /** Prints the explanation of every leaf whose bean matches {@code bean} (null: all). */
  public static void explain(
      CollectorConfig config, Leaves leaves, ObjectName bean, PrintStream out) throws IOException {
    RuleEngine engine = new RuleEngine(config);
    Map<String, String> seen = new HashMap<>();
    int[] counts = new int[3];
    leaves.replay(
        (context, properties, path, attribute, description, value) -> {
          if (bean != null && !bean.apply(context.getObjectName())) {
            return;
          }
          counts[0]++;
          String input =
              RuleEngine.beanName(context.getDomain(), properties, path) + attribute + ": " + value;
          Evaluation e = engine.evaluate(context, properties, path, attribute, description, value);
          out.println(e.getInput() != null ? e.getInput() : input);
          if (e.getRule() == null) {
            out.println("  no rule matched");
            return;
          }
          Sample s = e.getSample();
          if (s == null) {
            out.println("  " + e.getRule().describe() + " matched, no sample: " + e.getReason());
            return;
          }
          counts[1]++;
          String series = series(s);
          out.println(
              "  "
                  + e.getRule().describe()
                  + " -> "
                  + series
                  + " "
                  + number(s.getValue())
                  + " "
                  + s.getType().name().toLowerCase(Locale.ROOT));
          String earlier = seen.putIfAbsent(series, s.getMatchInput());
          if (earlier != null) {
            counts[2]++;
            out.println("  collision: " + series + " also comes from " + earlier);
          }
        });
    out.println(counts[0] + " values, " + counts[1] + " samples, " + counts[2] + " collisions");
  }

  /** {@code name{a="x",b="y"}}, as in the exposition format. */
  public static String series(Sample s) {
    StringBuilder b = new StringBuilder(s.getName());
    if (!s.getLabelNames().isEmpty()) {
      b.append('{');
      for (int i = 0; i < s.getLabelNames().size(); i++) {
        b.append(i == 0 ? "" : ",").append(s.getLabelNames().get(i)).append("=\"");
        b.append(s.getLabelValues().get(i).replace("\\", "\\\\").replace("\"", "\\\""));
        b.append('"');
      }
      b.append('}');
    }
    return b.toString();
  }

  static String number(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : Double.toString(v);
  }
}
