package io.github.jmxprom.it.harness;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * The user {@code nobody} (uid and gid 65534), for children that must run as another user than the
 * test JVM: {@link ChildJvm.Builder#as} starts them through util-linux's {@code setpriv}, which
 * changes the user and then execs java, so the child's pid is the JVM's own (runuser forks and
 * would not). Only root can switch users, so {@link #nobody()} skips the test, with the reason,
 * unless the test JVM runs as root and setpriv is there.
 *
 * <p>The other user must be able to read what it runs: {@link #readableDirectory} makes a directory
 * under /tmp that everyone can read, to copy the jar, the config and classes into (the build's own
 * directories may sit below one only their owner can enter).
 */
public final class OtherUser {

  static final Path SETPRIV = Paths.get("/usr/bin/setpriv");
  static final int NOBODY = 65534;

  private final int id;
  private final String name;

  private OtherUser(int id, String name) {
    this.id = id;
    this.name = name;
  }

  /** The user nobody; the test is skipped (a JUnit assumption) where it cannot switch to it. */
  public static OtherUser nobody() {
    assumeTrue(
        uidOfThisJvm() == 0,
        "the test JVM does not run as root (uid " + uidOfThisJvm() + "): it cannot switch users");
    assumeTrue(Files.isExecutable(SETPRIV), SETPRIV + " not found (util-linux)");
    String name = userName(NOBODY);
    assumeTrue(name != null, "no user with uid " + NOBODY + " in /etc/passwd");
    return new OtherUser(NOBODY, name);
  }

  public String name() {
    return name;
  }

  /** What goes before {@code java} to run it as this user, without root's supplementary groups. */
  List<String> launcher() {
    return List.of(SETPRIV.toString(), "--reuid=" + id, "--regid=" + id, "--clear-groups", "--");
  }

  /**
   * A new directory under /tmp that every user can read and enter (mode 755); the caller deletes
   * it. Under /tmp, not java.io.tmpdir: that may be set to a private directory, while /tmp is where
   * the Attach API and HotSpot put their files for every user anyway.
   */
  public static Path readableDirectory(String prefix) {
    try {
      Path directory =
          Files.createTempDirectory(
              Paths.get("/tmp"),
              prefix,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      // The attribute is masked by the umask: set it again.
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies {@code source} (a file or a whole tree) to {@code target}, readable by everyone. */
  public static Path copyReadable(Path source, Path target) {
    try (Stream<Path> tree = Files.walk(source)) {
      for (Path from : (Iterable<Path>) tree::iterator) {
        Path to = target.resolve(source.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
          Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else {
          Files.createDirectories(to.getParent());
          Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
          Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a directory made by {@link #readableDirectory}, with everything in it. */
  public static void delete(Path directory) {
    if (directory == null || !Files.exists(directory)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(directory)) {
      for (Path path : (Iterable<Path>) tree.sorted((a, b) -> b.compareTo(a))::iterator) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int uidOfThisJvm() {
    try {
      return (Integer) Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException e) {
      return -1;
    }
  }

  private static String userName(int uid) {
    try (Stream<String> lines = Files.lines(Paths.get("/etc/passwd"))) {
      return lines
          .map(l -> l.split(":"))
          .filter(f -> f.length > 2 && f[2].equals(Integer.toString(uid)))
          .map(f -> f[0])
          .findFirst()
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }
}
