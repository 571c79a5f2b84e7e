package io.github.jmxprom.collector.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.rules.Names;
import io.github.jmxprom.collector.rules.RuleEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in the repository's {@code config-samples/} folder is a rule file users copy as it is.
 * Each must load without errors or warnings, follow jmxprom's naming conventions, and start with
 * the header that says what it covers, what it was tested with and how many series it gives:
 *
 * <pre>
 * # Eclipse Jetty 12: requests, responses by status class, ...      (what it covers)
 * #
 * # Tested:    Eclipse Jetty 12.0.16 (...) on OpenJDK 17, ...         (server versions tested)
 * # Series:    137 in all with one HTTP connector ...                 (measured series count)
 * </pre>
 *
 * Whether every rule matches something on the real server is checked by the integration tests
 * (JettyIT, ArtemisIT, TomcatPrometheusIT, ...), which run the samples against those servers.
 */
class ConfigSamplesTest {

  /** The samples, from the collector module's folder (where Maven runs its tests). */
  private static final Path SAMPLES = Paths.get("..", "config-samples");

  private static final Pattern TESTED = Pattern.compile("^# ?Tested( with)?: +\\S.*\\d.*$");
  private static final Pattern SERIES = Pattern.compile("^# ?(Expected )?[Ss]eries: +\\S.*\\d.*$");

  static List<String> samples() {
    try (Stream<Path> files = Files.list(SAMPLES)) {
      return files
          .filter(Files::isRegularFile)
          .map(file -> file.getFileName().toString())
          .filter(name -> !name.toUpperCase(Locale.ROOT).startsWith("README"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void thereIsASampleForEveryServerTheIntegrationTestsRun() {
    assertThat(samples())
        .contains(
            "tomcat.yaml",
            "kafka-broker.yaml",
            "zookeeper.yaml",
            "jetty.yaml",
            "artemis.yaml",
            "cassandra.yaml",
            "jvm-only.yaml");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void loadsWithoutWarningsOrTemplateProblems(String sample) {
    CollectorConfig config = ConfigLoader.load(SAMPLES.resolve(sample));

    assertThat(config.getWarnings()).as("warnings of %s", sample).isEmpty();
    if (config.getHttpServer() != null) {
      assertThat(config.getHttpServer().getWarnings()).as("httpServer warnings").isEmpty();
    }
    assertThat(new RuleEngine(config).templateProblems()).as("template problems").isEmpty();
    assertThat(config.getRules()).as("rules of %s", sample).isNotEmpty();
    assertThat(config.isRemote())
        .as("%s names no JMX target: users add hostPort", sample)
        .isFalse();
  }

  /**
   * Lower-case names, a GAUGE or COUNTER type on every rule (untyped families are hard to use),
   * counters ending in {@code _total}, no name that loses a part to the reserved suffixes ({@code
   * x_info} is exported as {@code x}, {@code x_created_total} as {@code x_total}), and no gauge
   * {@code x} next to a counter {@code x_total} (one family {@code x} of mixed types, exported
   * untyped; checked for names without {@code $n}).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void followsTheNamingConventions(String sample) {
    CollectorConfig config = ConfigLoader.load(SAMPLES.resolve(sample));
    assertThat(config.isLowercaseOutputName()).as("lowercaseOutputName in %s", sample).isTrue();

    List<String> problems = new ArrayList<>();
    Map<String, MetricType> families = new HashMap<>();
    for (RuleConfig rule : config.getRules()) {
      String name = rule.getName();
      if (name == null) {
        problems.add(rule.describe() + ": no name (default format)");
        continue;
      }
      name = name.toLowerCase(Locale.ROOT);
      MetricType type = rule.getType();
      String base = type == MetricType.COUNTER ? stripTotal(name) : name;
      if (type == MetricType.UNKNOWN) {
        problems.add(rule.describe() + ": " + name + " has no GAUGE or COUNTER type");
      } else if (type == MetricType.COUNTER && !name.endsWith("_total")) {
        problems.add(rule.describe() + ": counter " + name + " does not end in _total");
      } else if (!Names.stripReservedSuffixes(base).equals(base)) {
        problems.add(
            rule.describe()
                + ": "
                + name
                + " would be exported as "
                + Names.stripReservedSuffixes(base));
      }
      // A gauge x next to a counter x_total is one family x: exported untyped.
      MetricType before = name.contains("$") ? null : families.putIfAbsent(base, type);
      if (before != null && before != type) {
        problems.add(
            rule.describe()
                + ": "
                + name
                + " is a "
                + type
                + " in the "
                + before
                + " family "
                + base);
      }
    }
    assertThat(problems).as("rules of %s", sample).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void startsWithTheHeaderWhatItCoversWhatItWasTestedWithAndHowManySeries(String sample)
      throws IOException {
    List<String> header = new ArrayList<>();
    for (String line : Files.readAllLines(SAMPLES.resolve(sample), StandardCharsets.UTF_8)) {
      if (!line.startsWith("#")) {
        break;
      }
      header.add(line);
    }

    assertThat(header).as("comment lines at the top of %s", sample).isNotEmpty();
    assertThat(header.get(0))
        .as("first line of %s: what the sample covers", sample)
        .matches("^# \\S.{10,}$");
    assertThat(header)
        .as("%s: a '# Tested:' line with the server versions", sample)
        .anyMatch(line -> TESTED.matcher(line).matches());
    assertThat(header)
        .as("%s: a '# Series:' line with the series count measured", sample)
        .anyMatch(line -> SERIES.matcher(line).matches());
  }

  private static String stripTotal(String name) {
    return name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
  }
}
