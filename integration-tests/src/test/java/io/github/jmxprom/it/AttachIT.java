package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.jmxprom.it.app.App;
import io.github.jmxprom.it.app.HeaderAuthenticator;
import io.github.jmxprom.it.harness.ChildJvm;
import io.github.jmxprom.it.harness.ChildJvms;
import io.github.jmxprom.it.harness.ConfigFiles;
import io.github.jmxprom.it.harness.Exposition;
import io.github.jmxprom.it.harness.FreePort;
import io.github.jmxprom.it.harness.Http;
import io.github.jmxprom.it.harness.Jars;
import io.github.jmxprom.it.harness.OtherUser;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code java -jar jmxprom-javaagent.jar attach|list|detach} against real running JVMs on Java 17
 * and Java 25 (the JDK 25 case is skipped where no JDK 25 is installed): attached, the agent serves
 * what {@code -javaagent:} serves; list shows it with its port; detach closes the port and ends the
 * exporter's threads; a second attach works again, and one of another jar version runs that
 * version's classes.
 */
class AttachIT {

  static final Duration START = Duration.ofSeconds(30);
  static final Duration TOOL = Duration.ofSeconds(60);
  static final String CONFIG =
      "rules:\n"
          + "  - pattern: 'io.github.jmxprom.it<type=Identity><>Pid'\n"
          + "    name: app_pid\n"
          + "    type: GAUGE\n";

  @RegisterExtension final ChildJvms jvms = ChildJvms.perTest();
  @TempDir Path dir;

  /** A directory every user can read, for the tests with another user; null in the others. */
  Path readable;

  static final Http HTTP = Http.plain();

  @ParameterizedTest(name = "target on Java {0}")
  @ValueSource(ints = {17, 25})
  void attachListDetachAndAttachAgain(int feature) throws Exception {
    Path home = requireJdk(feature);
    Path config = ConfigFiles.write(dir, "attach.yaml", CONFIG);

    ChildJvm target = app("target", home, null);
    int port = FreePort.pick();
    String attach = tool("attach", target.pid(), "127.0.0.1:" + port + ":" + config);
    assertThat(attach).contains("serving http://127.0.0.1:" + port + "/metrics");
    if (feature >= 21) {
      assertThat(attach).contains("JEP 451");
      target.waitFor("WARNING: A Java agent has been loaded dynamically", START);
    }
    target.waitFor("jmxprom: serving http://127.0.0.1:" + port + "/metrics", START);

    // The same as -javaagent: on the same JDK with the same config.
    int agentPort = FreePort.pick();
    ChildJvm withAgent = app("with-agent", home, "127.0.0.1:" + agentPort + ":" + config);
    FreePort.awaitListening("127.0.0.1", agentPort, START);
    Exposition attached = HTTP.scrape("http://127.0.0.1:" + port);
    Exposition started = HTTP.scrape("http://127.0.0.1:" + agentPort);
    assertThat(new TreeSet<>(attached.names())).isEqualTo(new TreeSet<>(started.names()));
    assertThat(attached.value("app_pid")).isEqualTo(target.pid());
    assertThat(started.value("app_pid")).isEqualTo(withAgent.pid());
    assertThat(attached.value("jvm_memory_used_bytes", "area", "heap")).isPositive();
    assertThat(attached.value("jmx_scrape_error")).isZero();

    String list = tool("list");
    assertThat(lineOf(list, target.pid()))
        .contains("io.github.jmxprom.it.app.App")
        .contains("serving http://127.0.0.1:" + port + "/metrics (port " + port);
    assertThat(lineOf(list, withAgent.pid()))
        .contains("serving http://127.0.0.1:" + agentPort + "/metrics");
    assertThat(threads(home, target.pid())).anyMatch(t -> t.startsWith("\"jmxprom-"));

    assertThat(tool("detach", target.pid())).contains("jmxprom: stopped in pid " + target.pid());
    assertThat(FreePort.awaitClosed("127.0.0.1", port, START)).isTrue();
    awaitNoExporterThreads(home, target.pid());
    assertThat(lineOf(tool("list"), target.pid())).contains("no jmxprom (Java " + feature);
    assertThat(target.isAlive()).isTrue();

    int again = FreePort.pick();
    assertThat(tool("attach", target.pid(), "127.0.0.1:" + again + ":" + config))
        .contains("serving http://127.0.0.1:" + again + "/metrics");
    assertThat(HTTP.scrape("http://127.0.0.1:" + again).value("app_pid")).isEqualTo(target.pid());

    // -javaagent: exporters detach too, and a jar of another version attached then runs its own
    // classes although the first jar's stay on the system class path.
    assertThat(tool("detach", withAgent.pid())).contains("stopped in pid " + withAgent.pid());
    assertThat(FreePort.awaitClosed("127.0.0.1", agentPort, START)).isTrue();
    String versionB = "99.2.0-attach-it";
    Path jarB = withVersion(Jars.agent(), versionB, dir.resolve("jmxprom-javaagent-b.jar"));
    int portB = FreePort.pick();
    assertThat(toolOf(jarB, "attach", withAgent.pid(), "127.0.0.1:" + portB + ":" + config))
        .contains("jmxprom " + versionB + " serving http://127.0.0.1:" + portB);
    assertThat(buildVersion(portB)).isEqualTo(versionB);
  }

