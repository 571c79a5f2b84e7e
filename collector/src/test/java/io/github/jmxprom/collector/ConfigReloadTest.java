package io.github.jmxprom.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.testing.MapBean;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Collectors;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collector built from a file picks up edits at the next scrape; a bad edit keeps the last good
 * config and is counted once, not at every scrape until it is fixed.
 */
class ConfigReloadTest {

  @TempDir Path temp;

  private final MBeanServer server = MBeanServerFactory.newMBeanServer();
  private Path file;
  private long modified;

  @BeforeEach
  void registerBeanAndWriteConfig() throws Exception {
    server.registerMBean(
        new MapBean().with("Value", 42).with("Other", 7), new ObjectName("test:type=Reload"));
    file = temp.resolve("config.yaml");
    modified = System.currentTimeMillis() - 60_000;
    write(rules("first_value", "Value"));
  }

  @Test
  void anEditIsUsedAtTheNextScrape() throws IOException {
    JmxCollector collector = collector();
    assertThat(scrape(collector))
        .isEqualTo(
            """
            # TYPE first_value gauge
            first_value 42.0
            jmx_config_reload_failure_total 0.0
            jmx_config_reload_success_total 0.0
            """);

    write(rules("second_value", "Other"));

    assertThat(scrape(collector))
        .isEqualTo(
            """
            jmx_config_reload_failure_total 0.0
            jmx_config_reload_success_total 1.0
            # TYPE second_value gauge
            second_value 7.0
            """);
    assertThat(collector.getConfig().getRules().get(0).getName()).isEqualTo("second_value");
    assertThat(scrape(collector))
        .as("an unchanged file is not reloaded again")
        .contains("jmx_config_reload_success_total 1.0");
  }

  @Test
  void aBadEditKeepsTheOldConfigAndIsCountedOnce() throws IOException {
    JmxCollector collector = collector();
    scrape(collector);

    write(rules("second_value", "Other") + "    lables: {a: b}\n");

    String expected =
        """
        # TYPE first_value gauge
        first_value 42.0
        jmx_config_reload_failure_total 1.0
        jmx_config_reload_success_total 0.0
        """;
    assertThat(scrape(collector)).isEqualTo(expected);
    assertThat(scrape(collector)).isEqualTo(expected);
    assertThat(scrape(collector)).isEqualTo(expected);
    assertThat(collector.getConfig().getRules().get(0).getName()).isEqualTo("first_value");
  }

  @Test
  void aFixAfterABadEditIsLoaded() throws IOException {
    JmxCollector collector = collector();
    write(rules("second_value", "Other"));
    scrape(collector);
    write("rules: [\n");
    scrape(collector);
    scrape(collector);

    write(rules("third_value", "Value"));

    assertThat(scrape(collector))
        .isEqualTo(
            """
            jmx_config_reload_failure_total 1.0
            jmx_config_reload_success_total 2.0
            # TYPE third_value gauge
            third_value 42.0
            """);
  }

  @Test
  void aSecondDifferentBadEditIsCountedAgain() throws IOException {
    JmxCollector collector = collector();
    write("rules: [\n");
    scrape(collector);
    write("rules: {}\n");
    scrape(collector);

    assertThat(scrape(collector))
        .isEqualTo(
            """
            # TYPE first_value gauge
            first_value 42.0
            jmx_config_reload_failure_total 2.0
            jmx_config_reload_success_total 0.0
            """);
  }

  @Test
  void anEditOfTheSameSizeIsNoticedThroughTheModificationTime() throws IOException {
    JmxCollector collector = collector();
    scrape(collector);

    // Same length as the original text: only the modification time tells them apart.
    write(rules("first_other", "Other"));

    assertThat(scrape(collector)).contains("first_other 7.0", "success_total 1.0");
  }

