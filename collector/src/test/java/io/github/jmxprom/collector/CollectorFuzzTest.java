package io.github.jmxprom.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.testing.MapBean;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import org.junit.jupiter.api.Test;

/**
 * Property test of the whole collector: random ObjectNames (quotes, commas, {@code =}, unicode,
 * empty quoted values), random attribute values (NaN, ±Inf, huge longs, BigDecimal, BigInteger,
 * null, strings, nested CompositeData and TabularData, throwing getters) in a private MBeanServer,
 * under random rule sets. {@code collect()} never throws, and what client_java's text writer makes
 * of the result passes a strict exposition check: valid metric and label names, escaped label
 * values, one TYPE per family, no duplicate series, parseable values. The seeds are fixed (300
 * rounds from {@value #BASE_SEED}) so that CI is repeatable; {@code -Djmxprom.fuzz.rounds=N}
 * explores further, and a failure names its seed: rerun it with {@code -Djmxprom.fuzz.seed=<seed>}.
 */
class CollectorFuzzTest {

  private static final int ROUNDS = 300;
  private static final long BASE_SEED = 20261207L;
  private static final String[] RULE_SETS = {
    "{}",
    "lowercaseOutputName: true\nlowercaseOutputLabelNames: true\n",
    """
    rules:
    - pattern: '(.*)<(.*)><(.*)>(.*): (.*)'
      name: fz_$1_$4
      labels: {k: "$2", p: "$3", v: "$5"}
    """,
    """
    rules:
    - pattern: '([^<]*)<([^=]*)=([^,>]*).*><.*>(\\\\w+)'
      name: fz_$4
      type: COUNTER
      labels: {"$2": "$3"}
    - pattern: '.*'
      type: GAUGE
    """,
    """
    rules:
    - pattern: '.*<.*>(.*)'
      attrNameSnakeCase: true
      name: fz_same
      type: UNTYPED
      help: "help with \\\\ backslash and \\n newline"
      valueFactor: 1e300
    - pattern: '.*'
      name: fz_same_total
      type: COUNTER
    """,
    """
    rules:
    - pattern: '(.*)'
      name: jmx_scrape_error
    """,
    """
    rules:
    - pattern: '.*(.)(.)'
      name: "fz_$1$2"
      value: "$2"
      labels: {"_objectname": x, "a-b": "$1", "a_b": "$2"}
    """
  };

