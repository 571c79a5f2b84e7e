package io.github.jmxprom.collector.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.JmxCollector;
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
 * the real jmx_exporter 1.0.1, both scraping the test MBeans on the platform MBeanServer.
 *
 * <p>{@code -improved} configs run with {@link HostileBeans#breakingReference()} registered as well
 * and must give their {@code .expected} output, which 1.0.1 must not give (else the config is no
 * improvement and should lose its suffix).
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
      ReferenceJmxExporter.Result reference = ReferenceJmxExporter.get().scrape(config.yaml());
      TestMBeans.reset();
      Exposition ours = DifferentialCorpus.compared(Exposition.parse(scrapeJmxprom(config)));
      if (config.improved()) {
        assertThat(referenceOrNull(reference))
            .as("%s: jmx_exporter 1.0.1 already gives the .expected output", name)
            .isNotEqualTo(config.expected());
        assertSame(name + ".expected", config.expected(), ours);
      } else {
        assertThat(reference.outcome())
            .as("%s: jmx_exporter 1.0.1 failed: %s", name, reference.failureSummary())
            .isEqualTo(ReferenceJmxExporter.Result.Outcome.OK);
        assertThat(reference.walkFailed())
            .as("%s: jmx_exporter 1.0.1 aborted its JMX walk (output is partial)", name)
            .isFalse();
        assertSame("jmx_exporter 1.0.1", DifferentialCorpus.compared(reference.exposition()), ours);
      }
    } finally {
      TestMBeans.unregister(SERVER, extra);
    }
  }

  private static String scrapeJmxprom(DifferentialCorpus.Config config) throws IOException {
    JmxCollector collector =
        JmxCollector.builder().configYaml(config.yaml()).mbeanServer(SERVER).build();
    MetricSnapshots snapshots = collector.collect();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, snapshots);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static Exposition referenceOrNull(ReferenceJmxExporter.Result reference) {
    boolean complete =
        reference.outcome() == ReferenceJmxExporter.Result.Outcome.OK && !reference.walkFailed();
    return complete ? DifferentialCorpus.compared(reference.exposition()) : null;
  }

  private static void assertSame(String source, Exposition expected, Exposition actual) {
    assertThat(actual)
        .withFailMessage(
            () ->
                "jmxprom differs from "
                    + source
                    + " (- expected, + jmxprom):\n"
                    + Exposition.diff(expected, actual))
        .isEqualTo(expected);
  }
}
