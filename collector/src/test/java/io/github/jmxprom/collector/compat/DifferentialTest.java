package io.github.jmxprom.collector.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.jmxprom.collector.JmxCollector;
import io.github.jmxprom.collector.compat.ReferenceJmxExporter.Result;
import io.github.jmxprom.collector.compat.ReferenceJmxExporter.Result.Outcome;
import io.github.jmxprom.collector.testing.Beans;
import io.github.jmxprom.collector.testing.HostileBeans;
import io.github.jmxprom.collector.testing.TestMBeans;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.management.MBeanServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every config of {@link DifferentialCorpus} gives the same families and samples in jmxprom as in
 * the real jmx_exporter 1.0.1, both scraping the test MBeans on the platform MBeanServer; a config
 * 1.0.1 rejects, jmxprom rejects too.
 *
 * <p>Each side builds one collector and scrapes it twice (the second scrape exercises rule caches
 * and auto-exclusion); both scrapes are compared. {@code -improved} configs run with {@link
 * HostileBeans#breakingReference()} registered as well and must give their {@code .expected} output
 * on both scrapes (or be rejected), which 1.0.1 must not do, else the config is no improvement and
 * should lose its suffix.
 */
class DifferentialTest {

  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

  @BeforeAll
  static void registerTestMBeans() {
    TestMBeans.unregisterAll(SERVER);
    TestMBeans.register(SERVER, TestMBeans.referenceSafe());
  }

  @AfterAll
  static void unregisterTestMBeans() {
    TestMBeans.unregisterAll(SERVER);
  }

  static List<String> configs() {
    return DifferentialCorpus.names();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void jmxpromGivesTheSameSamplesAsJmxExporter101(String name) throws IOException {
    DifferentialCorpus.Config config = DifferentialCorpus.load(name);
    Beans extra = config.improved() ? HostileBeans.breakingReference() : new Beans();
    TestMBeans.register(SERVER, extra);
    try {
      TestMBeans.reset();
      ReferenceJmxExporter.Session session = ReferenceJmxExporter.get().open(config.yaml());
      List<Result> references = List.of(session.scrape(), session.scrape());
      TestMBeans.reset();
      if (config.improved()) {
        checkImprovement(config, references);
      } else if (references.get(0).outcome() == Outcome.CONFIG_REJECTED) {
        assertRejected(
            config, "jmx_exporter 1.0.1 rejects it: " + references.get(0).failureSummary());
      } else {
        List<Exposition> ours = scrapeTwice(config);
        for (int i = 0; i < references.size(); i++) {
          String scrape = name + " scrape " + (i + 1);
          Result reference = references.get(i);
          assertThat(reference.outcome())
              .as("%s: jmx_exporter 1.0.1 failed: %s", scrape, reference.failureSummary())
              .isEqualTo(Outcome.OK);
          assertThat(reference.walkFailed())
              .as("%s: jmx_exporter 1.0.1 aborted its JMX walk (output is partial)", scrape)
              .isFalse();
          Exposition expected = DifferentialCorpus.compared(reference.exposition());
          assertSame(scrape, "jmx_exporter 1.0.1", expected, ours.get(i));
        }
      }
    } finally {
      TestMBeans.unregister(SERVER, extra);
    }
  }

  private static void checkImprovement(DifferentialCorpus.Config config, List<Result> references)
      throws IOException {
    if (config.expectsRejection()) {
      assertThat(references.get(0).outcome())
          .as("%s: jmx_exporter 1.0.1 rejects it as well", config.name())
          .isNotEqualTo(Outcome.CONFIG_REJECTED);
      assertRejected(config, config.expectedFile() + " says " + DifferentialCorpus.REJECTED);
      return;
    }
    List<Exposition> ours = scrapeTwice(config);
    for (int i = 0; i < references.size(); i++) {
      String scrape = config.name() + " scrape " + (i + 1);
      assertThat(completeOutput(references.get(i)))
          .as("%s: jmx_exporter 1.0.1 already gives the .expected output", scrape)
          .isNotEqualTo(config.expected());
      assertSame(scrape, config.expectedFile(), config.expected(), ours.get(i));
    }
  }

  private static List<Exposition> scrapeTwice(DifferentialCorpus.Config config) throws IOException {
    JmxCollector collector = build(config);
    return List.of(scrape(collector), scrape(collector));
  }

  private static JmxCollector build(DifferentialCorpus.Config config) {
    return JmxCollector.builder().configYaml(config.yaml()).mbeanServer(SERVER).build();
  }

  private static Exposition scrape(JmxCollector collector) throws IOException {
    MetricSnapshots snapshots = collector.collect();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, snapshots);
    return DifferentialCorpus.compared(Exposition.parse(out.toString(StandardCharsets.UTF_8)));
  }

  private static void assertRejected(DifferentialCorpus.Config config, String why) {
    Throwable thrown = catchThrowable(() -> build(config));
    assertThat(thrown).as("%s: jmxprom accepts the config, but %s", config.name(), why).isNotNull();
  }

  private static Exposition completeOutput(Result reference) {
    boolean complete = reference.outcome() == Outcome.OK && !reference.walkFailed();
    return complete ? DifferentialCorpus.compared(reference.exposition()) : null;
  }

  private static void assertSame(
      String scrape, String source, Exposition expected, Exposition actual) {
    assertThat(actual)
        .withFailMessage(
            () ->
                scrape
                    + ": jmxprom differs from "
                    + source
                    + " (- expected, + jmxprom):\n"
                    + Exposition.diff(expected, actual))
        .isEqualTo(expected);
  }
}
