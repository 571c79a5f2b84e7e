package io.github.jmxprom.it.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Files of the repository the integration tests check: {@code config-samples/*.yaml}, {@code
 * examples/dashboards/*.json}, {@code examples/prometheus/*.yml}. Failsafe passes the repository
 * root as the system property {@code jmxprom.repo.root} (see the pom); run from an IDE in this
 * module, {@code ..} is used.
 *
 * <pre>{@code
 * Path sample = RepoFiles.path("config-samples/tomcat.yaml");
 * }</pre>
 */
public final class RepoFiles {

  private RepoFiles() {}

  /** The repository's root folder. */
  public static Path root() {
    return Paths.get(System.getProperty("jmxprom.repo.root", "..")).toAbsolutePath().normalize();
  }

  /** {@code relative} under the root; fails when it does not exist. */
  public static Path path(String relative) {
    Path path = root().resolve(relative);
    assertThat(path).as("%s in the repository", relative).exists();
    return path;
  }
}
