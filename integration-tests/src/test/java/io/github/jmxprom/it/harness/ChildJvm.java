package io.github.jmxprom.it.harness;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM started for a test: {@code $JAVA_HOME/bin/java} of the JVM running the tests, with
 * the given options, class path and main class (or {@code -jar}). Its stdout and stderr are read
 * into lines as they come, so a test can wait for a line, and it is stopped by its own process
 * handle only, never by name.
 *
 * <pre>{@code
 * ChildJvm app = jvms.start(ChildJvm.app("app").javaagent(Jars.agent(), "127.0.0.1:" + port + ":" + config));
 * app.waitFor("APP READY", Duration.ofSeconds(20));
 * }</pre>
 */
public final class ChildJvm {

  /** Options every child gets: quick start-up, small heap, nothing from the environment. */
  private static final List<String> BASE_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx96m", "-Xss512k");

  private final String name;
  private final List<String> command;
  private final Process process;
  private final Lines stdout;
  private final Lines stderr;
  private final Lines all = new Lines();

  private ChildJvm(String name, List<String> command, Process process) {
    this.name = name;
    this.command = command;
    this.process = process;
    this.stdout = new Lines();
    this.stderr = new Lines();
    pump(process.getInputStream(), stdout, "out");
    pump(process.getErrorStream(), stderr, "err");
  }

  /** A child that runs a main class from the test app's class path (target/test-classes). */
  public static Builder app(String name) {
    return new Builder(name).classPath(Jars.appClasses());
  }

  /** A child that runs {@code java -jar jar}. */
  public static Builder jar(String name, Path jar) {
    return new Builder(name).jar(jar);
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public List<String> command() {
    return command;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public List<String> stdoutLines() {
    return stdout.snapshot();
  }

  public List<String> stderrLines() {
    return stderr.snapshot();
  }

  public String stderr() {
    return String.join("\n", stderr.snapshot());
  }

  /** Everything printed so far, stdout and stderr interleaved in arrival order. */
  public String output() {
    return String.join("\n", all.snapshot());
  }

  /** Waits for a line (stdout or stderr) that contains {@code text}; returns the whole line. */
  public String waitFor(String text, Duration timeout) {
    return waitFor(Pattern.compile("^.*" + Pattern.quote(text) + ".*$"), timeout).group();
  }

  /**
   * Waits for a line (stdout or stderr) in which {@code pattern} is found; returns the match. Fails
   * with the child's output when the time is up or the child has exited without printing it.
   */
  public Matcher waitFor(Pattern pattern, Duration timeout) {
    return waitForCount(pattern, 1, timeout);
  }

  /** Waits until {@code count} lines have matched {@code pattern}; returns the last match. */
  public Matcher waitForCount(Pattern pattern, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Matcher> matches = all.find(pattern);
      if (matches.size() >= count) {
        return matches.get(count - 1);
      }
      if (!process.isAlive() && all.closedStreams() == 2) {
        throw new AssertionError(
            name
                + " exited (status "
                + process.exitValue()
                + ") before printing "
                + describe(pattern, count)
                + "\n"
                + dump());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            name
                + " did not print "
                + describe(pattern, count)
                + " within "
                + timeout
                + "\n"
                + dump());
      }
      all.await(50);
    }
  }

  private static String describe(Pattern pattern, int count) {
    return (count == 1 ? "" : count + " lines matching ") + "/" + pattern + "/";
  }

  /** Lines matching {@code pattern} so far. */
  public int count(Pattern pattern) {
    return all.find(pattern).size();
  }

