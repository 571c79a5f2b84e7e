package io.github.jmxprom.javaagent;

import io.github.jmxprom.runtime.LocalJvm;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The agent jar's commands for JVMs that are already running, through the Attach API:
 *
 * <pre>{@code
 * java -jar jmxprom-javaagent.jar attach 4242 9404:/opt/jmxprom/config.yaml
 * java -jar jmxprom-javaagent.jar list
 * java -jar jmxprom-javaagent.jar detach 4242
 * }</pre>
 *
 * <p>{@code attach} loads this jar into the JVM, which then serves {@code /metrics} as with {@code
 * -javaagent:}, from a class loader of its own; {@code detach} loads it again with the argument
 * {@code detach}, which stops the exporter (port closed, threads ended) and lets go of that loader,
 * so that a later attach of a newer jar runs the newer version. The agent reports how its start
 * went through system properties of the target ({@link AgentStatus}), which these commands read
 * back, so a failure in the target is printed here. Exit status: 0 done, 1 failed, 2 usage.
 */
public final class AgentCommands {

  static final String USAGE =
      "usage: java -jar jmxprom-javaagent.jar attach <pid> [host:]port:config.yaml\n"
          + "       java -jar jmxprom-javaagent.jar list\n"
          + "       java -jar jmxprom-javaagent.jar detach <pid>\n"
          + "   or, at start-up: java "
          + AgentArguments.USAGE;

  public static final String DETACH = JmxPromAgent.DETACH;

  private final PrintStream out;
  private final PrintStream err;

  private AgentCommands(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs a command; returns the exit status. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    AgentCommands commands = new AgentCommands(out, err);
    String command = args.length == 0 ? "--help" : args[0];
    try {
      if (command.equals("help")
          || java.util.Arrays.asList(args).contains("--help")
          || java.util.Arrays.asList(args).contains("-h")) {
        out.println(USAGE);
        return 0;
      } else if (command.equals("list") && args.length == 1) {
        return commands.list();
      } else if (command.equals("attach") && args.length == 3) {
        AgentArguments arguments = AgentArguments.parse(args[2]);
        long pid = pid(args[1]);
        return commands.attach(pid, arguments, "attach " + pid + " " + absolute(arguments));
      } else if (command.equals(DETACH) && args.length == 2) {
        long pid = pid(args[1]);
        return commands.detach(pid, DETACH + " " + pid);
      }
      err.println("jmxprom: unexpected arguments " + String.join(" ", args) + "\n" + USAGE);
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("jmxprom: " + e.getMessage() + "\n" + USAGE);
      return 2;
    } catch (IOException e) {
      err.println("jmxprom: " + e.getMessage());
      return 1;
    }
  }

  /** {@code retry}: the command's arguments, to show how to run it as the target's user. */
  private int attach(long pid, AgentArguments arguments, String retry) throws IOException {
    // The jar named too: the target may hold an earlier jar's entry class (see JmxPromAgent).
    String agentArguments = JmxPromAgent.withJar(new File(ownJar()), absolute(arguments));
    AttachApi.Target vm = attachTo(pid, retry);
    try {
      Properties before = vm.systemProperties();
      String running = before.getProperty(AgentStatus.ADDRESS);
      if (running != null) {
        err.println(
            "jmxprom: already runs in pid "
                + pid
                + " on "
                + running
                + " ("
                + before.getProperty(AgentStatus.CONFIG)
                + "); detach it first: java -jar jmxprom-javaagent.jar detach "
                + pid);
        return 1;
      }
      if (arguments.getPort() > 0 && served(arguments.getHost(), arguments.getPort())) {
        err.println(
            "jmxprom: port "
                + arguments.getPort()
                + " is already served on "
                + connectHost(arguments.getHost())
                + " by another program; choose another port");
        return 1;
      }
      loadAgent(
          vm,
          pid,
          agentArguments,
          "to export its MBeans, restart it with -javaagent:"
              + ownJar()
              + "="
              + absolute(arguments)
              + " (or without -XX:-EnableDynamicAgentLoading, then attach again)");
      // Only once the JVM took the agent: one that refuses it prints no warning either.
      dynamicAgentNote(pid, before);
      Properties after = awaitStart(vm);
      String error = after.getProperty(AgentStatus.ERROR);
      if (error != null) {
        err.println("jmxprom: NOT STARTED in pid " + pid + ": " + error);
        String owner = new LocalProcess(pid).owner();
        if (owner != null && !owner.equals(System.getProperty("user.name"))) {
          // The target reads the config itself: "permission denied for this user" means its user.
          err.println(
              "jmxprom: pid "
                  + pid
                  + " runs as user '"
                  + owner
                  + "', which must be able to read the config file and the agent jar");
        }
        err.println("jmxprom: the application keeps running without jmxprom metrics");
        return 1;
      }
      String state = after.getProperty(AgentStatus.STATE);
      out.println(
          "jmxprom: pid "
              + pid
              + ": "
              + (state != null
                  ? state
                  : describeRunning(after).isEmpty()
                      ? "started (OpenTelemetry push)"
                      : describeRunning(after)));
      return 0;
    } finally {
      vm.detach();
    }
  }

