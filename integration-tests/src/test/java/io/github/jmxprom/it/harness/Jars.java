package io.github.jmxprom.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the packaged jars and the test app are; failsafe passes the paths as system properties (see
 * the pom), with defaults that work when a test is run from an IDE in this module.
 */
public final class Jars {

  private Jars() {}

  /** jmxprom-javaagent-VERSION.jar, the shaded agent. */
  public static Path agent() {
    return existing(
        "jmxprom.javaagent.jar",
        "../agent/javaagent/target/jmxprom-javaagent-" + version() + ".jar");
  }

  /** jmxprom-standalone-VERSION.jar, the shaded standalone scraper. */
  public static Path standalone() {
    return existing(
        "jmxprom.standalone.jar",
        "../agent/standalone/target/jmxprom-standalone-" + version() + ".jar");
  }

  /** target/test-classes: the test app. */
  public static Path appClasses() {
    return existing("jmxprom.app.classes", "target/test-classes");
  }

  /** The jars in target/app-libs: other versions of snakeyaml and client_java for the app. */
  public static List<Path> appLibs() {
    Path directory = existing("jmxprom.app.libs", "target/app-libs");
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String version() {
    return System.getProperty("jmxprom.version", "0.1.0-SNAPSHOT");
  }

  private static Path existing(String property, String fallback) {
    Path path = Paths.get(System.getProperty(property, fallback)).toAbsolutePath().normalize();
    assertThat(path)
        .as("%s (system property %s); run 'mvn package' first", path, property)
        .exists();
    return path;
  }
}
