package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jmxprom.it.app.App;
import io.github.jmxprom.it.harness.ChildJvm;
import io.github.jmxprom.it.harness.ChildJvms;
import io.github.jmxprom.it.harness.ConfigFiles;
import io.github.jmxprom.it.harness.Exposition;
import io.github.jmxprom.it.harness.FreePort;
import io.github.jmxprom.it.harness.Http;
import io.github.jmxprom.it.harness.Jars;
import io.github.jmxprom.it.harness.TestKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar jmxprom-standalone.jar host:port config.yaml} against another JVM with JMX
 * remote enabled: what it exports, connection reuse, target restarts, authentication, TLS and
 * start-up failures.
 */
class StandaloneIT {

  static final Duration START = Duration.ofSeconds(30);
  static final String PID = "io_github_jmxprom_it_Identity_Pid";

  /** A target's metaspace limit: tells the target's JVM metrics from the scraper's own. */
  static final long TARGET_METASPACE = 123L * 1024 * 1024;

  static final String WRONG = "not-the-Pa55word";
  static final Pattern SERVING = Pattern.compile("jmxprom: serving http://");
  static final Pattern NEW_JMX_CLIENT = Pattern.compile("RMIServer\\.newClient\\(");

  @RegisterExtension final ChildJvms jvms = ChildJvms.perTest();
  @TempDir Path dir;

  final Http http = Http.plain();