  /**
   * The target's properties once its start has finished: the agent checks everything in {@code
   * agentmain}, then builds the exporter on a thread of its own ({@code starting on ...} until
   * then). A delayed start ({@code startDelaySeconds}) is not waited for.
   */
  private static Properties awaitStart(AttachApi.Target vm) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Properties p = vm.systemProperties();
    while (p.getProperty(AgentStatus.STATE, "").startsWith("starting on ")
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      p = vm.systemProperties();
    }
    return p;
  }

  private int list() throws IOException {
    List<LocalJvm> jvms = AttachApi.list();
    // One attach per JVM, all at once: a JVM that does not answer costs its 10 s attach timeout
    // once, not once per JVM listed after it.
    final String[] statuses = new String[jvms.size()];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < jvms.size(); i++) {
      final int index = i;
      final long pid = jvms.get(i).getPid();
      Thread thread = new Thread(() -> statuses[index] = status(pid), "jmxprom-list-" + pid);
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    for (int i = 0; i < jvms.size(); i++) {
      try {
        threads
            .get(i)
            .join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (int i = 0; i < jvms.size(); i++) {
      LocalJvm jvm = jvms.get(i);
      String main = jvm.getMainClass().isEmpty() ? "-" : jvm.getMainClass();
      String status =
          statuses[i] == null ? "unknown: no answer to the attach within 20 s" : statuses[i];
      out.println(String.format("%-8d %-50s %s", jvm.getPid(), main, status));
    }
    List<Long> listed = new ArrayList<>();
    for (LocalJvm jvm : jvms) {
      listed.add(jvm.getPid());
    }
    String user = System.getProperty("user.name");
    for (Map.Entry<Long, String> other :
        otherUsersJvms(new File("/tmp"), listed, user).entrySet()) {
      long pid = other.getKey();
      out.println(
          String.format(
              "%-8d %-50s %s",
              pid,
              "-",
              "unknown: " + otherUser(pid, other.getValue(), user, jarForHint(), "list")));
    }
    return 0;
  }

  /**
   * The JVMs of other users that the Attach API leaves out of this user's list (pid to user):
   * HotSpot writes each JVM's performance data to {@code /tmp/hsperfdata_<user>/<pid>} (always /tmp
   * on Linux, whatever java.io.tmpdir says), a file only its user can read, in a directory everyone
   * can list. Without them, {@code list} as another user would not show a root JVM at all. Files of
   * processes that have ended (killed JVMs leave theirs) and JVMs started with {@code
   * -XX:-UsePerfData} are not shown.
   */
  static Map<Long, String> otherUsersJvms(File tmp, List<Long> listed, String user) {
    Map<Long, String> found = new TreeMap<>();
    File[] directories = tmp.listFiles();
    if (directories == null) {
      return found;
    }
    String prefix = "hsperfdata_";
    for (File directory : directories) {
      String name = directory.getName();
      if (!name.startsWith(prefix) || name.equals(prefix + user) || !directory.isDirectory()) {
        continue;
      }
      String[] files = directory.list();
      for (String file : files == null ? new String[0] : files) {
        long pid = LocalJvm.parsePid(file);
        if (pid > 0 && !listed.contains(pid) && new LocalProcess(pid).isRunning()) {
          found.put(pid, name.substring(prefix.length()));
        }
      }
    }
    return found;
  }

  /** What runs in one JVM, for {@code list}; never throws. */
  private static String status(long pid) {
    if (new LocalProcess(pid).hasOption("-XX:+DisableAttachMechanism")) {
      return "unknown: started with -XX:+DisableAttachMechanism";
    }
    AttachApi.Target vm;
    try {
      vm = AttachApi.attach(pid);
    } catch (IOException e) {
      return "unknown: cannot attach: " + e.getMessage();
    }
    try {
      Properties p = vm.systemProperties();
      String running = describeRunning(p);
      if (!running.isEmpty()) {
        return running;
      } else if (p.getProperty(AgentStatus.STATE) != null) {
        return "jmxprom " + p.getProperty(AgentStatus.STATE);
      } else if (p.getProperty(AgentStatus.ERROR) != null) {
        return "jmxprom not started: " + p.getProperty(AgentStatus.ERROR);
      }
      return "no jmxprom (Java " + p.getProperty("java.specification.version") + ")";
    } catch (IOException e) {
      return "unknown: " + e.getMessage();
    } finally {
      vm.detach();
    }
  }

  /** What runs in a JVM whose properties are {@code p}, or "" when no exporter runs there. */
  static String describeRunning(Properties p) {
    String address = p.getProperty(AgentStatus.ADDRESS);
    if (address == null) {
      return "";
    }
    String agent = "jmxprom " + p.getProperty(AgentStatus.VERSION);
    String config = p.getProperty(AgentStatus.CONFIG);
    if (!servesHttp(p)) {
      // The address is then only the words "no HTTP port ...": there is no URL to show.
      return agent + " pushing metrics over OpenTelemetry, no HTTP port (" + config + ")";
    }
    return agent
        + " serving http://"
        + address
        + "/metrics (port "
        + p.getProperty(AgentStatus.PORT)
        + ", "
        + config
        + ")";
  }

  /**
   * False when the agent runs without an HTTP port (OpenTelemetry push only: port -1); true when
   * the port is not known, as from an agent of a release that did not write it.
   */
  private static boolean servesHttp(Properties p) {
    String port = p.getProperty(AgentStatus.PORT);
    try {
      return port == null || Integer.parseInt(port.trim()) > 0;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  private int detach(long pid, String retry) throws IOException {
    AttachApi.Target vm = attachTo(pid, retry);
    try {
      Properties before = vm.systemProperties();
      String address = before.getProperty(AgentStatus.ADDRESS);
      if (address == null && before.getProperty(AgentStatus.STATE) == null) {
        err.println("jmxprom: does not run in pid " + pid + "; nothing to detach");
        return 1;
      }
      loadAgent(
          vm,
          pid,
          DETACH,
          "detach loads the agent jar too, so jmxprom runs there until the JVM stops (restart it"
              + " without -javaagent: to remove it)");
      Properties after = vm.systemProperties();
      if (after.getProperty(AgentStatus.ADDRESS) != null) {
        err.println("jmxprom: still runs in pid " + pid + " on " + address);
        return 1;
      }
      out.println(
          "jmxprom: stopped in pid "
              + pid
              + (address == null
                  ? " (before its delayed start)"
                  : servesHttp(before)
                      ? "; " + address + " closed"
                      : "; its OpenTelemetry push ended"));
      return 0;
    } finally {
      vm.detach();
    }
  }

  /**
   * Attaches, turning the Attach API's terse failures into what to do about them; {@code retry} is
   * the command's arguments, shown as the command to run as the target's user.
   */
  private static AttachApi.Target attachTo(long pid, String retry) throws IOException {
    LocalProcess process = new LocalProcess(pid);
    if (!process.mayExist()) {
      throw new IOException(
          "no process with pid " + pid + " (see: java -jar jmxprom-javaagent.jar list)");
    }
    if (process.hasOption("-XX:+DisableAttachMechanism")) {
      throw new IOException(
          "pid "
              + pid
              + " was started with -XX:+DisableAttachMechanism and refuses every attach;"
              + " add the agent at its next start instead: -javaagent:jmxprom-javaagent.jar=...");
    }
    String owner = process.owner();
    String user = System.getProperty("user.name");
    try {
      return AttachApi.attach(pid);
    } catch (IOException e) {
      StringBuilder message =
          new StringBuilder("cannot attach to pid ")
              .append(pid)
              .append(": ")
              .append(e.getMessage());
      String command = process.commandLine();
      if (!listed(pid) && !command.isEmpty() && !command.contains("java")) {
        message
            .append("; pid ")
            .append(pid)
            .append(" runs '")
            .append(command.length() > 80 ? command.substring(0, 80) + "..." : command)
            .append("', not a JVM: see java -jar jmxprom-javaagent.jar list for the JVMs' pids");
      } else if (owner != null && !owner.equals(user)) {
        message.append("; ").append(otherUser(pid, owner, user, jarForHint(), retry));
      } else {
        message.append(
            "; the process must be a Java 8+ HotSpot/OpenJ9 JVM of the same user that allows"
                + " attaching (no -XX:+DisableAttachMechanism)");
      }
      throw new IOException(message.toString(), e);
    }
  }

  /**
   * What to do when the target JVM runs as another user than this command. HotSpot answers an
   * attach only from its own user and from root: as another user the signal that starts its attach
   * listener is refused ("Operation not permitted"), or, once that listener runs, its socket in
   * /tmp is not this user's ("well-known file ... is not secure"). AttachIT checks both directions
   * with a JVM of root and one of nobody.
   */
  static String otherUser(long pid, String owner, String user, String jar, String retry) {
    String sudo = owner.equals("root") ? "sudo" : "sudo -u " + owner;
    return "pid "
        + pid
        + " runs as user '"
        + owner
        + "' and this command as '"
        + user
        + "'; a JVM lets only its own user and root attach to it: run the command as '"
        + owner
        + "'"
        + (owner.equals("root") ? "" : " or as root")
        + ": "
        + sudo
        + " java -jar "
        + jar
        + " "
        + retry;
  }

  /** The agent jar's path for a command to copy, or its usual name when not run from the jar. */
  private static String jarForHint() {
    try {
      return ownJar();
    } catch (IOException e) {
      return "jmxprom-javaagent.jar";
    }
  }

  private static boolean listed(long pid) {
    try {
      for (LocalJvm jvm : AttachApi.list()) {
        if (jvm.getPid() == pid) {
          return true;
        }
      }
    } catch (IOException e) {
      return true; // unknown: say nothing about it
    }
    return false;
  }

  /**
   * Loads the agent jar; {@code forbidden} says what to do instead when the JVM forbids loading
   * agents while it runs.
   */
  private static void loadAgent(AttachApi.Target vm, long pid, String arguments, String forbidden)
      throws IOException {
    String jar = ownJar();
    try {
      vm.loadAgent(jar, arguments);
    } catch (IOException e) {
      String text = e.getMessage();
      String refusal = dynamicLoadingRefusal(pid, text, forbidden);
      if (refusal != null) {
        throw new IOException("cannot load the agent into pid " + pid + ": " + refusal, e);
      }
      String owner = new LocalProcess(pid).owner();
      if (owner != null && !owner.equals(System.getProperty("user.name"))) {
        // The target opens the jar itself; unreadable, HotSpot says only "Agent JAR not found".
        text += "; pid " + pid + " runs as user '" + owner + "', which must be able to read " + jar;
      }
      String tooLong = tooLong(jar, arguments);
      if (tooLong != null) {
        text += "; " + tooLong;
      }
      throw new IOException("cannot load the agent into pid " + pid + ": " + text, e);
    }
  }

  /**
   * The explanation when the JVM refused the agent because it was started with {@code
   * -XX:-EnableDynamicAgentLoading} (Java 9+; HotSpot answers "Dynamic agent loading is not
   * enabled", on Java 17 after "Failed to load agent library: "), else null. The option may come
   * from the command line or, unseen there, from {@code JAVA_TOOL_OPTIONS}, {@code
   * JDK_JAVA_OPTIONS} or an argument file.
   */
  static String dynamicLoadingRefusal(long pid, String answer, String forbidden) {
    boolean onCommandLine = new LocalProcess(pid).hasOption("-XX:-EnableDynamicAgentLoading");
    if (!onCommandLine
        && (answer == null || !answer.contains("Dynamic agent loading is not enabled"))) {
      return null;
    }
    return "it was started with -XX:-EnableDynamicAgentLoading"
        + (onCommandLine
            ? ""
            : " (not on its command line: from JAVA_TOOL_OPTIONS, JDK_JAVA_OPTIONS"
                + " or an @argfile)")
        + ", which forbids loading an agent into it while it runs; "
        + forbidden
        + ". The JVM keeps running unchanged; it answered: "
        + answer;
  }

  /**
   * HotSpot before the attach protocol of recent releases passes {@code jar=arguments} as one
   * string of at most 1024 bytes and answers a longer one by closing the connection ("Premature
   * EOF"); the arguments hold the jar's path a second time (see {@link JmxPromAgent}), so a long
   * path can reach the limit. Null when the string is short enough.
   */
  static String tooLong(String jar, String arguments) {
    int bytes = (jar + "=" + arguments).getBytes(StandardCharsets.UTF_8).length;
    if (bytes <= 1024) {
      return null;
    }
    return "the agent jar's path (twice) and the agent arguments take "
        + bytes
        + " bytes, more than the 1024 an attach to this Java may carry: put the jar or the"
        + " config file under a shorter path";
  }

  /**
   * Java 21 and newer print a warning when an agent is loaded into a running JVM (JEP 451) and a
   * later Java may refuse it unless the JVM was started with {@code
   * -XX:+EnableDynamicAgentLoading}.
   */
  private void dynamicAgentNote(long pid, Properties target) {
    String spec = target.getProperty("java.specification.version", "");
    int major;
    try {
      major = Integer.parseInt(spec.startsWith("1.") ? spec.substring(2) : spec);
    } catch (NumberFormatException e) {
      return;
    }
    if (major >= 21 && !new LocalProcess(pid).hasOption("-XX:+EnableDynamicAgentLoading")) {
      out.println(
          "jmxprom: note: pid "
              + pid
              + " runs Java "
              + spec
              + ", which prints 'WARNING: A Java agent has been loaded dynamically' on its"
              + " stderr now (JEP 451); that is expected and harmless. Start it with"
              + " -XX:+EnableDynamicAgentLoading to silence it, or use -javaagent: at its next"
              + " start.");
    }
  }

  /** The agent argument with an absolute config path: the target's working directory differs. */
  private static String absolute(AgentArguments arguments) {
    String config = arguments.getConfigFile().toAbsolutePath().toString();
    if (arguments.getPort() <= 0) {
      return config;
    }
    String host = arguments.getHost();
    String prefix = host == null ? "" : (host.contains(":") ? "[" + host + "]" : host) + ":";
    return prefix + arguments.getPort() + ":" + config;
  }

  private static boolean served(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(connectHost(host), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String connectHost(String host) {
    return host == null || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
  }

  private static String ownJar() throws IOException {
    try {
      File jar =
          new File(AgentCommands.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!jar.isFile()) {
        throw new IOException("attach and detach run from the agent jar, not from " + jar);
      }
      return jar.getAbsolutePath();
    } catch (URISyntaxException | SecurityException e) {
      throw new IOException("cannot find the agent jar: " + e, e);
    }
  }

  private static long pid(String text) {
    long pid = LocalJvm.parsePid(text);
    if (pid <= 0) {
      throw new IllegalArgumentException("not a pid: " + text);
    }
    return pid;
  }
}
