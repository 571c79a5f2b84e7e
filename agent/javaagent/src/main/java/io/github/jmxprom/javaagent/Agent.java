package io.github.jmxprom.javaagent;

import com.sun.net.httpserver.HttpHandler;
import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.ConfigException;
import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.runtime.BuildInfo;
import io.github.jmxprom.runtime.Exporter;
import io.github.jmxprom.runtime.http.AddressCheck;
import io.github.jmxprom.runtime.http.ExporterStartException;
import java.io.PrintStream;
import java.util.Collections;
import java.util.concurrent.TimeUnit;

/**
 * The agent itself, behind the entry class {@link JmxPromAgent}: starts the exporter for {@code
 * premain} and {@code attach}, stops it for {@code detach}, and reports both through {@link
 * AgentStatus}.
 *
 * <pre>{@code
 * Agent.premain("9404:/opt/jmxprom/tomcat.yaml"); // what -javaagent:...=9404:... does
 * Agent.attach("9404:/opt/jmxprom/tomcat.yaml"); // what attach does; false when it did not start
 * Agent.stop(); // detach
 * }</pre>
 *
 * <p>Fail-open: whatever goes wrong (bad arguments, a bad or unreadable config, a taken port, an
 * unexpected error) is printed as one block on stderr while {@code premain} runs, and the
 * application starts as if the agent were not there. Nothing here calls {@code System.exit} or lets
 * an exception out. All exporter threads are daemons, so the agent never keeps the JVM alive.
 *
 * <p>The public static methods {@code attach(String)}, {@code active()} and {@code stop()} are
 * called by reflection from the entry class of whichever agent jar the JVM loaded first, which may
 * be an older or newer release than this one: their names and signatures, and this class's name,
 * never change.
 */
public final class Agent {

  private static volatile Exporter running;

  /**
   * The start in progress or done, null after {@link #stop} or a failure: a start thread that finds
   * another value was detached meanwhile and must not serve, even when a newer copy of the agent
   * (in its own class loader) has started since and set the status properties again. Guarded by
   * {@code Agent.class}, as {@link #delayedStart}.
   */
  private static Object start;

  /** The thread waiting out {@code startDelaySeconds}; detach interrupts it. */
  private static Thread delayedStart;

  private Agent() {}

  /** {@code -javaagent:}: starts the exporter; never throws. */
  public static void premain(String arguments) {
    start(arguments, System.err);
  }

  /**
   * {@code attach}: starts the exporter unless one runs or is starting (then the error property
   * says so); never throws. Returns true when this copy of the agent now has an exporter running or
   * on its way (a start delayed by {@code startDelaySeconds} included), false when it refused or
   * failed, so the entry class can let this copy go.
   */
  public static boolean attach(String arguments) {
    if (running != null
        || System.getProperty(AgentStatus.STATE) != null
        || System.getProperty(AgentStatus.ADDRESS) != null) {
      String where = System.getProperty(AgentStatus.ADDRESS);
      AgentStatus.failed(
          where != null ? "already running on " + where : System.getProperty(AgentStatus.STATE));
      return false;
    }
    return start(arguments, System.err);
  }

  /** Whether this copy of the agent has an exporter running or on its way. */
  public static synchronized boolean active() {
    return start != null;
  }

  /** {@code detach}: stops the exporter; never throws. */
  public static void stop() {
    stop(System.err);
  }