  @Test
  void exportsTheTargetsMBeansAndJvmMetricsOverOneReusedConnection() {
    int jmxPort = FreePort.pick();
    ChildJvm target =
        startTarget(
            "target", jmxPort, "-XX:MaxMetaspaceSize=123m", "-Djava.rmi.server.logCalls=true");
    String base = startStandalone("standalone", "hostPort: 127.0.0.1:" + jmxPort + "\n");

    Exposition metrics = http.scrape(base);
    assertThat(metrics.value(PID)).isEqualTo(target.pid());
    assertThat(metrics.value("jmx_scrape_error")).isZero();
    assertThat(
            metrics.value(
                "Catalina_GlobalRequestProcessor_requestCount", "name", "\"http-nio-8080\""))
        .isPositive();
    assertThat(
            metrics.value(
                "jmx_exporter_build_info", "name", "jmxprom-standalone", "version", Jars.version()))
        .isEqualTo(1.0);
    assertThat(metrics.find("jvm_runtime_info")).hasSize(1);
    assertThat(metrics.value("jvm_threads_current")).isPositive();
    assertThat(metrics.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
    assertThat(metrics.value("jvm_memory_pool_max_bytes", "pool", "Metaspace"))
        .as("the target's metaspace limit, not the scraper's")
        .isEqualTo(TARGET_METASPACE);

    for (int i = 0; i < 4; i++) {
      assertThat(http.scrape(base).value("jmx_scrape_error")).isZero();
    }
    assertThat(target.count(NEW_JMX_CLIENT)).as("JMX connections opened for 5 scrapes").isOne();
  }

  @Test
  void reportsAStoppedTargetAndRecoversWhenItComesBackOnTheSamePort() {
    int jmxPort = FreePort.pick();
    ChildJvm target = startTarget("target-1", jmxPort);
    String base =
        startStandalone(
            "standalone",
            "jmxUrl: service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi\n");
    assertThat(http.scrape(base).value(PID)).isEqualTo(target.pid());

    target.destroy();
    long before = System.nanoTime();
    Exposition down = http.scrape(base);
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
    assertThat(down.value("jmx_scrape_error")).isEqualTo(1.0);
    assertThat(down.find(PID)).isEmpty();
    assertThat(http.scrape(base).value("jmx_scrape_error")).isEqualTo(1.0);

    ChildJvm restarted = startTarget("target-2", jmxPort);
    Exposition recovered = scrapeUntilNoError(base, Duration.ofSeconds(40));
    assertThat(recovered.value(PID)).isEqualTo(restarted.pid());
  }

  @Test
  void startsBeforeItsTargetAndConnectsWhenItAppears() {
    int jmxPort = FreePort.pick();
    String base = startStandalone("standalone-early", "hostPort: 127.0.0.1:" + jmxPort + "\n");
    assertThat(http.scrape(base).value("jmx_scrape_error")).isEqualTo(1.0);

    ChildJvm target = startTarget("target-late", jmxPort);
    Exposition connected = scrapeUntilNoError(base, Duration.ofSeconds(40));
    assertThat(connected.value(PID)).isEqualTo(target.pid());
    assertThat(connected.value("jvm_threads_current")).isPositive();
  }

  @Test
  void aTargetThatStaysDownIsLoggedOnceNotAtEveryScrape() {
    int jmxPort = FreePort.pick();
    StandaloneProcess standalone =
        startStandaloneProcess("standalone-down", "hostPort: 127.0.0.1:" + jmxPort + "\n");

    for (int i = 0; i < 12; i++) {
      assertThat(http.scrape(standalone.base).value("jmx_scrape_error")).isEqualTo(1.0);
      sleep(500);
    }
    assertThat(standalone.jvm.count(Pattern.compile("jmxprom: scrape of .* failed")))
        .as("warnings for one target that stays down\n%s", standalone.jvm.stderr())
        .isOne();
  }

  @Test
  void listensOnIpv6LoopbackGivenInBrackets() {
    assumeTrue(FreePort.hasIpv6Loopback(), "this machine has no IPv6 loopback");
    int jmxPort = FreePort.pick();
    ChildJvm target = startTarget("target", jmxPort);
    int port = FreePort.pick();
    Path file = ConfigFiles.write(dir, "ipv6.yaml", "hostPort: 127.0.0.1:" + jmxPort + "\n");
    ChildJvm standalone =
        jvms.start(ChildJvm.jar("standalone-ipv6", Jars.standalone()).args("[::1]:" + port, file));
    standalone.waitFor(SERVING, START);

    assertThat(http.scrape("http://[::1]:" + port).value(PID)).isEqualTo(target.pid());
    assertThat(FreePort.isListening("127.0.0.1", port)).as("bound to ::1 only").isFalse();
  }

  @Test
  void jmxAuthenticationWithTheRightAndAWrongPassword() {
    int jmxPort = FreePort.pick();
    Path passwords =
        ConfigFiles.writePrivate(dir, "jmxremote.password", "monitorRole s3cret-Pa55\n");
    Path access = ConfigFiles.writePrivate(dir, "jmxremote.access", "monitorRole readonly\n");
    ChildJvm target =
        jvms.start(
            ChildJvm.app("target-auth")
                .mainClass(App.class)
                .jmxRemoteBase(jmxPort)
                .jvmOptions(
                    "-Dcom.sun.management.jmxremote.ssl=false",
                    "-Dcom.sun.management.jmxremote.authenticate=true",
                    "-Dcom.sun.management.jmxremote.password.file=" + passwords,
                    "-Dcom.sun.management.jmxremote.access.file=" + access)
                .args(120));
    target.waitFor("APP READY", START);

    String good =
        startStandalone(
            "standalone-right-password",
            "hostPort: 127.0.0.1:" + jmxPort + "\nusername: monitorRole\npassword: s3cret-Pa55\n");
    StandaloneProcess wrong =
        startStandaloneProcess(
            "standalone-wrong-password",
            "hostPort: 127.0.0.1:"
                + jmxPort
                + "\nusername: monitorRole\npassword: "
                + WRONG
                + "\n");

    Exposition accepted = http.scrape(good);
    assertThat(accepted.value("jmx_scrape_error")).isZero();
    assertThat(accepted.value(PID)).isEqualTo(target.pid());

    Exposition refused = http.scrape(wrong.base);
    assertThat(refused.value("jmx_scrape_error")).isEqualTo(1.0);
    assertThat(refused.find(PID)).isEmpty();
    wrong.jvm.waitFor(Pattern.compile("(?i)authentication failed"), Duration.ofSeconds(5));
    assertThat(wrong.jvm.stderr()).contains("Invalid username or password").doesNotContain(WRONG);
  }

  @Test
  void jmxOverTlsWithTheTrustStoreFromSystemProperties() {
    TestKeys keys = TestKeys.generate(dir);
    int jmxPort = FreePort.pick();
    ChildJvm target = startTlsTarget(keys, jmxPort);

    String base =
        startStandalone(
            "standalone-tls-sysprops",
            "hostPort: 127.0.0.1:" + jmxPort + "\nssl: true\n",
            "-Djavax.net.ssl.trustStore=" + keys.trustStore(),
            "-Djavax.net.ssl.trustStorePassword=" + TestKeys.PASSWORD,
            "-Djavax.net.ssl.trustStoreType=PKCS12");

    Exposition metrics = http.scrape(base);
    assertThat(metrics.value("jmx_scrape_error")).isZero();
    assertThat(metrics.value(PID)).isEqualTo(target.pid());
  }

  @Test
  void jmxOverTlsWithTheTrustStoreFromTheSslMapping() {
    TestKeys keys = TestKeys.generate(dir);
    int jmxPort = FreePort.pick();
    ChildJvm target = startTlsTarget(keys, jmxPort);

    String base =
        startStandalone(
            "standalone-tls-mapping",
            "hostPort: 127.0.0.1:"
                + jmxPort
                + "\nssl:\n  enabled: true\n  trustStore:\n    filename: "
                + keys.trustStore()
                + "\n    type: PKCS12\n    password: "
                + TestKeys.PASSWORD
                + "\n");

    Exposition metrics = http.scrape(base);
    assertThat(metrics.value("jmx_scrape_error")).isZero();
    assertThat(metrics.value(PID)).isEqualTo(target.pid());
  }

  @Test
  void jmxOverTlsFailsWithoutTrustOrWithoutTls() {
    TestKeys keys = TestKeys.generate(dir);
    int jmxPort = FreePort.pick();
    startTlsTarget(keys, jmxPort);

    StandaloneProcess untrusted =
        startStandaloneProcess(
            "standalone-tls-untrusted", "hostPort: 127.0.0.1:" + jmxPort + "\nssl: true\n");
    StandaloneProcess plain =
        startStandaloneProcess(
            "standalone-no-tls", "hostPort: 127.0.0.1:" + jmxPort + "\nssl: false\n");

    assertThat(http.scrape(untrusted.base).value("jmx_scrape_error")).isEqualTo(1.0);
    untrusted.jvm.waitFor(Pattern.compile("scrape of .* failed"), Duration.ofSeconds(5));
    assertThat(untrusted.jvm.stderr()).contains("unable to find valid certification path");
    assertThat(http.scrape(plain.base).value("jmx_scrape_error")).isEqualTo(1.0);
    plain.jvm.waitFor(Pattern.compile("scrape of .* failed"), Duration.ofSeconds(5));
    assertThat(untrusted.jvm.isAlive()).isTrue();
    assertThat(plain.jvm.isAlive()).isTrue();
  }

  @Test
  void badConfigExitsWithStatus1AndNamesTheKey() {
    Path config =
        ConfigFiles.write(dir, "bad.yaml", "hostPort: 127.0.0.1:9999\nlowercaseOutputNmae: true\n");
    ChildJvm standalone =
        jvms.start(
            ChildJvm.jar("standalone-bad-config", Jars.standalone())
                .args("127.0.0.1:" + FreePort.pick(), config));

    assertThat(standalone.waitForExit(START)).isEqualTo(1);
    assertThat(standalone.stderr())
        .contains("jmxprom: not started:")
        .contains(config.toString())
        .contains("lowercaseOutputNmae")
        .contains("did you mean 'lowercaseOutputName'");
  }

  @Test
  void configWithoutATargetExitsWithStatus1() {
    Path config = ConfigFiles.write(dir, "local.yaml", "lowercaseOutputName: true\n");
    ChildJvm standalone =
        jvms.start(
            ChildJvm.jar("standalone-no-target", Jars.standalone())
                .args("127.0.0.1:" + FreePort.pick(), config));

    assertThat(standalone.waitForExit(START)).isEqualTo(1);
    assertThat(standalone.stderr()).contains("hostPort").contains("jmxUrl");
  }

  @Test
  void wrongArgumentsExitWithStatus2AndTheUsage() {
    ChildJvm standalone =
        jvms.start(
            ChildJvm.jar("standalone-too-many-args", Jars.standalone())
                .args("9404", "config.yaml", "extra"));

    assertThat(standalone.waitForExit(START)).isEqualTo(2);
    assertThat(standalone.stderr())
        .contains("usage: java -jar jmxprom-standalone.jar [host:]port config.yaml");
  }

  @Test
  void portInUseExitsWithStatus1AndNamesThePort() throws IOException {
    Path config = ConfigFiles.write(dir, "config.yaml", "hostPort: 127.0.0.1:9999\n");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      ChildJvm standalone =
          jvms.start(
              ChildJvm.jar("standalone-port-taken", Jars.standalone())
                  .args("127.0.0.1:" + port, config));

      assertThat(standalone.waitForExit(START)).isEqualTo(1);
      assertThat(standalone.stderr())
          .contains("jmxprom: not started:")
          .contains("port " + port)
          .contains("already in use");
    }
  }