  /**
   * The upgrade detach exists for: after detach, a jar of another version attached to the same JVM
   * runs its own classes, not those of the jar the JVM loaded first (the JVM keeps that one on its
   * system class path and resolves the entry class there). Jar B is the shaded jar with another
   * {@code Implementation-Version} in its manifest, which is what {@code jmx_exporter_build_info}
   * and {@code list} report: the version of the jar whose classes answer.
   */
  @ParameterizedTest(name = "target on Java {0}")
  @ValueSource(ints = {17, 25})
  void aNewerJarAttachedAfterDetachRunsItsOwnClasses(int feature) throws Exception {
    Path home = requireJdk(feature);
    Path config = ConfigFiles.write(dir, "attach.yaml", CONFIG);
    String versionA = Jars.version();
    String versionB = "99.1.0-attach-it";
    Path jarA = Jars.agent();
    Path jarB = withVersion(jarA, versionB, dir.resolve("jmxprom-javaagent-" + versionB + ".jar"));
    // The JVM logs every class it unloads: the way to see the first jar's classes go.
    ChildJvm target =
        jvms.start(
            ChildJvm.app("target")
                .javaHome(home)
                .jvmOptions("-Xlog:class+unload=info")
                .mainClass(App.class)
                .args(180));
    target.waitFor("APP READY", START);

    int portA = FreePort.pick();
    assertThat(toolOf(jarA, "attach", target.pid(), "127.0.0.1:" + portA + ":" + config))
        .contains("jmxprom " + versionA + " serving http://127.0.0.1:" + portA);
    assertThat(buildVersion(portA)).isEqualTo(versionA);
    assertThat(toolOf(jarA, "detach", target.pid())).contains("stopped in pid " + target.pid());

    int portB = FreePort.pick();
    String attachB = toolOf(jarB, "attach", target.pid(), "127.0.0.1:" + portB + ":" + config);
    assertThat(attachB)
        .contains("jmxprom " + versionB + " serving http://127.0.0.1:" + portB)
        .doesNotContain("restart the JVM");
    assertThat(buildVersion(portB)).isEqualTo(versionB);
    assertThat(lineOf(toolOf(jarA, "list"), target.pid()))
        .contains("jmxprom " + versionB + " serving http://127.0.0.1:" + portB + "/metrics");

    // A's copy is unloadable once detached: a full GC unloads its exporter class while B's copy
    // of that same class keeps serving, so B does not run a single class of A's.
    String exporter = "io.github.jmxprom.agent.shaded.io.github.jmxprom.runtime.Exporter ";
    assertThat(target.output()).doesNotContain("unloading class " + exporter);
    jcmd(home, target.pid(), "GC.run");
    target.waitFor("unloading class " + exporter, START);
    assertThat(buildVersion(portB)).isEqualTo(versionB);
    assertThat(HTTP.scrape("http://127.0.0.1:" + portB).value("app_pid")).isEqualTo(target.pid());

    // And back: each attach runs the jar it names, an older one too.
    assertThat(toolOf(jarB, "detach", target.pid())).contains("stopped in pid " + target.pid());
    assertThat(FreePort.awaitClosed("127.0.0.1", portB, START)).isTrue();
    int again = FreePort.pick();
    assertThat(toolOf(jarA, "attach", target.pid(), "127.0.0.1:" + again + ":" + config))
        .contains("jmxprom " + versionA + " serving");
    assertThat(buildVersion(again)).isEqualTo(versionA);
    assertThat(target.isAlive()).isTrue();
    // Closing a detached copy's loader left none of its threads without its classes (stderr: the
    // class unloading log on stdout names exception classes).
    assertThat(target.stderr()).doesNotContain("NoClassDefFoundError").doesNotContain("Exception");
  }