  /**
   * {@code java -jar jmxprom-javaagent.jar [attach|list|detach ...]}: the commands for running JVMs
   * ({@link AgentCommands}); without arguments, explains how the agent is used.
   */
  public static void main(String[] args) {
    if (args.length == 0) {
      System.err.println("jmxprom java agent: add it to the application's Java options:");
      System.err.println("  " + AgentArguments.USAGE);
      System.err.println("or load it into a running JVM: java -jar jmxprom-javaagent.jar --help");
      return;
    }
    int status = AgentCommands.run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status); // the command line tool, not the agent: never reached from premain
    }
  }

  /** Stops the exporter this agent started (detach); never throws. */
  static void stop(PrintStream err) {
    Exporter exporter;
    Thread delayed;
    synchronized (Agent.class) {
      exporter = running;
      running = null;
      start = null;
      delayed = delayedStart;
      delayedStart = null;
    }
    if (delayed != null) {
      delayed.interrupt(); // ends its wait now: nothing of this copy outlives the detach
    }
    try {
      if (exporter != null) {
        exporter.close();
        err.println(
            "jmxprom: stopped (detach); " + System.getProperty(AgentStatus.ADDRESS) + " closed");
      }
    } catch (Throwable t) {
      err.println("jmxprom: stopping failed: " + t);
    } finally {
      AgentStatus.stopped();
    }
  }

  /** Starts the exporter; never throws. Returns false when it did not start. */
  static boolean start(String arguments, PrintStream err) {
    Object token = new Object();
    synchronized (Agent.class) {
      start = token;
    }
    AgentArguments parsed = null;
    AddressCheck early = null;
    try {
      parsed = AgentArguments.parse(arguments);
      if (parsed.getPort() > 0) {
        // Resolves the host and checks the port on another thread while the config is read:
        // their network classes cost the host application about 15 ms of premain otherwise. Its
        // result is used where the check used to be, so the same error comes first.
        early = AddressCheck.start(parsed.getHost(), parsed.getPort());
      }
      CollectorConfig config = ConfigLoader.load(parsed.getConfigFile());
      for (String warning : config.getWarnings()) {
        err.println("jmxprom: warning: " + warning);
      }
      if (config.getStartDelaySeconds() > 0) {
        startLater(token, parsed, config, err);
        return true;
      }
      startNow(token, parsed, config, err, early);
      return true;
    } catch (Throwable t) {
      reportFailure(parsed, t, err);
      end(token);
      return false;
    } finally {
      if (early != null) {
        early.join(); // the port is free again before the application's main runs
      }
    }
  }

  private static synchronized boolean current(Object token) {
    return start == token;
  }

  private static synchronized void end(Object token) {
    if (start == token) {
      start = null;
    }
  }

  /** A start thread's failure: reported unless that start was detached meanwhile. */
  private static void failed(Object token, AgentArguments arguments, Throwable t, PrintStream err) {
    if (current(token)) {
      reportFailure(arguments, t, err);
      end(token);
    }
  }

  private static void startLater(
      Object token, AgentArguments arguments, CollectorConfig config, PrintStream err) {
    Thread starter =
        new Thread(new DelayedStart(token, arguments, config, err), "jmxprom-delayed-start");
    starter.setDaemon(true);
    AgentStatus.starting(
        "starting in " + config.getStartDelaySeconds() + " s on " + arguments.address());
    synchronized (Agent.class) {
      delayedStart = starter;
    }
    starter.start();
    err.println(
        "jmxprom: starting in "
            + config.getStartDelaySeconds()
            + " s (startDelaySeconds) on "
            + arguments.address());
  }

  /**
   * Checks the config and the address now (with {@code early}'s results when not null), so that
   * what a user got wrong is reported while {@code premain} runs, then builds and starts the
   * exporter on a daemon thread: the application's {@code main} does not wait for the registry, the
   * JVM metrics and the HTTP server, whose classes take most of the agent's start-up time.
   */
  private static void startNow(
      Object token,
      AgentArguments arguments,
      CollectorConfig config,
      PrintStream err,
      AddressCheck early) {
    Exporter.Prepared prepared =
        Exporter.prepare(
            Exporter.Mode.AGENT,
            arguments.getConfigFile(),
            config,
            arguments.getHost(),
            arguments.getPort(),
            BuildInfo.of(Agent.class),
            Collections.<String, HttpHandler>emptyMap(),
            early);
    AgentStatus.starting("starting on " + arguments.address());
    Thread starter = new Thread(new Start(token, arguments, prepared, err), "jmxprom-start");
    starter.setDaemon(true);
    starter.start();
  }

  /**
   * Waits out {@code startDelaySeconds}, then starts as {@link #startNow} does. Plain classes, not
   * lambdas, here and in {@link Start}: the agent's first lambda would bootstrap {@code
   * invokedynamic} (spinning its classes, a few milliseconds) while {@code premain} runs.
   */
  private static final class DelayedStart implements Runnable {
    private final Object token;
    private final AgentArguments arguments;
    private final CollectorConfig config;
    private final PrintStream err;

    DelayedStart(Object token, AgentArguments arguments, CollectorConfig config, PrintStream err) {
      this.token = token;
      this.arguments = arguments;
      this.config = config;
      this.err = err;
    }

    @Override
    public void run() {
      try {
        TimeUnit.SECONDS.sleep(config.getStartDelaySeconds());
        synchronized (Agent.class) {
          if (start != token) {
            return; // detached meanwhile
          }
          delayedStart = null;
        }
        startNow(token, arguments, config, err, null);
      } catch (InterruptedException e) {
        // detach
      } catch (Throwable t) {
        failed(token, arguments, t, err);
      }
    }
  }

  /** Builds and starts the prepared exporter, off the application's main thread. */
  private static final class Start implements Runnable {
    private final Object token;
    private final AgentArguments arguments;
    private final Exporter.Prepared prepared;
    private final PrintStream err;

    Start(Object token, AgentArguments arguments, Exporter.Prepared prepared, PrintStream err) {
      this.token = token;
      this.arguments = arguments;
      this.prepared = prepared;
      this.err = err;
    }

    @Override
    public void run() {
      try {
        Exporter exporter = prepared.start();
        if (!install(token, exporter, arguments)) {
          exporter.close(); // detached meanwhile
          return;
        }
        err.println(
            "jmxprom: "
                + (arguments.getPort() > 0
                    ? "serving http://" + arguments.address() + "/metrics"
                    : "pushing metrics over OpenTelemetry")
                + " with "
                + arguments.getConfigFile());
      } catch (Throwable t) {
        // Only what changed since the checks, e.g. the port taken in between.
        failed(token, arguments, t, err);
      }
    }
  }

  /**
   * Makes {@code exporter} the running one and says so in the status properties, unless its start
   * was detached meanwhile; one step, so that a detach sees either nothing or all of it.
   */
  private static synchronized boolean install(
      Object token, Exporter exporter, AgentArguments arguments) {
    if (start != token) {
      return false;
    }
    running = exporter;
    AgentStatus.started(
        arguments.getPort() > 0
            ? Exporter.address(arguments.getHost(), exporter.getPort())
            : arguments.address(),
        exporter.getPort(),
        arguments.getConfigFile(),
        BuildInfo.of(Agent.class).getVersion());
    return true;
  }

  private static void reportFailure(AgentArguments arguments, Throwable t, PrintStream err) {
    StringBuilder block = new StringBuilder();
    block.append("jmxprom: NOT STARTED: ").append(message(t)).append(System.lineSeparator());
    block
        .append("jmxprom: the application keeps running without jmxprom metrics")
        .append(arguments == null ? "" : " on " + arguments.address())
        .append(System.lineSeparator());
    err.print(block);
    AgentStatus.failed(message(t));
    if (!(t instanceof ConfigException
        || t instanceof ExporterStartException
        || t instanceof IllegalArgumentException)) {
      // Unexpected: the stack trace is what a bug report needs.
      t.printStackTrace(err);
    }
    err.flush();
  }

  private static String message(Throwable t) {
    String message = t.getMessage();
    return message == null || message.isEmpty() ? t.toString() : message;
  }

  /** The exporter this agent started, or null; for tests and the detach command. */
  static Exporter running() {
    return running;
  }
}