  @Test
  void everyKindOfBadEditIsCountedOnceLoggedWithItsKeyPathAndKeepsTheLastGoodConfig()
      throws IOException {
    String[][] edits = {
      {"rules: [\n", "config.yaml"},
      {
        rules("x", "Other") + "    lables: {a: b}\n",
        "rules[0].lables: unknown key, did you mean 'labels'?"
      },
      {rules("x", "Other") + "    valueFactor: x\n", "rules[0].valueFactor: expected a number"},
      {"rules:\n  - pattern: '('\n", "rules[0].pattern"},
      {"lowercaseOutputName: maybe\n", "lowercaseOutputName"},
      {"rules: {}\n", "rules"},
      {"\u0000\u0001garbage: [\n", "config.yaml"},
    };
    JmxCollector collector = collector();
    scrape(collector);
    List<String> logged = new ArrayList<>();
    Handler handler = capture(logged);
    try {
      for (int i = 0; i < edits.length; i++) {
        write(edits[i][0]);
        String expected =
            "# TYPE first_value gauge\n"
                + "first_value 42.0\n"
                + "jmx_config_reload_failure_total "
                + (i + 1)
                + ".0\n"
                + "jmx_config_reload_success_total 0.0\n";
        for (int scrape = 0; scrape < 3; scrape++) {
          assertThat(scrape(collector)).as(edits[i][0]).isEqualTo(expected);
        }
        assertThat(logged).as(edits[i][0]).hasSize(i + 1);
        assertThat(logged.get(i))
            .as(edits[i][0])
            .startsWith("jmxprom: config reload failed, keeping the previous config: " + file)
            .contains(edits[i][1]);
      }
    } finally {
      Logger.getLogger(ConfigWatcher.class.getName()).removeHandler(handler);
    }
    assertThat(collector.getConfig().getRules().get(0).getName()).isEqualTo("first_value");

    write(rules("fixed_value", "Value"));
    assertThat(scrape(collector))
        .contains("fixed_value 42.0", "jmx_config_reload_success_total 1.0");
  }

  @Test
  void aDeletedFileKeepsTheConfigAndCountsOnceUntilItIsBack() throws IOException {
    JmxCollector collector = collector();
    scrape(collector);
    Files.delete(file);
    scrape(collector);
    assertThat(scrape(collector))
        .contains("first_value 42.0", "jmx_config_reload_failure_total 1.0");
    write(rules("back_value", "Value"));
    assertThat(scrape(collector)).contains("back_value 42.0", "success_total 1.0");
  }

  @Test
  void aSecretFileIsReadAgainAtEachReloadOfTheConfigButIsNoConfigChangeItself() throws IOException {
    Path secret = Files.writeString(temp.resolve("password"), "first-secret\n");
    String yaml = rules("first_value", "Value") + "password: ${file:password}\n";
    write(yaml);
    JmxCollector collector = collector();
    assertThat(collector.getConfig().getPassword()).isEqualTo("first-secret");

    Files.writeString(secret, "second-secret\n");
    assertThat(scrape(collector)).contains("jmx_config_reload_success_total 0.0");
    assertThat(collector.getConfig().getPassword()).isEqualTo("first-secret");

    write(yaml);
    assertThat(scrape(collector)).contains("jmx_config_reload_success_total 1.0");
    assertThat(collector.getConfig().getPassword()).isEqualTo("second-secret");

    Files.delete(secret);
    write(yaml);
    List<String> logged = new ArrayList<>();
    Handler handler = capture(logged);
    try {
      assertThat(scrape(collector)).contains("jmx_config_reload_failure_total 1.0");
    } finally {
      Logger.getLogger(ConfigWatcher.class.getName()).removeHandler(handler);
    }
    assertThat(logged)
        .singleElement()
        .asString()
        .contains("password: secret file " + secret + " not found")
        .doesNotContain("first-secret", "second-secret");
    assertThat(collector.getConfig().getPassword()).isEqualTo("second-secret");
  }

  private static Handler capture(List<String> messages) {
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
              messages.add(new SimpleFormatter().formatMessage(record));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger.getLogger(ConfigWatcher.class.getName()).addHandler(handler);
    return handler;
  }

  private JmxCollector collector() {
    return JmxCollector.builder().configFile(file).mbeanServer(server).build();
  }

  private static String rules(String name, String attribute) {
    return "rules:\n  - pattern: 'test<type=Reload><>"
        + attribute
        + "'\n    name: "
        + name
        + "\n    type: GAUGE\n";
  }

  /** Writes the file and moves its modification time 2 s on, whatever the clock resolution. */
  private void write(String yaml) throws IOException {
    Files.writeString(file, yaml);
    modified += 2_000;
    Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
  }

  /** The exposition without HELP lines and the other self-metrics, whose values vary. */
  private static String scrape(JmxCollector collector) {
    String text = Scrapes.text(collector.collect(), true);
    return text.lines()
            .filter(line -> !line.startsWith("# HELP"))
            .filter(line -> !line.contains("jmx_") || line.startsWith("jmx_config_reload_"))
            .collect(Collectors.joining("\n"))
        + "\n";
  }
}
