package io.github.jmxprom.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.collector.jmx.MBeanServerSource;
import io.github.jmxprom.collector.snapshot.SelfMetrics;
import io.github.jmxprom.runtime.BuildInfo;
import io.github.jmxprom.runtime.RuleExplanation;
import io.github.jmxprom.runtime.TargetCollectors;
import io.github.jmxprom.runtime.jvm.JvmMetricNames;
import io.github.jmxprom.runtime.jvm.JvmMetrics;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code explain} (and {@code /debug/rules}) says a value becomes is what {@code /metrics}
 * serves for the same MBeans and config: the same series, names and labels as the exposition writes
 * them, the same values, and nothing explain calls served that the scrape leaves out. The beans are
 * made to hit every way the assembling of a scrape changes or drops a rule's sample: a counter
 * (served with {@code _total}), a gauge named {@code ..._total} (served without), two values with
 * the same name and labels (told apart by {@code _objectname}), two that stay the same even then
 * (the second dropped), a negative counter (dropped), a family whose samples disagree on type
 * (served untyped), a rule named like a JVM metric (dropped), and labels whose rule order ({@code
 * Zone} before {@code cache}, then lowercased) is not the order the exposition writes them in. Both
 * ways out are compared: the agent's own text writer and client_java's (the standalone's).
 */
class ExplainMatchesMetricsTest {

  /** Counters and gauges of a cache. */
  public interface CacheMBean {
    long getHits();

    long getMisses();

    int getSize();

    long getEvictions();
  }

  /** See {@link CacheMBean}. */
  public static final class Cache implements CacheMBean {
    private final long hits;
    private final long misses;
    private final int size;
    private final long evictions;

    Cache(long hits, long misses, int size, long evictions) {
      this.hits = hits;
      this.misses = misses;
      this.size = size;
      this.evictions = evictions;
    }

    @Override
    public long getHits() {
      return hits;
    }

    @Override
    public long getMisses() {
      return misses;
    }

    @Override
    public int getSize() {
      return size;
    }

    @Override
    public long getEvictions() {
      return evictions;
    }
  }

  /** Two thread counts that rules give different types. */
  public interface PoolMBean {
    int getActive();

    int getIdle();
  }

  /** See {@link PoolMBean}. */
  public static final class Pool implements PoolMBean {
    @Override
    public int getActive() {
      return 4;
    }

    @Override
    public int getIdle() {
      return 6;
    }
  }

  /** Two attributes whose snake_case names are the same, and one named like a JVM metric. */
  public interface OddMBean {
    int getFooBar();

    int getFoo_bar();

    long getUsed();
  }

  /** See {@link OddMBean}. */
  public static final class Odd implements OddMBean {
    @Override
    public int getFooBar() {
      return 1;
    }

    @Override
    public int getFoo_bar() {
      return 2;
    }

    @Override
    public long getUsed() {
      return 99;
    }
  }

  static final String CONFIG =
      """
      includeObjectNames: ['app:*']
      lowercaseOutputLabelNames: true
      rules:
        - pattern: 'app<type=Cache, name=(\\w+)><>(Hits|Misses)'
          name: app_cache_requests
          labels: {Zone: eu, cache: $1}
        - pattern: 'app<type=Cache, name=(\\w+)><>Evictions'
          name: app_cache_evictions
          type: COUNTER
          labels: {cache: $1}
        - pattern: 'app<type=Cache, name=(\\w+)><>Size'
          name: app_cache_size_total
          type: GAUGE
          labels: {cache: $1}
        - pattern: 'app<type=Pool><>Active'
          name: app_pool_threads
          type: GAUGE
          labels: {state: active}
        - pattern: 'app<type=Pool><>Idle'
          name: app_pool_threads
          type: COUNTER
          labels: {state: idle}
        - pattern: 'app<type=Odd><>used'
          attrNameSnakeCase: true
          name: jvm_memory_used_bytes
        - pattern: 'app<type=Odd><>foo_bar'
          attrNameSnakeCase: true
          name: app_odd
      """;

  private MBeanServer server;
  private TargetCollectors target;
  private CollectorConfig config;

  @BeforeEach
  void beans() throws Exception {
    server = MBeanServerFactory.newMBeanServer();
    server.registerMBean(new Cache(1234, 5, 42, 3), new ObjectName("app:type=Cache,name=users"));
    server.registerMBean(new Cache(7, 1, 2, -1), new ObjectName("app:type=Cache,name=sessions"));
    server.registerMBean(new Pool(), new ObjectName("app:type=Pool"));
    server.registerMBean(new Odd(), new ObjectName("app:type=Odd"));
    config = ConfigLoader.load(CONFIG);
    MBeanServerSource source = MBeanServerSource.of(server);
    target = TargetCollectors.remote(config, c -> source);
  }

  @AfterEach
  void close() {
    target.close();
  }

  @Test
  void everySeriesExplainCallsServedIsServedWithThatValueAndNoOther() throws Exception {
    Map<String, Double> explained = servedByExplain(explain(null));
    Map<String, Double> agent = jmxSeries(agentText());
    Map<String, Double> standalone = jmxSeries(standaloneText());

    assertThat(agent).isEqualTo(standalone);
    assertThat(explained).isEqualTo(agent);
  }

  @Test
  void explainSaysWhatTheScrapeChangesAndDrops() throws Exception {
    String text = explain(null);
    assertThat(text)
        .contains(
            "app<type=Cache, name=users><>Hits: 1234\n"
                + "  rules[0] 'app<type=Cache, name=(\\w+)><>(Hits|Misses)' ->"
                + " app_cache_requests{_objectname=\"app<type=Cache, name=users><>Hits\","
                + "cache=\"users\",zone=\"eu\"} 1234 unknown\n"
                + "  _objectname added: app_cache_requests{cache=\"users\",zone=\"eu\"} also"
                + " comes from app<type=Cache, name=users><>Misses: 5 (rules[0])\n")
        .contains(
            "  rules[1] 'app<type=Cache, name=(\\w+)><>Evictions' ->"
                + " app_cache_evictions_total{cache=\"users\"} 3 counter\n")
        .contains(
            "app<type=Cache, name=sessions><>Evictions: -1\n"
                + "  rules[1] 'app<type=Cache, name=(\\w+)><>Evictions' ->"
                + " app_cache_evictions{cache=\"sessions\"} -1 counter\n"
                + "  dropped (negative_counter): a counter cannot be negative\n")
        .contains(
            "  rules[2] 'app<type=Cache, name=(\\w+)><>Size' -> app_cache_size{cache=\"users\"} 42"
                + " gauge\n"
                + "  named app_cache_size: the rule's app_cache_size_total loses _total, a suffix"
                + " /metrics reserves for counters, histograms and info metrics\n")
        .contains(
            "  rules[4] 'app<type=Pool><>Idle' -> app_pool_threads{state=\"idle\"} 6 unknown\n"
                + "  type unknown: the samples of app_pool_threads disagree (counter, gauge)\n")
        .contains(
            "app<type=Odd><>used: 99\n"
                + "  rules[5] 'app<type=Odd><>used' -> jvm_memory_used_bytes 99 unknown\n"
                + "  dropped (name_clash): jvm_memory_used_bytes is the name of a JVM metric or of"
                + " one of the exporter's own; /metrics serves that one\n")
        .containsPattern(
            "  dropped \\(duplicate_sample\\): same name and labels as app<type=Odd><>foo_bar: [12]"
                + " \\(rules\\[6\\]\\), even with _objectname\n")
        .endsWith("13 values, 13 samples, 10 served, 3 dropped\n");
  }

  @Test
  void aBeanPatternExplainsOnlyItsBeansButWithTheOutcomeOfTheWholeScrape() throws Exception {
    // The sessions cache alone has no collision, but in the scrape users' has: _objectname.
    String text = explain(new ObjectName("app:type=Cache,name=sessions"));
    assertThat(text)
        .contains(
            "app<type=Cache, name=sessions><>Hits: 7\n"
                + "  rules[0] 'app<type=Cache, name=(\\w+)><>(Hits|Misses)' ->"
                + " app_cache_requests{_objectname=\"app<type=Cache, name=sessions><>Hits\","
                + "cache=\"sessions\",zone=\"eu\"} 7 unknown\n")
        .doesNotContain("name=users><>")
        .endsWith("4 values, 4 samples, 3 served, 1 dropped\n");
  }

  private String explain(ObjectName bean) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    RuleExplanation.explain(
        config,
        RuleExplanation.reservedNames(config),
        RuleExplanation.walk(config, server),
        bean,
        out);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The agent's way: the JMX families of the scrape written by its own text writer. */
  private String agentText() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new TextExposition()
        .write(
            out,
            MetricSnapshots.of(),
            target.getCollector().scrape().getFamilies(),
            EscapingScheme.DEFAULT);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The standalone's way: the registry's snapshots written by client_java. */
  private String standaloneText() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    target.registerWith(registry);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  /** {@code name{labels}} to value of every sample line not of the exporter's own families. */
  static Map<String, Double> jmxSeries(String exposition) {
    Set<String> others = new HashSet<>(SelfMetrics.NAMES);
    others.addAll(JvmMetrics.familyNames(JvmMetricNames.CURRENT));
    others.add(BuildInfo.FAMILY);
    Map<String, Double> series = new TreeMap<>();
    for (String line : exposition.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      String name = line.substring(0, space);
      String family = name.replaceAll("\\{.*", "").replaceAll("_total$", "");
      if (!others.contains(family)) {
        series.put(name, Double.valueOf(line.substring(space + 1)));
      }
    }
    return series;
  }

  /** The samples explain says are served: {@code -> series value type} not followed by a drop. */
  static Map<String, Double> servedByExplain(String explanation) {
    Map<String, Double> series = new TreeMap<>();
    List<String> lines = explanation.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int arrow = line.indexOf("' -> ");
      if (!line.startsWith("  rules[") || arrow < 0) {
        continue;
      }
      if (i + 1 < lines.size() && lines.get(i + 1).startsWith("  dropped")) {
        continue;
      }
      // series value type: the series may hold spaces (in label values), the others not.
      String rest = line.substring(arrow + 5, line.lastIndexOf(' '));
      String name = rest.substring(0, rest.lastIndexOf(' '));
      String value = rest.substring(rest.lastIndexOf(' ') + 1);
      series.put(name, Double.valueOf(value));
    }
    return series;
  }
}
