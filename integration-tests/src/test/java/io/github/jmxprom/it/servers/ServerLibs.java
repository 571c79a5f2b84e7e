package io.github.jmxprom.it.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The class paths of the servers that run from Maven Central jars (Kafka, ZooKeeper): {@code
 * integration-tests/servers/pom.xml} copies each server's jars into {@code
 * target/server-libs/<server>/} in {@code pre-integration-test}; failsafe passes that folder as the
 * system property {@value #PROPERTY}.
 *
 * <pre>{@code
 * String classPath = ServerLibs.classPath("kafka");   // every jar of target/server-libs/kafka
 * }</pre>
 */
public final class ServerLibs {

  /** Where failsafe says the server class paths are (see the pom). */
  public static final String PROPERTY = "jmxprom.server.libs";

  private ServerLibs() {}

  /** The jars of {@code server} (a folder name under target/server-libs), sorted. */
  public static List<Path> jars(String server) {
    Path folder =
        Paths.get(System.getProperty(PROPERTY, "target/server-libs"), server)
            .toAbsolutePath()
            .normalize();
    assertThat(folder)
        .as(
            "%s class path (system property %s); run 'mvn verify' in integration-tests",
            server, PROPERTY)
        .isDirectory();
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> jars =
          files.filter(f -> f.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
      assertThat(jars).as("jars in %s", folder).isNotEmpty();
      return jars;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The jars of {@code server} as a {@code -cp} argument. */
  public static String classPath(String server) {
    return jars(server).stream()
        .map(Path::toString)
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** {@code $JAVA_HOME/bin/java} of the JVM running the tests. */
  static String java() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }
}