  /** Waits for the child to exit; returns its status, or fails with its output. */
  public int waitForExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " still runs after " + timeout + "\n" + dump());
      }
      all.awaitClosed(2000);
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Closes the child's standard input (the test app exits when it sees that). */
  public void closeStdin() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // already closed
    }
  }

  /**
   * Stops this child and only this child: SIGTERM to its own PID, SIGKILL after 5 s. Safe to call
   * twice.
   */
  public void destroy() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The command and output, for failure messages. */
  public String dump() {
    return "---- "
        + name
        + " (pid "
        + process.pid()
        + ")\n$ "
        + String.join(" ", command)
        + "\n"
        + output()
        + "\n---- end of "
        + name;
  }

  private void pump(InputStream in, Lines into, String stream) {
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  into.add(line);
                  all.add(line);
                }
              } catch (IOException e) {
                all.add("[" + stream + " read failed: " + e + "]");
              } finally {
                all.closeStream();
              }
            },
            "child-" + name + "-" + stream);
    pump.setDaemon(true);
    pump.start();
  }

  /** Builds the command line. */
  public static final class Builder {
    private final String name;
    private final List<String> options = new ArrayList<>(BASE_OPTIONS);
    private final List<Path> classPath = new ArrayList<>();
    private Path jar;
    private String mainClass;
    private final List<String> arguments = new ArrayList<>();
    private Path workingDirectory;
    private Path javaHome = Paths.get(System.getProperty("java.home"));
    private List<String> launcher = List.of();
    private final Map<String, String> environment = new java.util.LinkedHashMap<>();

    private Builder(String name) {
      this.name = name;
    }

    Builder jar(Path jar) {
      this.jar = jar;
      return this;
    }

    public Builder classPath(Path... entries) {
      classPath.addAll(Arrays.asList(entries));
      return this;
    }

    /**
     * The class path {@code entries} instead of the one so far (as for a child of another user).
     */
    public Builder classPathInstead(Path... entries) {
      classPath.clear();
      return classPath(entries);
    }

    public Builder classPath(List<Path> entries) {
      classPath.addAll(entries);
      return this;
    }

    public Builder mainClass(Class<?> main) {
      this.mainClass = main.getName();
      return this;
    }

    public Builder args(Object... args) {
      for (Object arg : args) {
        arguments.add(String.valueOf(arg));
      }
      return this;
    }

    /** JVM options such as {@code -Dx=y}. */
    public Builder jvmOptions(String... jvmOptions) {
      options.addAll(Arrays.asList(jvmOptions));
      return this;
    }

    /** {@code -javaagent:jar=arguments}. */
    public Builder javaagent(Path agentJar, String agentArguments) {
      options.add("-javaagent:" + agentJar + (agentArguments == null ? "" : "=" + agentArguments));
      return this;
    }

    /**
     * JMX remote on {@code port} without authentication or TLS, as in the Tomcat set-up, bound to
     * the loopback address so that nothing leaves the machine (RMI stubs would otherwise carry the
     * host's first network address).
     */
    public Builder jmxRemote(int port) {
      return jmxRemoteBase(port)
          .jvmOptions(
              "-Dcom.sun.management.jmxremote.authenticate=false",
              "-Dcom.sun.management.jmxremote.ssl=false");
    }

    /** JMX remote on {@code port} bound to loopback; authentication and TLS options to be added. */
    public Builder jmxRemoteBase(int port) {
      return jvmOptions(
          "-Dcom.sun.management.jmxremote",
          "-Dcom.sun.management.jmxremote.port=" + port,
          "-Dcom.sun.management.jmxremote.rmi.port=" + port,
          "-Dcom.sun.management.jmxremote.host=127.0.0.1",
          "-Djava.rmi.server.hostname=127.0.0.1");
    }

    /** The JDK that runs the child (default: the one running the tests). */
    public Builder javaHome(Path home) {
      this.javaHome = home;
      return this;
    }

    /**
     * Runs the child as {@code user} instead of the test JVM's user; its files (class path, jar)
     * must be readable by that user.
     */
    public Builder as(OtherUser user) {
      this.launcher = user.launcher();
      return this;
    }

    /**
     * An environment variable for the child, such as {@code JAVA_TOOL_OPTIONS} (which children
     * otherwise never get): for options the child's command line does not show.
     */
    public Builder environment(String name, String value) {
      environment.put(name, value);
      return this;
    }

    public Builder workingDirectory(Path directory) {
      this.workingDirectory = directory;
      return this;
    }

    /** Starts the child. Prefer {@link ChildJvms#start}, which also stops it after the test. */
    public ChildJvm start() {
      List<String> command = new ArrayList<>(launcher);
      command.add(javaHome.resolve("bin").resolve("java").toString());
      command.addAll(options);
      if (jar != null) {
        command.add("-jar");
        command.add(jar.toString());
      } else {
        if (mainClass == null) {
          throw new IllegalStateException(name + ": no main class");
        }
        command.add("-cp");
        StringBuilder cp = new StringBuilder();
        for (Path entry : classPath) {
          cp.append(cp.length() == 0 ? "" : File.pathSeparator).append(entry);
        }
        command.add(cp.toString());
        command.add(mainClass);
      }
      command.addAll(arguments);
      ProcessBuilder builder = new ProcessBuilder(command);
      Map<String, String> environment = builder.environment();
      // The child must see only the options given here.
      environment.remove("JAVA_TOOL_OPTIONS");
      environment.remove("JDK_JAVA_OPTIONS");
      environment.remove("_JAVA_OPTIONS");
      environment.putAll(this.environment);
      if (workingDirectory != null) {
        builder.directory(workingDirectory.toFile());
      }
      try {
        return new ChildJvm(name, List.copyOf(command), builder.start());
      } catch (IOException e) {
        throw new AssertionError("cannot start " + name + ": " + command, e);
      }
    }
  }

  /** Lines read so far, with a monitor to wait on. */
  private static final class Lines {
    private final List<String> lines = new ArrayList<>();
    private int closed;

    synchronized void add(String line) {
      lines.add(line);
      notifyAll();
    }

    synchronized void closeStream() {
      closed++;
      notifyAll();
    }

    synchronized int closedStreams() {
      return closed;
    }

    synchronized List<String> snapshot() {
      return List.copyOf(lines);
    }

    synchronized List<Matcher> find(Pattern pattern) {
      List<Matcher> matches = new ArrayList<>();
      for (String line : lines) {
        Matcher m = pattern.matcher(line);
        if (m.find()) {
          matches.add(m);
        }
      }
      return matches;
    }

    synchronized void await(long millis) {
      try {
        wait(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }

    synchronized void awaitClosed(long millis) {
      long deadline = System.currentTimeMillis() + millis;
      while (closed < 2 && System.currentTimeMillis() < deadline) {
        await(Math.max(1, deadline - System.currentTimeMillis()));
      }
    }
  }
}
