package io.github.jmxprom.it.servers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.harness.Exposition;
import io.github.jmxprom.it.harness.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What every config-sample IT asserts on an exporter's {@code /metrics} (agent or standalone): a
 * clean scrape, families with a real type, the series of the sample's rules; and the standalone
 * config made from a sample.
 *
 * <pre>{@code
 * Exposition metrics = SampleChecks.assertCleanScrape(Http.plain().scrape(base));
 * SampleChecks.assertTypedFamilies(metrics, "jetty_");
 * }</pre>
 */
public final class SampleChecks {

  private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$");

  private SampleChecks() {}

  /**
   * Fails unless the scrape had no error: {@code jmx_scrape_error 0}, no failed or quarantined (too
   * slow) bean, no dropped sample. Returns {@code metrics}.
   */
  public static Exposition assertCleanScrape(Exposition metrics) {
    assertThat(metrics.value("jmx_scrape_error")).as("jmx_scrape_error").isZero();
    assertThat(metrics.value("jmx_scrape_beans_failed")).as("jmx_scrape_beans_failed").isZero();
    assertThat(metrics.find("jmx_scrape_bean_quarantined")).as("beans too slow to read").isEmpty();
    for (Exposition.Sample dropped : metrics.find("jmx_scrape_dropped_samples_total")) {
      assertThat(dropped.value()).as("dropped samples: %s", dropped).isZero();
    }
    return metrics;
  }

  /**
   * Fails unless every family whose name starts with {@code prefix} is a gauge or a counter: an
   * untyped family means that two rules of the sample made one name with different types (e.g. a
   * gauge {@code x} and a counter {@code x_total}).
   */
  public static Map<String, String> assertTypedFamilies(Exposition metrics, String prefix) {
    Map<String, String> types = new TreeMap<>();
    Matcher m = TYPE.matcher(metrics.text());
    while (m.find()) {
      if (m.group(1).startsWith(prefix)) {
        types.put(m.group(1), m.group(2));
      }
    }
    assertThat(types).as("families %s*", prefix).isNotEmpty();
    assertThat(types)
        .as("families of the sample that are neither gauge nor counter")
        .allSatisfy((name, type) -> assertThat(type).as(name).isIn("gauge", "counter"));
    return types;
  }

  /** The samples whose name starts with {@code prefix}. */
  public static long count(Exposition metrics, String prefix) {
    return metrics.samples().stream().filter(s -> s.name().startsWith(prefix)).count();
  }

  /** Name and labels of each sample whose name starts with {@code prefix}, without values. */
  public static Set<String> series(Exposition metrics, String prefix) {
    return metrics.samples().stream()
        .filter(s -> s.name().startsWith(prefix))
        .map(s -> s.name() + new TreeMap<>(s.labels()))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Scrapes {@code base} until {@code until} holds for the exposition (every 250 ms); fails with
   * the last one after {@code timeout}.
   */
  public static Exposition scrapeUntil(
      String base, String what, Predicate<Exposition> until, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exposition last;
    while (true) {
      last = Http.plain().scrape(base);
      if (until.test(last)) {
        return last;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(base + ": no " + what + " within " + timeout + "\n" + last.text());
      }
      ServerProcess.sleep(250);
    }
  }

  /** The value of the one sample {@code name} with the labels, or NaN when there is none. */
  public static double valueOrNaN(Exposition metrics, String name, String... labelPairs) {
    var found = metrics.find(name, labelPairs);
    return found.size() == 1 ? found.get(0).value() : Double.NaN;
  }

  /**
   * A standalone scraper's config for {@code target}: {@code hostPort: target} followed by the
   * sample, written to {@code directory/name}. Users do the same (see each sample's header).
   */
  public static Path standaloneConfig(Path sample, String target, Path directory, String name) {
    try {
      String text = "hostPort: " + target + "\n" + Files.readString(sample, StandardCharsets.UTF_8);
      return Files.writeString(directory.resolve(name), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