  /**
   * The attached agent runs in a class loader of its own that does not see the application's
   * classes, yet an authenticator plugin on the application's class path is found, as with {@code
   * -javaagent:}: the agent looks there through the context class loader.
   */
  @Test
  void anAttachedAgentUsesAnAuthenticatorPluginFromTheApplicationsClassPath() throws IOException {
    Path config =
        ConfigFiles.write(
            dir,
            "plugin.yaml",
            "httpServer:\n"
                + "  authentication:\n"
                + "    plugin:\n"
                + "      class: "
                + HeaderAuthenticator.class.getName()
                + "\n"
                + CONFIG);
    ChildJvm target = app("target", Paths.get(System.getProperty("java.home")), null);
    int port = FreePort.pick();
    assertThat(tool("attach", target.pid(), "127.0.0.1:" + port + ":" + config))
        .contains("serving http://127.0.0.1:" + port + "/metrics");

    String metrics = "http://127.0.0.1:" + port + "/metrics";
    assertThat(HTTP.get(metrics).status()).isEqualTo(401);
    Http.Response allowed = HTTP.get(metrics, HeaderAuthenticator.HEADER, "yes");
    assertThat(allowed.status()).isEqualTo(200);
    assertThat(Exposition.parse(allowed.text()).value("app_pid")).isEqualTo(target.pid());
  }

  /** The command's own obstacles; those of the target JVM are in the test after this one. */
  @Test
  void theObstaclesAreNamed() throws IOException {
    Path config = ConfigFiles.write(dir, "attach.yaml", CONFIG);
    Path home = Paths.get(System.getProperty("java.home"));
    ChildJvm target = app("target", home, null);

    ToolRun missing = run("attach", target.pid(), "127.0.0.1:" + FreePort.pick() + ":nope.yaml");
    assertThat(missing.status).isEqualTo(1);
    assertThat(missing.output)
        .contains("NOT STARTED in pid " + target.pid())
        .contains("nope.yaml: config file not found");

    int port = FreePort.pick();
    assertThat(run("attach", target.pid(), "127.0.0.1:" + port + ":" + config).status).isZero();
    ToolRun twice = run("attach", target.pid(), "127.0.0.1:" + FreePort.pick() + ":" + config);
    assertThat(twice.status).isEqualTo(1);
    assertThat(twice.output)
        .contains("already runs in pid " + target.pid() + " on 127.0.0.1:" + port);

    ToolRun none = run("detach", 999_999_999L);
    assertThat(none.status).isEqualTo(1);
    assertThat(none.output).contains("no process with pid 999999999");

    ToolRun usage = run("attach", "x");
    assertThat(usage.status).isEqualTo(2);
    assertThat(usage.output).contains("usage: java -jar jmxprom-javaagent.jar attach <pid>");
  }

  /**
   * What stands in the way in the target JVM, on Java 17 and 25, each named with what to do, the
   * target left running unchanged: its port served by another program; dynamic agents forbidden
   * ({@code -XX:-EnableDynamicAgentLoading}) on the command line or through {@code
   * JAVA_TOOL_OPTIONS}, where the command line does not show it; the same for detaching an exporter
   * started with {@code -javaagent:} (detach loads the jar too); {@code
   * -XX:+DisableAttachMechanism}. The messages are those HotSpot's answers led to (Java 17: "Failed
   * to load agent library: Dynamic agent loading is not enabled. ...", Java 25 without the first
   * five words). Attaching to a Java 25 JVM without these flags is {@link
   * #attachListDetachAndAttachAgain}.
   */
  @ParameterizedTest(name = "target on Java {0}")
  @ValueSource(ints = {17, 25})
  void whatTheTargetForbidsIsNamedAndTheTargetKeepsRunning(int feature) throws Exception {
    Path home = requireJdk(feature);
    Path config = ConfigFiles.write(dir, "attach.yaml", CONFIG);
    int port = FreePort.pick();
    String arguments = "127.0.0.1:" + port + ":" + config;

    ChildJvm plain = app("plain", home, null);
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      ToolRun run = run("attach", plain.pid(), "127.0.0.1:" + taken.getLocalPort() + ":" + config);
      assertThat(run.status).isEqualTo(1);
      assertThat(run.output)
          .isEqualTo(
              "jmxprom: port "
                  + taken.getLocalPort()
                  + " is already served on 127.0.0.1 by another program; choose another port");
    }
    assertThat(lineOf(tool("list"), plain.pid())).contains("no jmxprom (Java " + feature);

