package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.app.App;
import io.github.jmxprom.it.harness.ChildJvm;
import io.github.jmxprom.it.harness.ChildJvms;
import io.github.jmxprom.it.harness.ConfigFiles;
import io.github.jmxprom.it.harness.Exposition;
import io.github.jmxprom.it.harness.FreePort;
import io.github.jmxprom.it.harness.Http;
import io.github.jmxprom.it.harness.Jars;
import io.github.jmxprom.it.servers.RepoFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue F.1: a corpus of bad configs and bad agent arguments, each tried with the agent in a real
 * running application and with the standalone scraper.
 *
 * <p>The corpus is every file of the collector's {@code bad-configs/} (with its exact expected
 * message) plus the cases that need a real file system or a real port: empty, binary, unreadable,
 * missing files, a directory, huge numbers, bad password hashes, missing or broken key stores,
 * ports out of range, a taken port and malformed agent arguments.
 *
 * <p>Why one application JVM for all agent cases: the JVM runs {@code premain} once per {@code
 * -javaagent:} option, in order, before {@code main}. So one child with one {@code -javaagent:} per
 * case tries every case in a real application for about one JVM start, not one per case; each case
 * must still print exactly one {@code NOT STARTED} block, in its own order, before the app's {@code
 * main} starts (so during premain), and a last good agent in the same JVM must still serve. The
 * standalone scraper is a separate process per case (about 0.3 s each) because the exit status is
 * what is tested.
 *
 * <pre>{@code
 * mvn -B verify -pl integration-tests -am -Dit.test=BadInputCorpusIT
 * }</pre>
 */
class BadInputCorpusIT {

  static final Duration START = Duration.ofSeconds(60);
  static final String NOT_STARTED = "jmxprom: NOT STARTED: ";
  static final Pattern ALIVE = Pattern.compile("^APP ALIVE \\d+");

  @RegisterExtension static final ChildJvms jvms = ChildJvms.perClass();
  @TempDir static Path dir;

  /**
   * Makes a config one the standalone scraper can start with, so that it reaches the check a case
   * is about (the agent ignores the unreachable target until a scrape).
   */
  static final String REMOTE = "hostPort: 127.0.0.1:1\n";

  /** Held for the whole class: the "taken port" case. */
  static ServerSocket taken;

  /** One bad input: the agent arguments (config file and port) and what the message must say. */
  record Case(
      String name, String agentArguments, Path configFile, List<String> expected, String secret) {
    @Override
    public String toString() {
      return name;
    }

    /** Cases that have a config file also make a standalone command line. */
    boolean hasConfig() {
      return configFile != null;
    }
  }

  @BeforeAll
  static void takePort() throws IOException {
    taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
  }

