package io.github.jmxprom.runtime;

import io.github.jmxprom.collector.JmxCollector;
import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.MetricType;
import io.github.jmxprom.collector.jmx.BeanWalker;
import io.github.jmxprom.collector.jmx.LeafReceiver;
import io.github.jmxprom.collector.rules.Evaluation;
import io.github.jmxprom.collector.rules.RuleEngine;
import io.github.jmxprom.collector.snapshot.DropReason;
import io.github.jmxprom.collector.snapshot.LabelSet;
import io.github.jmxprom.collector.snapshot.Sample;
import io.github.jmxprom.collector.snapshot.SnapshotAssembler;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * Why each attribute value becomes what {@code /metrics} serves: the pattern input string, the rule
 * that matched ({@code rules[i] 'pattern'}, counted from 0) or that none did, and the series {@code
 * name{labels} value type} as the exposition writes it, or why the scrape drops the sample. The
 * rules run in the same {@link RuleEngine} a scrape uses and the samples then go through the same
 * {@link SnapshotAssembler}, whose {@link SnapshotAssembler.Trace} reports each one's fate:
 * counters get {@code _total}, other names lose reserved suffixes, samples with the same name and
 * labels get {@code _objectname}, a family of mixed types is untyped, and negative counters,
 * duplicates and names of the JVM metrics or the exporter's own are dropped. The standalone jar's
 * {@code explain} prints it for a target or a recorded inventory, the agent's {@code /debug/rules}
 * for its own MBeans.
 *
 * <pre>{@code
 * RuleExplanation.explain(config, RuleExplanation.reservedNames(config),
 *     RuleExplanation.walk(config, server), bean, System.out);
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

  /**
   * The family names an exporter with this config keeps for its own collectors, as the agent and
   * the standalone scraper reserve them: the self-metrics, the build info and (unless {@code
   * excludeJvmMetrics}) the JVM metrics. A rule's family of one of these names is dropped.
   */
  public static Set<String> reservedNames(CollectorConfig config) {
    return JmxCollector.reservedNames(TargetCollectors.reservedNames(config));
  }

  /**
   * What a scrape makes of every leaf, in walk order: the rules' evaluation, then the fate of its
   * sample in the scrape's assembling with {@code reservedNames} kept off.
   */
  public static List<ExplainedLeaf> outcomes(
      CollectorConfig config, Set<String> reservedNames, Leaves leaves) throws IOException {
    RuleEngine engine = new RuleEngine(config);
    List<ExplainedLeaf> result = new ArrayList<>();
    final Map<Sample, ExplainedLeaf> bySample = new IdentityHashMap<>();
    SnapshotAssembler assembler = new SnapshotAssembler(reservedNames);
    leaves.replay(
        (context, properties, path, attribute, description, value) -> {
          String beanName = RuleEngine.beanName(context.getDomain(), properties, path);
          Evaluation e = engine.evaluate(context, properties, path, attribute, description, value);
          ExplainedLeaf leaf =
              new ExplainedLeaf(context.getObjectName(), beanName, attribute, value, e);
          result.add(leaf);
          if (e.getSample() != null) {
            bySample.put(e.getSample(), leaf);
            assembler.add(e.getSample());
          }
        });
    assembler.setTrace(
        new SnapshotAssembler.Trace() {
          @Override
          public void served(Sample sample, String family, MetricType type, LabelSet labels) {
            bySample.get(sample).served(family, type, labels);
          }

          @Override
          public void dropped(Sample sample, String family, DropReason reason, Sample same) {
            bySample.get(sample).dropped(family, reason, same == null ? null : bySample.get(same));
          }
        });
    assembler.build();
    return result;
  }

  /**
   * Prints the explanation of every leaf whose bean matches {@code bean} (null: all). The fates are
   * those of a scrape of all the leaves: a bean's sample can get {@code _objectname} or be dropped
   * because of another bean's.
   */
  public static void explain(
      CollectorConfig config,
      Set<String> reservedNames,
      Leaves leaves,
      ObjectName bean,
      PrintStream out)
      throws IOException {
    List<ExplainedLeaf> all = outcomes(config, reservedNames, leaves);
    Families families = new Families(all);
    int values = 0;
    int samples = 0;
    int served = 0;
    for (ExplainedLeaf leaf : all) {
      if (bean == null || bean.apply(leaf.getBean())) {
        values++;
        samples += leaf.getSample() == null ? 0 : 1;
        served += leaf.isServed() ? 1 : 0;
        print(leaf, families, out);
      }
    }
    out.println(
        values
            + " values, "
            + samples
            + " samples, "
            + served
            + " served, "
            + (samples - served)
            + " dropped");
  }

  private static void print(ExplainedLeaf leaf, Families families, PrintStream out) {
    out.println(leaf.getInput());
    Evaluation e = leaf.getEvaluation();
    Sample s = e.getSample();
    if (e.getRule() == null) {
      out.println("  no rule matched");
    } else if (s == null) {
      out.println(
          "  "
              + e.getRule().describe()
              + " matched, no sample: "
              + e.getReason()
              + (e.isFailed() ? " (counted as dropped: rule_error; jmx_scrape_error is 1)" : ""));
    } else if (leaf.isServed()) {
      out.println(
          "  "
              + e.getRule().describe()
              + " -> "
              + leaf.servedSeries()
              + " "
              + number(s.getValue())
              + " "
              + ExplainedLeaf.typeWord(leaf.getServedType()));
      families.notes(leaf, out);
    } else {
      out.println(
          "  "
              + e.getRule().describe()
              + " -> "
              + series(s)
              + " "
              + number(s.getValue())
              + " "
              + ExplainedLeaf.typeWord(s.getType()));
      out.println("  dropped (" + leaf.getDropReason().label() + "): " + dropped(leaf));
    }
  }

  /** Why the scrape leaves a sample out, in words. */
  static String dropped(ExplainedLeaf leaf) {
    switch (leaf.getDropReason()) {
      case NEGATIVE_COUNTER:
        return "a counter cannot be negative";
      case NAME_CLASH:
        return leaf.getFamily()
            + " is the name of a JVM metric or of one of the exporter's own; /metrics serves that"
            + " one";
      case DUPLICATE_SAMPLE:
        ExplainedLeaf same = leaf.getSameAs();
        return "same name and labels as "
            + same.getInput()
            + " (rules["
            + same.getEvaluation().getRule().getIndex()
            + "]), even with _objectname";
      case DUPLICATE_LABEL_NAME:
        return leaf.getSample().getLabels().problem() == null
            ? "it has an _objectname label already, which /metrics adds to tell apart the samples"
                + " of "
                + leaf.getFamily()
                + " that have the same labels"
            : "two of its labels have the same name";
      case INVALID_LABEL_NAME:
        return "a label name the exposition cannot carry (not [a-zA-Z_][a-zA-Z0-9_]*, or starting"
            + " with __)";
      default:
        return leaf.getDropReason().label();
    }
  }

  /**
   * What explain adds below a served sample: its name changed, {@code _objectname} added, its
   * family served untyped. Needs every leaf of the scrape, grouped by family.
   */
  private static final class Families {
    // Family + its labels before _objectname: the samples that made it necessary.
    private final Map<String, List<ExplainedLeaf>> bySeries = new HashMap<>();
    private final Map<String, Set<String>> types = new HashMap<>();

    Families(List<ExplainedLeaf> all) {
      for (ExplainedLeaf leaf : all) {
        Sample s = leaf.getSample();
        if (s == null || leaf.getFamily() == null || s.getLabels().problem() != null) {
          continue;
        }
        bySeries.computeIfAbsent(key(leaf), k -> new ArrayList<>()).add(leaf);
        types
            .computeIfAbsent(leaf.getFamily(), k -> new TreeSet<>())
            .add(ExplainedLeaf.typeWord(s.getType()));
      }
    }

    private static String key(ExplainedLeaf leaf) {
      return ExplainedLeaf.series(
          leaf.getFamily(), MetricType.UNKNOWN, leaf.getSample().getLabels());
    }

    void notes(ExplainedLeaf leaf, PrintStream out) {
      Sample s = leaf.getSample();
      String family = leaf.getFamily();
      String name = s.getName();
      boolean counterName = leaf.getServedType() == MetricType.COUNTER && name.endsWith("_total");
      if (!name.equals(family) && !(counterName && name.equals(family + "_total"))) {
        out.println(
            "  named "
                + family
                + ": the rule's "
                + name
                + " loses "
                + name.substring(family.length())
                + ", a suffix /metrics reserves for counters, histograms and info metrics");
      }
      if (leaf.getServedLabels() != s.getLabels()) {
        objectName(leaf, out);
      }
      if (leaf.getServedType() != s.getType()) {
        out.println(
            "  type "
                + ExplainedLeaf.typeWord(leaf.getServedType())
                + ": the samples of "
                + family
                + " disagree ("
                + String.join(", ", types.get(family))
                + ")");
      }
    }

    private void objectName(ExplainedLeaf leaf, PrintStream out) {
      String series =
          ExplainedLeaf.series(
              leaf.getFamily(), leaf.getServedType(), leaf.getSample().getLabels());
      List<ExplainedLeaf> others = new ArrayList<>(bySeries.get(key(leaf)));
      others.remove(leaf);
      if (others.isEmpty()) {
        out.println(
            "  _objectname added: other samples of "
                + leaf.getFamily()
                + " have the same labels as each other, and then every sample of it gets one");
        return;
      }
      ExplainedLeaf other = others.get(0);
      out.println(
          "  _objectname added: "
              + series
              + " also comes from "
              + other.getInput()
              + " (rules["
              + other.getEvaluation().getRule().getIndex()
              + "])"
              + (others.size() > 1 ? " and " + (others.size() - 1) + " more" : ""));
    }
  }

  /** {@code name{a="x",b="y"}} of a rule's sample, labels in rule order. */
  static String series(Sample s) {
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