    String forbids =
        ", which forbids loading an agent into it while it runs; to export its MBeans, restart it"
            + " with -javaagent:"
            + Jars.agent().toAbsolutePath()
            + "="
            + arguments
            + " (or without -XX:-EnableDynamicAgentLoading, then attach again). The JVM keeps"
            + " running unchanged; it answered: AgentLoadException: ";
    ChildJvm forbidding = app("forbidding", home, null, "-XX:-EnableDynamicAgentLoading");
    ToolRun refused = run("attach", forbidding.pid(), arguments);
    assertThat(refused.status).as(refused.output).isEqualTo(1);
    assertThat(refused.output)
        .startsWith(
            "jmxprom: cannot load the agent into pid "
                + forbidding.pid()
                + ": it was started with -XX:-EnableDynamicAgentLoading"
                + forbids)
        .endsWith(
            "Dynamic agent loading is not enabled. Use -XX:+EnableDynamicAgentLoading to"
                + " launch target VM.")
        .doesNotContain("JEP 451");

    ChildJvm hidden =
        jvms.start(
            ChildJvm.app("forbidding through JAVA_TOOL_OPTIONS")
                .javaHome(home)
                .environment("JAVA_TOOL_OPTIONS", "-XX:-EnableDynamicAgentLoading")
                .mainClass(App.class)
                .args(180));
    hidden.waitFor("APP READY", START);
    ToolRun refusedHidden = run("attach", hidden.pid(), arguments);
    assertThat(refusedHidden.status).as(refusedHidden.output).isEqualTo(1);
    assertThat(refusedHidden.output)
        .startsWith(
            "jmxprom: cannot load the agent into pid "
                + hidden.pid()
                + ": it was started with -XX:-EnableDynamicAgentLoading (not on its command line:"
                + " from JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS or an @argfile)"
                + forbids);

    int agentPort = FreePort.pick();
    ChildJvm started =
        app(
            "-javaagent: and forbidding",
            home,
            "127.0.0.1:" + agentPort + ":" + config,
            "-XX:-EnableDynamicAgentLoading");
    FreePort.awaitListening("127.0.0.1", agentPort, START);
    ToolRun detach = run("detach", started.pid());
    assertThat(detach.status).as(detach.output).isEqualTo(1);
    assertThat(detach.output)
        .startsWith(
            "jmxprom: cannot load the agent into pid "
                + started.pid()
                + ": it was started with -XX:-EnableDynamicAgentLoading, which forbids loading an"
                + " agent into it while it runs; detach loads the agent jar too, so jmxprom runs"
                + " there until the JVM stops (restart it without -javaagent: to remove it).");
    assertThat(HTTP.scrape("http://127.0.0.1:" + agentPort).value("app_pid"))
        .isEqualTo(started.pid());

    ChildJvm locked = app("locked", home, null, "-XX:+DisableAttachMechanism");
    ToolRun lockedOut = run("attach", locked.pid(), arguments);
    assertThat(lockedOut.status).isEqualTo(1);
    assertThat(lockedOut.output)
        .isEqualTo(
            "jmxprom: pid "
                + locked.pid()
                + " was started with -XX:+DisableAttachMechanism and refuses every attach; add the"
                + " agent at its next start instead: -javaagent:jmxprom-javaagent.jar=...");

