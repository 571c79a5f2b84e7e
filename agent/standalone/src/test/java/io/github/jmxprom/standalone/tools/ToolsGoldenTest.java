package io.github.jmxprom.standalone.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.standalone.Captured;
import io.github.jmxprom.standalone.Lint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * explain and lint on the fixed inventory src/test/resources/tools/inventory.json with the rules of
 * rules.yaml, compared byte for byte with the expected files next to them. Any change in what the
 * tools print fails here; after an intended change, run once with {@code -Dgolden.update=true} and
 * review the diff of the expected files.
 */
class ToolsGoldenTest {

  // Relative to the module directory (surefire's working directory), so that the file names in
  // the output are the same on every machine.
  private static final String DIR = "src/test/resources/tools/";
  private static final String RULES = DIR + "rules.yaml";
  private static final String INVENTORY = DIR + "inventory.json";

  private String err;

  private String run(Captured.Command tool, int expectedStatus, String... args) {
    Captured run = Captured.run(tool, args);
    err = run.err();
    assertThat(run.status()).as("exit status; stderr: %s", err).isEqualTo(expectedStatus);
    return run.out();
  }

  private static void assertGolden(String actual, String expectedFile) throws IOException {
    Path file = Paths.get(DIR + expectedFile);
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(file, actual);
    }
    assertThat(actual).isEqualTo(Files.readString(file));
  }

  @Test
  void explainOfEveryValueMatchesTheGoldenFile() throws IOException {
    assertGolden(run(Explain::run, 0, RULES, "--inventory", INVENTORY), "explain.expected.txt");
    assertThat(err).isEmpty();
  }

  @Test
  void explainOfOneBeanPatternMatchesTheGoldenFile() throws IOException {
    assertGolden(
        run(Explain::run, 0, RULES, "--inventory", INVENTORY, "--bean", "com.example:*"),
        "explain-bean.expected.txt");
  }

  @Test
  void lintFindingsOnTheInventoryMatchTheGoldenFileWithStatusOne() throws IOException {
    assertGolden(run(Lint::run, 1, RULES, "--inventory", INVENTORY), "lint.expected.txt");
  }

  @Test
  void lintWithoutMbeansMatchesTheGoldenFileWithStatusOne() throws IOException {
    assertGolden(run(Lint::run, 1, RULES), "lint-static.expected.txt");
  }

  @Test
  void lintOfACleanConfigOnTheInventoryHasStatusZero() throws IOException {
    assertGolden(
        run(Lint::run, 0, DIR + "clean.yaml", "--inventory", INVENTORY), "lint-clean.expected.txt");
  }

  @Test
  void lintAndExplainCannotRunWithStatusTwo() {
    run(Lint::run, 2, RULES, "--inventory", DIR + "missing.json");
    assertThat(err).startsWith("lint: cannot read " + DIR + "missing.json: ");
    run(Lint::run, 2, RULES, "--inventory", RULES);
    assertThat(err).contains("not an inventory written by 'dump'");
    run(Lint::run, 2, RULES, "--target", "127.0.0.1:1", "--inventory", INVENTORY);
    assertThat(err).contains("at most one of --target, --inventory");
    run(Explain::run, 2, RULES, "--inventory", INVENTORY, "--bean", "no colon");
    assertThat(err).contains("--bean no colon is not an ObjectName pattern");
    run(Explain::run, 2, RULES);
    assertThat(err).contains("explain: needs a config file and one of --target, --inventory");
    run(Dump::run, 2, "--target", "127.0.0.1:1");
    assertThat(err).contains("dump: needs --target and --out");
    run(Dump::run, 2, "--target", "127.0.0.1:1", "--out", "x.json", "--bogus");
    assertThat(err).contains("dump: unexpected argument --bogus");
  }

  @Test
  void everySubcommandHasHelp() {
    assertThat(run(Explain::run, 0, "--help"))
        .startsWith("usage: java -jar jmxprom-standalone.jar explain config.yaml");
    assertThat(run(Lint::run, 0, "--help"))
        .startsWith("usage: java -jar jmxprom-standalone.jar lint config.yaml")
        .contains("Exit status: 0 nothing found, 1 findings, 2 cannot run.");
    assertThat(run(Dump::run, 0, "--help"))
        .startsWith("usage: java -jar jmxprom-standalone.jar dump --target");
  }

  @Test
  void includeObjectNamesLimitTheInventoryAsTheyLimitAWalk(
      @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Path config = dir.resolve("include.yaml");
    Files.writeString(
        config,
        "includeObjectNames: ['java.lang:type=Memory', 'com.example:*']\n"
            + "excludeObjectNames: ['com.example:name=users,*']\n"
            + "rules: [{pattern: '.*'}]\n");
    String out = run(Explain::run, 0, config.toString(), "--inventory", INVENTORY);
    assertThat(out)
        .contains("java.lang<type=Memory><HeapMemoryUsage>used: 12673536")
        .contains("com.example<type=Cache, name=sessions><>Hits: 7")
        .doesNotContain("Threading")
        .doesNotContain("name=users")
        .endsWith("6 values, 6 samples, 6 served, 0 dropped\n");
  }
}
