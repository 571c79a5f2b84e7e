package io.github.jmxprom.collector.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The name transformations of reference §3.8: {@code safeName}, the {@code attrNameSnakeCase}
 * conversion and client_java's reserved-suffix stripping. The tables are those of jmx_exporter's
 * own unit tests; the random checks compare with the real jmx_exporter 1.0.1 and client_java 1.3.1
 * code (loaded from {@code jmxprom.reference.dir}, which the collector build fills).
 */
class NamesTest {

  private static Method referenceSafeName;
  private static Method referenceSnakeCase;
  private static Method referenceSanitizeMetricName;

  @BeforeAll
  static void loadReference() throws Exception {
    ClassLoader loader = referenceLoader();
    Class<?> collector = loader.loadClass("io.prometheus.jmx.JmxCollector");
    referenceSafeName = collector.getDeclaredMethod("safeName", String.class);
    referenceSafeName.setAccessible(true);
    referenceSnakeCase = collector.getDeclaredMethod("toSnakeAndLowerCase", String.class);
    referenceSnakeCase.setAccessible(true);
    referenceSanitizeMetricName =
        loader
            .loadClass("io.prometheus.metrics.model.snapshots.PrometheusNaming")
            .getMethod("sanitizeMetricName", String.class);
  }

  @ParameterizedTest(name = "safeName(\"{0}\") = \"{1}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "test-test              | test_test",
        "-_-                    | _",
        "__test                 | _test",
        "001                    | _001",
        "test_swedish_chars_åäö | test_swedish_chars_",
        "test:test              | test:test",
        "''                     | ''",
        "kafka.server-Broker    | kafka_server_Broker",
        "a..b                   | a_b",
        "a b                    | a_b",
        "_                      | _",
        "1a-b                   | _1a_b",
        "9_x                    | _9_x",
        "ok_Name:2              | ok_Name:2",
        "\"quoted\"             | _quoted_",
      })
  void safeNameReplacesIllegalCharactersAndCollapsesUnderscores(String input, String expected) {
    assertThat(Names.safeName(input)).isEqualTo(expected);
  }

  @Test
  void safeNamePrefixesANonAsciiDigitLikeJmxExporter() {
    // Character.isDigit is true for '٣' (Arabic-Indic three), which is then itself replaced.
    assertThat(Names.safeName("٣x")).isEqualTo("__x");
  }

  static Stream<Arguments> snakeCases() {
    return Stream.of(
        Arguments.of("testTCPTest", "test_tcptest"),
        Arguments.of("TCP", "tcp"),
        Arguments.of("StartTime_$1_$2", "start_time_$1_$2"),
        Arguments.of("_Test_Test", "_test_test"),
        Arguments.of("testTest\nTest", "test_test\n_test"),
        Arguments.of("ActiveSessions", "active_sessions"),
        Arguments.of("BootstrapsDeferred", "bootstraps_deferred"),
        Arguments.of("Value", "value"),
        Arguments.of("already_snake", "already_snake"),
        Arguments.of("a", "a"),
        Arguments.of("", ""),
        Arguments.of("HTTPServer2Port", "httpserver2_port"));
  }

  @ParameterizedTest(name = "snakeCase(\"{0}\") = \"{1}\"")
  @MethodSource("snakeCases")
  void snakeCaseLowercasesAndSeparatesWords(String input, String expected) {
    assertThat(Names.snakeCase(input)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "stripReservedSuffixes(\"{0}\") = \"{1}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "a_total                | a",
        "b_info                 | b",
        "b_total_info           | b",
        "requests_created       | requests",
        "le_bucket              | le",
        "a_total_total          | a",
        "_total                 | total",
        "_info                  | info",
        "_info_total            | info",
        "x_info_created_bucket  | x",
        "Bar_Total              | Bar_Total",
        "total                  | total",
        "subtotal               | subtotal",
        "a_totals               | a_totals",
        "jvm_threads            | jvm_threads",
      })
  void reservedSuffixesAreStrippedRepeatedlyAndCaseSensitively(String input, String expected) {
    assertThat(Names.stripReservedSuffixes(input)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "isValidLabelName(\"{0}\") = {1}")
  @CsvSource({
    "a, true",
    "_a, true",
    "A_b9, true",
    "_objectname, true",
    "__reserved, false",
    "9a, false",
    "a:b, false",
    "a.b, false",
    "a-b, false",
    "'', false",
  })
  void labelNamesFollowThePrometheusRules(String name, boolean valid) {
    assertThat(Names.isValidLabelName(name)).isEqualTo(valid);
  }

  @Test
  void safeNameAgreesWithJmxExporterOnRandomText() throws Exception {
    Random random = new Random(20240601);
    for (int i = 0; i < 5000; i++) {
      String input = randomText(random, "aZ09_:-. $\n\"åß٣", 12);
      assertThat(Names.safeName(input))
          .as("safeName(%s)", quote(input))
          .isEqualTo(referenceSafeName.invoke(null, input));
    }
  }

  @Test
  void snakeCaseAgreesWithJmxExporterOnRandomText() throws Exception {
    Random random = new Random(20240602);
    for (int i = 0; i < 5000; i++) {
      String input = randomText(random, "aBcDZ9_ -$\nÅß", 12);
      assertThat(Names.snakeCase(input))
          .as("snakeCase(%s)", quote(input))
          .isEqualTo(referenceSnakeCase.invoke(null, input));
    }
  }

  @Test
  void safeNameThenSuffixStrippingAgreesWithClientJavaOnRandomNames() throws Exception {
    String[] tokens = {
      "a",
      "B",
      "1",
      "_",
      ":",
      "-",
      "total",
      "_total",
      "_info",
      "_created",
      "_bucket",
      "_Total",
      "info"
    };
    Random random = new Random(20240603);
    int compared = 0;
    for (int i = 0; i < 5000; i++) {
      StringBuilder raw = new StringBuilder();
      int n = random.nextInt(6);
      for (int t = 0; t < n; t++) {
        raw.append(tokens[random.nextInt(tokens.length)]);
      }
      String safe = Names.safeName(raw.toString());
      if (safe.isEmpty()) {
        continue; // a rule with an empty name exports nothing, so it never gets here
      }
      compared++;
      assertThat(Names.stripReservedSuffixes(safe))
          .as("stripReservedSuffixes(%s)", safe)
          .isEqualTo(referenceSanitizeMetricName.invoke(null, safe));
    }
    assertThat(compared).isGreaterThan(4000);
  }

  private static String randomText(Random random, String alphabet, int maxLength) {
    int length = random.nextInt(maxLength + 1);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\n", "\\n") + "\"";
  }

  /** jmx_exporter 1.0.1 and client_java 1.3.1, isolated from the client_java on our class path. */
  private static ClassLoader referenceLoader() throws Exception {
    String dir = System.getProperty("jmxprom.reference.dir");
    if (dir == null || dir.isBlank()) {
      throw new IllegalStateException(
          "jmxprom.reference.dir is not set; run the tests through Maven (mvn -pl collector test)");
    }
    List<URL> urls = new ArrayList<>();
    try (Stream<Path> files = Files.list(Paths.get(dir))) {
      for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
        urls.add(toUrl(jar));
      }
    }
    return new URLClassLoader(
        "jmx-exporter-1.0.1-names", urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }

  private static URL toUrl(Path jar) throws MalformedURLException {
    return jar.toUri().toURL();
  }
}