  @Test
  void collectNeverThrowsAndAlwaysWritesAValidExposition() {
    String fixed = System.getProperty("jmxprom.fuzz.seed");
    long base = fixed != null ? Long.parseLong(fixed) : BASE_SEED;
    int rounds = fixed != null ? 1 : Integer.getInteger("jmxprom.fuzz.rounds", ROUNDS);
    long start = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      long seed = base + i;
      try {
        round(new Random(seed));
      } catch (Throwable e) {
        throw new AssertionError("fuzz round failed; rerun with -Djmxprom.fuzz.seed=" + seed, e);
      }
    }
    // The figure the README quotes (no assertion on it).
    System.out.printf(
        "FUZZ: %d rounds (seeds %d to %d) in %.1f s%n",
        rounds, base, base + rounds - 1, (System.nanoTime() - start) / 1e9);
  }

  private static void round(Random random) throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    int beans = 1 + random.nextInt(6);
    for (int b = 0; b < beans; b++) {
      MapBean bean = new MapBean();
      int attributes = random.nextInt(5);
      for (int a = 0; a < attributes; a++) {
        addAttribute(random, bean, attributeName(random, a));
      }
      ObjectName name = objectName(random);
      if (name != null && !server.isRegistered(name)) {
        server.registerMBean(bean, name);
      }
    }
    String yaml = RULE_SETS[random.nextInt(RULE_SETS.length)];
    JmxCollector collector = Scrapes.collector(yaml, server);
    for (int scrape = 0; scrape < 2; scrape++) {
      MetricSnapshots snapshots = collector.collect();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrometheusTextFormatWriter.create().write(out, snapshots);
      String text = out.toString(StandardCharsets.UTF_8);
      try {
        StrictExposition.check(text);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\nconfig:\n" + yaml + "\nexposition:\n" + text);
      }
      assertThat(text).contains("jmx_scrape_error ");
    }
    collector.close();
  }

  private static ObjectName objectName(Random random) {
    Hashtable<String, String> properties = new Hashtable<>();
    int keys = 1 + random.nextInt(3);
    for (int k = 0; k < keys; k++) {
      String key =
          pick(random, "type", "name", "a-b", "a_b", "k" + k, "ümlaut", "_objectname", "x");
      String value = text(random);
      properties.put(
          key, unquotedAllowed(value) && random.nextBoolean() ? value : ObjectName.quote(value));
    }
    try {
      return new ObjectName(pick(random, "fz", "fz.dom", "fz-dash", "füz", "f z"), properties);
    } catch (MalformedObjectNameException e) {
      return null;
    }
  }

  private static boolean unquotedAllowed(String value) {
    return !value.isEmpty() && value.chars().noneMatch(c -> ",=:\"*?\n".indexOf(c) >= 0);
  }

  private static String attributeName(Random random, int index) {
    return pick(random, "Value", "Count", "fooBar", "Ünï", "with space", "a-b", "Value") + index;
  }

  private static void addAttribute(Random random, MapBean bean, String name) throws Exception {
    switch (random.nextInt(12)) {
      case 0 ->
          bean.with(
              name,
              pick(
                  random,
                  Double.NaN,
                  Double.POSITIVE_INFINITY,
                  Double.NEGATIVE_INFINITY,
                  -0.0,
                  Double.MIN_VALUE,
                  Double.MAX_VALUE));
      case 1 -> bean.with(name, pick(random, Long.MAX_VALUE, Long.MIN_VALUE, -1L, 0L));
      case 2 -> bean.with(name, new BigDecimal("1e" + (random.nextInt(800) - 400)));
      case 3 -> bean.with(name, new BigInteger("9".repeat(1 + random.nextInt(400))));
      case 4 -> bean.with(name, "java.lang.Object", () -> null);
      case 5 -> bean.with(name, text(random));
      case 6 -> bean.with(name, random.nextBoolean());
      case 7 ->
          bean.with(
              name,
              "int",
              () -> {
                throw new IllegalStateException("getter fails");
              });
      case 8 -> bean.with(name, composite(random, 2));
      case 9 -> bean.with(name, table(random));
      case 10 -> bean.with(name, (float) random.nextGaussian() * 1e30f);
      default -> bean.with(name, random.nextInt());
    }
  }

  private static CompositeData composite(Random random, int depth) throws Exception {
    List<String> names = new ArrayList<>();
    List<OpenType<?>> types = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    int items = 1 + random.nextInt(3);
    for (int i = 0; i < items; i++) {
      names.add(pick(random, "used", "max", "näme", "a b", "x") + i);
      if (depth > 0 && random.nextInt(3) == 0) {
        CompositeData nested = composite(random, depth - 1);
        types.add(nested.getCompositeType());
        values.add(nested);
      } else if (random.nextBoolean()) {
        types.add(SimpleType.DOUBLE);
        values.add(random.nextBoolean() ? Double.NaN : random.nextGaussian() * 1e10);
      } else {
        types.add(SimpleType.STRING);
        values.add(random.nextBoolean() ? null : text(random));
      }
    }
    String[] n = names.toArray(new String[0]);
    CompositeType type =
        new CompositeType(
            "fz" + random.nextInt(1000), "d", n, n, types.toArray(new OpenType<?>[0]));
    return new CompositeDataSupport(type, n, values.toArray());
  }

  private static TabularDataSupport table(Random random) throws Exception {
    CompositeType row =
        new CompositeType(
            "row",
            "r",
            new String[] {"key", "value"},
            new String[] {"k", "v"},
            new OpenType<?>[] {SimpleType.STRING, SimpleType.LONG});
    TabularDataSupport table =
        new TabularDataSupport(new TabularType("t", "t", row, new String[] {"key"}));
    Set<String> keys = new HashSet<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      String key = text(random);
      if (keys.add(key)) {
        table.put(
            new CompositeDataSupport(
                row, new String[] {"key", "value"}, new Object[] {key, random.nextLong()}));
      }
    }
    return table;
  }

  private static final String ALPHABET = "ab_-.,=:\"\\\n\t *?<>{}$1äé日本\u00a0\u2028😀";

  private static String text(Random random) {
    StringBuilder s = new StringBuilder();
    int length = random.nextInt(8);
    while (s.length() < length) {
      s.appendCodePoint(
          ALPHABET.codePointAt(
              ALPHABET.offsetByCodePoints(
                  0, random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
    }
    return s.toString();
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  /** A strict reader of the Prometheus text format 0.0.4, as client_java writes it. */
  static final class StrictExposition {
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES =
        Set.of(
            "counter", "gauge", "untyped", "summary", "histogram", "info", "stateset", "unknown");

    static void check(String text) {
      assertThat(text).as("ends with a newline").endsWith("\n");
      Set<String> typed = new HashSet<>();
      Set<String> helped = new HashSet<>();
      Set<String> series = new HashSet<>();
      String family = null;
      String familyType = null;
      for (String line : text.split("\n", -1)) {
        if (line.isEmpty()) {
          continue;
        }
        if (line.startsWith("# HELP ")) {
          String[] parts = line.split(" ", 4);
          assertThat(parts[2]).as(line).matches(METRIC);
          assertThat(helped.add(parts[2])).as("one HELP per family: " + line).isTrue();
          checkEscapes(parts.length > 3 ? parts[3] : "", false, line);
          family = parts[2];
        } else if (line.startsWith("# TYPE ")) {
          String[] parts = line.split(" ");
          assertThat(parts).as(line).hasSize(4);
          assertThat(parts[2]).as(line).matches(METRIC).isEqualTo(family);
          assertThat(typed.add(parts[2])).as("one TYPE per family: " + line).isTrue();
          assertThat(TYPES).as(line).contains(parts[3]);
          familyType = parts[3];
        } else {
          assertThat(line).as("no other comments").doesNotStartWith("#");
          series(line, family, familyType, series);
        }
      }
    }

    private static void series(String line, String family, String type, Set<String> series) {
      int i = 0;
      while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
        i++;
      }
      String name = line.substring(0, i);
      assertThat(name).as(line).matches(METRIC);
      assertThat(family).as("sample before any HELP: " + line).isNotNull();
      String suffix = name.startsWith(family) ? name.substring(family.length()) : null;
      assertThat(suffix).as("sample of family " + family + ": " + line).isNotNull();
      if ("counter".equals(type) || "gauge".equals(type) || "untyped".equals(type)) {
        // client_java's 0.0.4 writer names a counter family with its _total, as its samples.
        assertThat(suffix).as(line).isEmpty();
        assertThat(!"counter".equals(type) || name.endsWith("_total")).as(line).isTrue();
      }
      TreeMap<String, String> labels = new TreeMap<>();
      StringBuilder key = new StringBuilder(name);
      if (i < line.length() && line.charAt(i) == '{') {
        i++;
        while (line.charAt(i) != '}') {
          int eq = line.indexOf('=', i);
          String label = line.substring(i, eq);
          assertThat(label).as(line).matches(LABEL);
          assertThat(line.charAt(eq + 1)).as(line).isEqualTo('"');
          StringBuilder value = new StringBuilder();
          int j = eq + 2;
          while (line.charAt(j) != '"') {
            char c = line.charAt(j);
            if (c == '\\') {
              char next = line.charAt(j + 1);
              assertThat("\\\"n").as("escape in " + line).contains(String.valueOf(next));
              value.append(next == 'n' ? '\n' : next);
              j += 2;
            } else {
              value.append(c);
              j++;
            }
          }
          assertThat(labels.put(label, value.toString())).as("duplicate label: " + line).isNull();
          i = j + 1;
          if (line.charAt(i) == ',') {
            i++;
          }
        }
        i++;
      }
      assertThat(line.charAt(i)).as(line).isEqualTo(' ');
      String[] rest = line.substring(i + 1).split(" ");
      assertThat(rest.length).as(line).isBetween(1, 2);
      String value = rest[0];
      if (!value.equals("NaN") && !value.equals("+Inf") && !value.equals("-Inf")) {
        Double.parseDouble(value); // throws when not a number
      }
      labels.forEach((k, v) -> key.append('\0').append(k).append('\0').append(v));
      assertThat(series.add(key.toString())).as("duplicate series: " + line).isTrue();
    }

    private static void checkEscapes(String text, boolean quotes, String line) {
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) == '\\') {
          assertThat(i + 1).as("dangling escape: " + line).isLessThan(text.length());
          char next = text.charAt(++i);
          assertThat(quotes ? "\\\"n" : "\\n")
              .as("escape in " + line)
              .contains(String.valueOf(next));
        }
      }
    }
  }
}