  @AfterAll
  static void releasePort() throws IOException {
    taken.close();
  }

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>(corpusFiles());
    cases.addAll(fileCases());
    cases.addAll(argumentCases());
    return cases;
  }

  static List<Case> configCases() {
    return cases().stream().filter(Case::hasConfig).collect(Collectors.toList());
  }

  @Test
  void theCorpusHasAtLeastFiftyCases() {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(50);
  }

  @Test
  void theAgentRefusesEachDuringPremainAndTheApplicationWorksOn() throws IOException {
    List<Case> cases = cases();
    int goodPort = FreePort.pick();
    Path good = ConfigFiles.write(dir, "good.yaml", "{}\n");
    ChildJvm.Builder builder = ChildJvm.app("bad-input-corpus").mainClass(App.class).args(60);
    for (Case c : cases) {
      builder.javaagent(Jars.agent(), c.agentArguments());
    }
    builder.javaagent(Jars.agent(), "127.0.0.1:" + goodPort + ":" + good);
    ChildJvm app = jvms.start(builder);
    app.waitFor("APP READY", START);
    app.waitForCount(ALIVE, app.count(ALIVE) + 5, START);

    assertThat(app.isAlive()).isTrue();
    List<String> stderr = app.stderrLines();
    int mainStarts = stderr.indexOf(App.MAIN_STARTS);
    assertThat(mainStarts).as("%s in\n%s", App.MAIN_STARTS, app.stderr()).isPositive();
    List<String> blocks =
        stderr.subList(0, mainStarts).stream()
            .filter(l -> l.startsWith(NOT_STARTED))
            .map(l -> l.substring(NOT_STARTED.length()))
            .collect(Collectors.toList());
    assertThat(blocks)
        .as("NOT STARTED blocks before main, in\n%s", app.stderr())
        .hasSize(cases.size());
    assertThat(stderr)
        .as("NOT STARTED after main started")
        .filteredOn(l -> l.startsWith(NOT_STARTED))
        .hasSize(cases.size());
    assertThat(stderr).as("stack trace lines").noneMatch(l -> l.startsWith("\tat "));
    for (int i = 0; i < cases.size(); i++) {
      Case c = cases.get(i);
      String message = blocks.get(i);
      for (String expected : c.expected()) {
        assertThat(message).as(c.name()).contains(expected);
      }
      if (c.secret() != null) {
        assertThat(message).as(c.name() + " leaks its secret").doesNotContain(c.secret());
      }
      assertThat(message.length()).as(c.name() + ": one short line").isLessThan(1000);
    }
    // The last agent in the same JVM starts: the failures left nothing behind.
    Exposition metrics = Http.plain().scrape("http://127.0.0.1:" + goodPort);
    assertThat(metrics.value("jmx_scrape_error")).isZero();
    assertThat(metrics.value("io_github_jmxprom_it_Identity_Pid")).isEqualTo(app.pid());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configCases")
  void theStandaloneExitsNonZeroNamingTheFault(Case c) {
    ChildJvm standalone =
        jvms.start(
            ChildJvm.jar("standalone-" + c.name(), Jars.standalone())
                .args(standalonePort(c), c.configFile()));

    int status = standalone.waitForExit(START);

    assertThat(status).as(c.name() + " exit status").isNotZero();
    String stderr = standalone.stderr();
    for (String expected : c.expected()) {
      assertThat(stderr).as(c.name()).contains(expected);
    }
    if (c.secret() != null) {
      assertThat(stderr).as(c.name() + " leaks its secret").doesNotContain(c.secret());
    }
    assertThat(standalone.stderrLines())
        .as("stack trace lines")
        .noneMatch(l -> l.startsWith("\tat "));
  }

  private static String standalonePort(Case c) {
    String arguments = c.agentArguments();
    return arguments.substring(0, arguments.length() - c.configFile().toString().length() - 1);
  }

  /**
   * The collector's corpus: the first line of each file is {@code # expect: <message>}, with {@code
   * <file>} for the file's path and {@code <dir>} for its directory.
   */
  private static List<Case> corpusFiles() {
    Path corpus = RepoFiles.path("collector/src/test/resources/bad-configs");
    try (Stream<Path> files = Files.list(corpus)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .sorted()
          .map(BadInputCorpusIT::corpusCase)
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Case corpusCase(Path file) {
    List<String> header = header(file);
    String expected =
        header
            .get(0)
            .substring("# expect: ".length())
            .replace("<file>", file.toString())
            .replace("<dir>", file.getParent().toString());
    String secret = header.get(1).startsWith("# secret: ") ? header.get(1).substring(10) : null;
    String name = file.getFileName().toString();
    return new Case(
        name, "127.0.0.1:" + FreePort.pick() + ":" + file, file, List.of(expected), secret);
  }

  /** Cases that need a real file (or no file) on this machine. */
  private static List<Case> fileCases() {
    List<Case> cases = new ArrayList<>();
    cases.add(file("empty file", write("empty.yaml", new byte[0]), "the config is empty"));
    cases.add(
        file(
            "binary file",
            write("binary.yaml", new byte[] {'r', 'u', 0, 1, 2, (byte) 0xff, 0}),
            "not a YAML text file (it contains NUL bytes)"));
    cases.add(file("the agent jar as config", Jars.agent(), "not a YAML text file"));
    cases.add(file("unreadable file", unreadable(), "cannot read the config file"));
    cases.add(
        file(
            "missing file",
            dir.resolve("nowhere").resolve("missing.yaml"),
            "config file not found"));
    cases.add(file("a directory", directory(), "is a directory, not a config file"));
    cases.add(
        config(
            "huge startDelaySeconds",
            "startDelaySeconds: 99999999999999999999999\n",
            "startDelaySeconds: expected a whole number, got number 99999999999999999999999"));
    cases.add(
        config(
            "huge thread count",
            "httpServer:\n  threads: {minimum: 1, maximum: 100000000000, keepAliveTime: 1}\n",
            "httpServer.threads.maximum"));
    cases.add(
        config(
            "password hash not hex",
            basicAuth("SHA-256", "zz:not:hex", "salt: abc\n"),
            "httpServer.authentication.basic.passwordHash: expected hexadecimal digits"));
    cases.add(
        config(
            "password hash without salt",
            basicAuth("SHA-256", "0123abcd", ""),
            "httpServer.authentication.basic: missing key 'salt'"));
    cases.add(
        config(
            "password hash with an unknown algorithm",
            basicAuth("MD5", "0123abcd", "salt: abc\n"),
            "httpServer.authentication.basic.algorithm: unsupported algorithm \"MD5\""));
    cases.add(
        secret(
            config(
                "missing key store",
                REMOTE
                    + "httpServer:\n  ssl:\n    keyStore: {filename: "
                    + dir.resolve("missing.p12")
                    + ", password: s3cr3t-ks}\n",
                "httpServer.ssl.keyStore.filename: "
                    + dir.resolve("missing.p12")
                    + " does not exist"),
            "s3cr3t-ks"));
    Path notAStore = write("not-a-store.p12", "hello\n".getBytes(StandardCharsets.UTF_8));
    cases.add(
        secret(
            config(
                "key store that is no key store",
                REMOTE
                    + "httpServer:\n  ssl:\n    keyStore: {filename: "
                    + notAStore
                    + ", password: s3cr3t-ks2}\n",
                "httpServer.ssl.keyStore"),
            "s3cr3t-ks2"));
    cases.add(
        config(
            "ObjectName with an empty key",
            "includeObjectNames: [\"java.lang:type=Memory,,\"]\n",
            "includeObjectNames[0]: not a valid ObjectName pattern"));
    cases.add(
        config(
            "list given as a string",
            "includeObjectNames: \"java.lang:*\"\n",
            "includeObjectNames: expected a list, got the string \"java.lang:*\""));
    cases.add(
        config(
            "boolean given as words",
            "rules:\n  - pattern: \".*\"\n    attrNameSnakeCase: yes please\n",
            "rules[0].attrNameSnakeCase: expected true or false"));
    return cases;
  }

  /** Agent arguments that are wrong before any config file is read. */
  private static List<Case> argumentCases() {
    Path good = ConfigFiles.write(dir, "ok.yaml", "{}\n");
    Path remote = ConfigFiles.write(dir, "remote.yaml", REMOTE);
    List<Case> cases = new ArrayList<>();
    cases.add(arguments("port 0", "0:" + good, "port 0 in", "out of range 1-65535"));
    cases.add(arguments("port 65536", "65536:" + good, "port 65536 in", "out of range 1-65535"));
    cases.add(arguments("huge port", "99999999999:" + good, "99999999999:" + good));
    cases.add(arguments("no port", ":" + good, "\":" + good + "\""));
    cases.add(arguments("a port word", "localhost:port:" + good, "localhost:port:" + good));
    cases.add(
        arguments("a port alone", "9404", "\"9404\" looks like a port without a config file"));
    cases.add(arguments("host and port alone", "127.0.0.1:9404", "127.0.0.1:9404"));
    cases.add(arguments("empty arguments", "", "no arguments"));
    cases.add(
        new Case(
            "a taken port",
            "127.0.0.1:" + taken.getLocalPort() + ":" + remote,
            remote,
            List.of(String.valueOf(taken.getLocalPort())),
            null));
    return cases;
  }

  private static Case file(String name, Path file, String expected) {
    return new Case(
        name,
        "127.0.0.1:" + FreePort.pick() + ":" + file,
        file,
        List.of(file.toString(), expected),
        null);
  }

  private static Case config(String name, String yaml, String expected) {
    Path file = ConfigFiles.write(dir, name.replace(' ', '-') + ".yaml", yaml);
    return file(name, file, expected);
  }

  private static Case secret(Case c, String secret) {
    return new Case(c.name(), c.agentArguments(), c.configFile(), c.expected(), secret);
  }

  private static Case arguments(String name, String arguments, String... expected) {
    return new Case(name, arguments, null, List.of(expected), null);
  }

  private static String basicAuth(String algorithm, String hash, String more) {
    return "httpServer:\n  authentication:\n    basic:\n      username: p\n      algorithm: "
        + algorithm
        + "\n      passwordHash: \""
        + hash
        + "\"\n"
        + (more.isEmpty() ? "" : "      " + more);
  }

  private static Path write(String name, byte[] bytes) {
    try {
      return Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path directory() {
    try {
      return Files.createDirectories(dir.resolve("conf.d"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A file the exporter cannot read. Permissions do not stop root (CI containers), so there the
   * child's {@code /proc/self/mem}, which exists but fails every read at offset 0, stands in.
   */
  private static Path unreadable() {
    Path file = dir.resolve("unreadable.yaml");
    try {
      Files.deleteIfExists(file);
      Files.write(file, "{}\n".getBytes(StandardCharsets.UTF_8));
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalStateException(e);
    }
    return Files.isReadable(file) ? Path.of("/proc/self/mem") : file;
  }

  /** The first two lines, read without assuming the rest of the file is UTF-8. */
  private static List<String> header(Path file) {
    try {
      String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      String[] lines = text.split("\n", 3);
      return List.of(utf8(lines[0]), lines.length > 1 ? utf8(lines[1]) : "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String utf8(String latin1) {
    return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }
}