    for (ChildJvm target : List.of(plain, forbidding, hidden, started, locked)) {
      assertThat(target.isAlive()).as(target.name()).isTrue();
      target.waitForCount(
          java.util.regex.Pattern.compile("APP ALIVE"),
          target.count(java.util.regex.Pattern.compile("APP ALIVE")) + 1,
          START);
    }
    assertThat(FreePort.isListening("127.0.0.1", port)).isFalse();
    for (ChildJvm target : List.of(plain, forbidding, hidden, locked)) {
      assertThat(target.output())
          .as(target.name())
          .doesNotContain("jmxprom")
          .doesNotContain("WARNING");
    }
  }

  /**
   * A JVM of root, and the commands run as nobody: HotSpot refuses them the attach, so attach and
   * detach fail and list cannot look inside; each says whose JVM it is and the command to run
   * instead. Before the target's attach listener runs, the refusal is of the signal that would
   * start it ("Operation not permitted"); once it runs (started here by root's jcmd, or by anyone's
   * list as root), its socket in /tmp is not nobody's ("not secure"): both are checked. The target
   * keeps running and serves nothing.
   */
  @Test
  void aJvmOfRootRefusesAnotherUserWhoIsToldWhoMayAttach() throws Exception {
    OtherUser nobody = OtherUser.nobody();
    readable = OtherUser.readableDirectory("jmxprom-attach-it-");
    Path jar = OtherUser.copyReadable(Jars.agent(), readable.resolve("jmxprom-javaagent.jar"));
    Path config =
        OtherUser.copyReadable(
            ConfigFiles.write(dir, "attach.yaml", CONFIG), readable.resolve("attach.yaml"));
    Path home = Paths.get(System.getProperty("java.home"));
    ChildJvm target = app("target", home, null);
    long pid = target.pid();
    assertThat(owner(pid)).isEqualTo("root");
    int port = FreePort.pick();
    String arguments = "127.0.0.1:" + port + ":" + config;
    String refused = "jmxprom: cannot attach to pid " + pid + ": IOException: ";
    String hint =
        "; pid "
            + pid
            + " runs as user 'root' and this command as '"
            + nobody.name()
            + "'; a JVM lets only its own user and root attach to it: run the command as 'root':"
            + " sudo java -jar "
            + jar
            + " ";

    ToolRun attach = runAs(nobody, jar, "attach", pid, arguments);
    assertThat(attach.status).as(attach.output).isEqualTo(1);
    assertThat(attach.output)
        .startsWith(refused)
        .endsWith(hint + "attach " + pid + " " + arguments)
        .containsAnyOf("Operation not permitted", "is not secure");

    // list cannot read a root JVM's perf data, so the Attach API leaves it out; ours names it.
    ToolRun list = runAs(nobody, jar, "list");
    assertThat(list.status).as(list.output).isZero();
    assertThat(lineOf(list.output, pid))
        .isEqualTo(
            String.format("%-8d %-50s %s", pid, "-", "unknown: " + hint.substring(2) + "list"));

    jcmd(home, pid, "VM.version"); // root starts the attach listener: the other refusal
    ToolRun detach = runAs(nobody, jar, "detach", pid);
    assertThat(detach.status).as(detach.output).isEqualTo(1);
    assertThat(detach.output)
        .startsWith(refused + "well-known file /tmp/.java_pid" + pid + " is not secure")
        .endsWith(hint + "detach " + pid);
    ToolRun again = runAs(nobody, jar, "attach", pid, arguments);
    assertThat(again.status).as(again.output).isEqualTo(1);
    assertThat(again.output)
        .startsWith(refused + "well-known file /tmp/.java_pid" + pid + " is not secure")
        .endsWith(hint + "attach " + pid + " " + arguments);

    assertThat(target.isAlive()).isTrue();
    assertThat(FreePort.isListening("127.0.0.1", port)).isFalse();
    assertThat(target.output()).doesNotContain("jmxprom");
    assertThat(lineOf(tool("list"), pid))
        .contains("no jmxprom (Java " + Runtime.version().feature());
  }

  /**
   * The other direction works: root attaches to a JVM of nobody, on Java 17 and 25 (HotSpot lets
   * root attach to any JVM). The target opens the jar and the config itself, as nobody: a jar or
   * config only root can read fails, and the command says whose they must be.
   */
  @ParameterizedTest(name = "target on Java {0}")
  @ValueSource(ints = {17, 25})
  void rootAttachesToAJvmOfAnotherUserThatMustReadTheFiles(int feature) throws Exception {
    Path home = requireJdk(feature);
    OtherUser nobody = OtherUser.nobody();
    readable = OtherUser.readableDirectory("jmxprom-attach-it-");
    Path jar = OtherUser.copyReadable(Jars.agent(), readable.resolve("jmxprom-javaagent.jar"));
    Path config =
        OtherUser.copyReadable(
            ConfigFiles.write(dir, "attach.yaml", CONFIG), readable.resolve("attach.yaml"));
    String app = App.class.getPackageName().replace('.', '/');
    Path classes = readable.resolve("classes");
    OtherUser.copyReadable(Jars.appClasses().resolve(app), classes.resolve(app));
    ChildJvm target =
        jvms.start(
            ChildJvm.app("target of " + nobody.name())
                .as(nobody)
                .javaHome(home)
                .classPathInstead(classes)
                .workingDirectory(readable)
                .mainClass(App.class)
                .args(180));
    target.waitFor("APP READY", START);
    long pid = target.pid();
    assertThat(owner(pid)).isEqualTo(nobody.name());

    // Copies in the test's own directory, which only root may enter.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Path privateJar = Files.copy(Jars.agent(), dir.resolve("jmxprom-javaagent.jar"));
    Path privateConfig = dir.resolve("attach.yaml");
    int port = FreePort.pick();
    ToolRun unreadableJar = runOf(privateJar, "attach", pid, "127.0.0.1:" + port + ":" + config);
    assertThat(unreadableJar.status).as(unreadableJar.output).isEqualTo(1);
    assertThat(unreadableJar.output)
        .contains(
            "jmxprom: cannot load the agent into pid "
                + pid
                + ": AgentLoadException: Agent JAR not found or no Agent-Class attribute; pid "
                + pid
                + " runs as user '"
                + nobody.name()
                + "', which must be able to read "
                + privateJar);
    ToolRun unreadableConfig = runOf(jar, "attach", pid, "127.0.0.1:" + port + ":" + privateConfig);
    assertThat(unreadableConfig.status).as(unreadableConfig.output).isEqualTo(1);
    assertThat(unreadableConfig.output)
        .contains(
            "jmxprom: NOT STARTED in pid "
                + pid
                + ": "
                + privateConfig
                + ": cannot read the config file: permission denied for this user\n"
                + "jmxprom: pid "
                + pid
                + " runs as user '"
                + nobody.name()
                + "', which must be able to read the config file and the agent jar");
    assertThat(FreePort.isListening("127.0.0.1", port)).isFalse();

    assertThat(runOf(jar, "attach", pid, "127.0.0.1:" + port + ":" + config).output)
        .contains(
            "jmxprom: pid "
                + pid
                + ": jmxprom "
                + Jars.version()
                + " serving http://127.0.0.1:"
                + port
                + "/metrics");
    assertThat(HTTP.scrape("http://127.0.0.1:" + port).value("app_pid")).isEqualTo(pid);
    assertThat(lineOf(toolOf(jar, "list"), pid))
        .contains("serving http://127.0.0.1:" + port + "/metrics (port " + port);
    assertThat(toolOf(jar, "detach", pid)).contains("jmxprom: stopped in pid " + pid);
    assertThat(FreePort.awaitClosed("127.0.0.1", port, START)).isTrue();
    assertThat(target.isAlive()).isTrue();
  }

  /** Deletes the directory the other user read from, if the test made one. */
  @AfterEach
  void deleteReadable() {
    OtherUser.delete(readable);
  }

  /** The user that owns a process, as /proc shows it. */
  private static String owner(long pid) throws IOException {
    return Files.getOwner(Paths.get("/proc", Long.toString(pid))).getName();
  }

  /** As {@link #runOf}, with the command run as {@code user} (its jar readable by that user). */
  private ToolRun runAs(OtherUser user, Path jar, Object... args) {
    ChildJvm tool =
        jvms.start(
            ChildJvm.jar("jmxprom " + args[0] + " as " + user.name(), jar)
                .as(user)
                .workingDirectory(jar.getParent())
                .args(args));
    int status = tool.waitForExit(TOOL);
    return new ToolRun(status, tool.output());
  }

  private ChildJvm app(String name, Path home, String agentArguments, String... jvmOptions) {
    ChildJvm.Builder builder =
        ChildJvm.app(name).javaHome(home).jvmOptions(jvmOptions).mainClass(App.class).args(180);
    if (agentArguments != null) {
      builder.javaagent(Jars.agent(), agentArguments);
    }
    ChildJvm app = jvms.start(builder);
    app.waitFor("APP READY", START);
    return app;
  }

  private static final class ToolRun {
    final int status;
    final String output;

    ToolRun(int status, String output) {
      this.status = status;
      this.output = output;
    }
  }

  /** Runs the agent jar's command with the test's JDK; returns its status and output. */
  private ToolRun run(Object... args) {
    return runOf(Jars.agent(), args);
  }

  private ToolRun runOf(Path jar, Object... args) {
    ChildJvm tool = jvms.start(ChildJvm.jar("jmxprom " + args[0], jar).args(args));
    int status = tool.waitForExit(TOOL);
    return new ToolRun(status, tool.output());
  }

  /** As {@link #run}, requiring status 0. */
  private String tool(Object... args) {
    return toolOf(Jars.agent(), args);
  }

  /** As {@link #runOf}, requiring status 0. */
  private String toolOf(Path jar, Object... args) {
    ToolRun run = runOf(jar, args);
    assertThat(run.status).as(run.output).isZero();
    return run.output;
  }

  /** The {@code version} label of {@code jmx_exporter_build_info} on that port. */
  private static String buildVersion(int port) {
    List<Exposition.Sample> info =
        HTTP.scrape("http://127.0.0.1:" + port).find("jmx_exporter_build_info");
    assertThat(info).hasSize(1);
    return info.get(0).labels().get("version");
  }

  /**
   * A copy of the agent jar whose manifest says {@code version}: the same classes, another release
   * as far as the JVM's packages and the agent's build info are concerned.
   */
  private static Path withVersion(Path jar, String version, Path copy) throws IOException {
    try (JarFile in = new JarFile(jar.toFile())) {
      Manifest manifest = new Manifest(in.getManifest());
      manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, version);
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(copy), manifest)) {
        for (JarEntry entry : Collections.list(in.entries())) {
          if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
            continue;
          }
          out.putNextEntry(new JarEntry(entry.getName()));
          try (InputStream data = in.getInputStream(entry)) {
            data.transferTo(out);
          }
          out.closeEntry();
        }
      }
    }
    return copy;
  }

  private static String lineOf(String list, long pid) {
    return list.lines()
        .filter(l -> l.startsWith(pid + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("pid " + pid + " not listed:\n" + list));
  }

  /** Runs the JDK's own {@code jcmd <pid> <command>}; returns its output. */
  private static String jcmd(Path home, long pid, String command) throws Exception {
    Process jcmd =
        new ProcessBuilder(home.resolve("bin/jcmd").toString(), Long.toString(pid), command)
            .redirectErrorStream(true)
            .start();
    String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(jcmd.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return text;
  }

  /** The thread names of a JVM, from {@code jcmd Thread.print}. */
  private static List<String> threads(Path home, long pid) throws Exception {
    String text = jcmd(home, pid, "Thread.print");
    List<String> names = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("\"")) {
        names.add(line);
      }
    }
    assertThat(names).as(text).isNotEmpty();
    return names;
  }

  private static void awaitNoExporterThreads(Path home, long pid) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    List<String> left;
    do {
      left =
          threads(home, pid).stream()
              .filter(t -> t.startsWith("\"jmxprom-") || t.startsWith("\"HTTP-Dispatcher"))
              .collect(Collectors.toList());
      if (left.isEmpty()) {
        return;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("exporter threads left after detach: " + left);
  }

  /** {@link #jdkHome}, or the test is skipped (an assumption) when there is none. */
  static Path requireJdk(int feature) throws IOException {
    Path home = jdkHome(feature);
    assumeTrue(
        home != null, "no JDK " + feature + " found (JAVA" + feature + "_HOME, /usr/lib/jvm)");
    return home;
  }

  /**
   * A JDK of that feature version: the one running the tests, {@code JAVA<n>_HOME} or {@code
   * JDK<n>_HOME}, or one under /usr/lib/jvm whose {@code release} file says so; null when there is
   * none.
   */
  static Path jdkHome(int feature) throws IOException {
    if (Runtime.version().feature() == feature) {
      return Paths.get(System.getProperty("java.home"));
    }
    for (String variable : new String[] {"JAVA" + feature + "_HOME", "JDK" + feature + "_HOME"}) {
      String env = System.getenv(variable);
      if (env != null && Files.isExecutable(Paths.get(env, "bin", "jcmd"))) {
        return Paths.get(env);
      }
    }
    Path jvms = Paths.get("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return null;
    }
    try (Stream<Path> homes = Files.list(jvms)) {
      for (Path candidate : (Iterable<Path>) homes.sorted()::iterator) {
        Path release = candidate.resolve("release");
        if (Files.isRegularFile(release)
            && Files.isExecutable(candidate.resolve("bin/jcmd"))
            && Files.readString(release).contains("JAVA_VERSION=\"" + feature + ".")) {
          return candidate;
        }
      }
    }
    return null;
  }
}
