package io.github.jmxprom.collector.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The differential configs in {@code src/test/resources/differential/}, and what of an exposition
 * is compared.
 *
 * <p>A config {@code NN-short-name.yaml} is compared with jmx_exporter 1.0.1: same samples when
 * 1.0.1 accepts it, a load-time rejection when 1.0.1 rejects it. A config whose name ends in {@code
 * -improved} is one where 1.0.1 fails or has a bug; its sibling {@code .expected} file holds
 * jmxprom's documented output in Prometheus text format instead, or the single line {@value
 * #REJECTED} when jmxprom must reject the config at load time. Lines starting with {@code #} that
 * are not {@code # HELP}/{@code # TYPE} are comments.
 *
 * <p>Compared are all families except jmxprom's and 1.0.1's self metrics ({@code jmx_*}, documented
 * to differ) and those of the JVM's own MBean domains, whose values change between two scrapes.
 */
public final class DifferentialCorpus {

  /** Resource folder of the configs. */
  public static final String FOLDER = "differential";

  /** Suffix of configs whose expectation is written down instead of taken from 1.0.1. */
  public static final String IMPROVED = "-improved";

  /** The content of an {@code .expected} file saying that jmxprom rejects the config. */
  public static final String REJECTED = "!rejected";

  private static final List<String> IGNORED_PREFIXES =
      List.of(
          "jmx_",
          "java_lang_",
          "java_nio_",
          "java_util_logging_",
          "jdk_",
          "com_sun_management_",
          "sun_management_",
          "jmimplementation_",
          "javax_management_");

  private DifferentialCorpus() {}

  /**
   * One config of the corpus.
   *
   * @param name the file name
   * @param yaml the config
   * @param improved whether the expectation is written down instead of taken from 1.0.1
   * @param expected for an improved config that jmxprom accepts, the compared part of its output
   */
  public record Config(String name, String yaml, boolean improved, Exposition expected) {

    /** Whether jmxprom must reject this improved config at load time. */
    public boolean expectsRejection() {
      return improved && expected == null;
    }

    /** The name of the file holding the expectation. */
    public String expectedFile() {
      return name.replace(".yaml", ".expected");
    }
  }

  /** The config file names, sorted. */
  public static List<String> names() {
    try (Stream<Path> files = Files.list(folder())) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads a config and, for an {@code -improved} one, its expectation. */
  public static Config load(String name) {
    Path yaml = folder().resolve(name);
    String base = name.substring(0, name.length() - ".yaml".length());
    boolean improved = base.endsWith(IMPROVED);
    Exposition expected = null;
    if (improved) {
      Path file = folder().resolve(base + ".expected");
      if (!Files.exists(file)) {
        throw new IllegalStateException(name + " is -improved but has no " + file.getFileName());
      }
      String text = read(file);
      boolean rejected = text.lines().map(String::strip).anyMatch(line -> line.equals(REJECTED));
      expected = rejected ? null : compared(Exposition.parse(text));
    }
    return new Config(name, read(yaml), improved, expected);
  }

  /** Only the families a differential comparison looks at. */
  public static Exposition compared(Exposition exposition) {
    return exposition.filter(DifferentialCorpus::isCompared);
  }

  /** Whether a family is compared (not a self metric, not from a JVM domain). */
  public static boolean isCompared(String familyName) {
    String name = familyName.toLowerCase(Locale.ROOT);
    return IGNORED_PREFIXES.stream().noneMatch(name::startsWith);
  }

  private static Path folder() {
    URL url = DifferentialCorpus.class.getClassLoader().getResource(FOLDER);
    if (url == null) {
      throw new IllegalStateException("no " + FOLDER + "/ on the test class path");
    }
    try {
      return Paths.get(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