  private ChildJvm startTarget(String name, int jmxPort, String... options) {
    ChildJvm target =
        jvms.start(
            ChildJvm.app(name)
                .mainClass(App.class)
                .jmxRemote(jmxPort)
                .jvmOptions(options)
                .args(120));
    target.waitFor("APP READY", START);
    return target;
  }

  private ChildJvm startTlsTarget(TestKeys keys, int jmxPort) {
    ChildJvm target =
        jvms.start(
            ChildJvm.app("target-tls")
                .mainClass(App.class)
                .jmxRemoteBase(jmxPort)
                .jvmOptions(
                    "-Dcom.sun.management.jmxremote.authenticate=false",
                    "-Dcom.sun.management.jmxremote.ssl=true",
                    "-Dcom.sun.management.jmxremote.registry.ssl=true",
                    "-Djavax.net.ssl.keyStore=" + keys.keyStore(),
                    "-Djavax.net.ssl.keyStorePassword=" + TestKeys.PASSWORD,
                    "-Djavax.net.ssl.keyStoreType=PKCS12")
                .args(120));
    target.waitFor("APP READY", START);
    return target;
  }

  /** Starts the standalone and returns its base URL once it serves. */
  private String startStandalone(String name, String config, String... jvmOptions) {
    return startStandaloneProcess(name, config, jvmOptions).base;
  }

  private StandaloneProcess startStandaloneProcess(
      String name, String config, String... jvmOptions) {
    int port = FreePort.pick();
    Path file = ConfigFiles.write(dir, name + ".yaml", config);
    ChildJvm standalone =
        jvms.start(
            ChildJvm.jar(name, Jars.standalone())
                .jvmOptions(jvmOptions)
                .args("127.0.0.1:" + port, file));
    standalone.waitFor(SERVING, START);
    return new StandaloneProcess(standalone, "http://127.0.0.1:" + port);
  }

  private Exposition scrapeUntilNoError(String base, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exposition last;
    do {
      last = http.scrape(base);
      if (last.value("jmx_scrape_error") == 0) {
        return last;
      }
      sleep(250);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("still jmx_scrape_error 1 after " + timeout + ":\n" + last.text());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A standalone scraper and the base URL it serves on. */
  private static final class StandaloneProcess {
    final ChildJvm jvm;
    final String base;

    StandaloneProcess(ChildJvm jvm, String base) {
      this.jvm = jvm;
      this.base = base;
    }
  }
}
