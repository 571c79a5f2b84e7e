package io.github.jmxprom.javaagent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * The java agent's entry class: {@code -javaagent:jmxprom-javaagent.jar=[host:]port:config.yaml},
 * {@code java -jar jmxprom-javaagent.jar attach|list|detach ...}. It only chooses which copy of the
 * agent ({@link Agent}) runs; the agent does the work.
 *
 * <pre>{@code
 * JAVA_OPTS="$JAVA_OPTS -javaagent:/opt/jmxprom/jmxprom-javaagent.jar=9404:/opt/jmxprom/tomcat.yaml"
 * java -jar jmxprom-javaagent.jar attach 4242 9404:/opt/jmxprom/tomcat.yaml
 * }</pre>
 *
 * <p>Why the agent runs in a class loader of its own after {@code attach}: the JVM appends every
 * agent jar it is asked to load to the system class path and loads the {@code Agent-Class} from
 * there, so once a first jar was attached, every later attach, whatever jar it names, gets that
 * first jar's classes, this entry class included. So {@code attach} passes the jar's location in
 * the arguments ({@link #withJar}), and this class loads the agent from that jar in a new {@link
 * URLClassLoader} whose parent is the platform loader (the extension loader on Java 8): the agent
 * sees the JDK and its own classes only, never the application's. {@code detach} stops that copy,
 * closes its loader and lets go of it, so its classes can be unloaded and a later attach of a newer
 * jar runs the newer classes.
 *
 * <p>{@code -javaagent:} (premain) calls the agent from the system class path directly, as the JVM
 * already opened the jar there: no second loader, nothing added to the application's start-up.
 *
 * <p>Because the first entry class a JVM loaded serves every later attach, this class must stay
 * small and its contract fixed across releases: the argument prefix {@code jmxprom.jar=<file URI>
 * }, the argument {@code detach}, the class {@link Agent} and its {@code attach(String)}, {@code
 * active()} and {@code stop()}. It has no nested classes or lambdas, since the jar holds exactly
 * one class outside the relocated packages. Nothing here throws into the JVM or calls {@code
 * System.exit} from an agent method.
 */
public final class JmxPromAgent {

  /** The argument prefix {@code attach} adds: the agent jar as a file URI, then a space. */
  static final String JAR = "jmxprom.jar=";

  /** The detach command's argument. */
  static final String DETACH = "detach";

  /**
   * {@link Agent}'s name, relocated in the shaded jar with the class (the shade plugin maps it).
   */
  static final String AGENT = "io.github.jmxprom.javaagent.Agent";

  /** Why a start failed, for the attach command (the same property {@link AgentStatus} sets). */
  static final String ERROR = "jmxprom.agent.error";

  /** The copy of {@link Agent} that started last, or null; only under this class's lock. */
  private static Class<?> agent;

  /** Its class loader when it is one of ours (after attach), else null (system class path). */
  private static URLClassLoader loader;

  private JmxPromAgent() {}

  /** Called by the JVM for {@code -javaagent:}. */
  public static synchronized void premain(String arguments, Instrumentation instrumentation) {
    agent = Agent.class;
    loader = null;
    Agent.premain(arguments);
  }

  /**
   * Called when the agent jar is loaded into a running JVM: {@code attach} (arguments {@code
   * jmxprom.jar=<uri> [host:]port:config.yaml}) or {@code detach}.
   */
  public static synchronized void agentmain(String arguments, Instrumentation instrumentation) {
    String jar = jarOf(arguments);
    String rest = jar == null ? arguments : argumentsOf(arguments);
    // The application's loader as context loader, as premain has it on the main thread, for the
    // agent and the threads it starts: authenticator plugins and prometheus.properties are looked
    // up there. The attach thread's own may be another or none.
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
    try {
      if (rest != null && rest.trim().equals(DETACH)) {
        detach();
      } else if (agent != null && Boolean.TRUE.equals(call("active"))) {
        call("attach", rest); // refuses, and says what runs
      } else {
        retire(); // a copy whose start failed: nothing of it runs
        load(jar);
        if (!Boolean.TRUE.equals(call("attach", rest))) {
          retire();
        }
      }
    } catch (Throwable t) {
      // Only when the agent's own classes cannot be loaded or called (e.g. the jar was deleted).
      String message = "cannot load the agent from " + (jar == null ? "the class path" : jar);
      System.err.println("jmxprom: NOT STARTED: " + message + ": " + t);
      System.setProperty(ERROR, message + ": " + t);
      retire();
    } finally {
      thread.setContextClassLoader(context);
    }
  }

  /** {@code java -jar jmxprom-javaagent.jar ...}: the command line tools ({@link Agent#main}). */
  public static void main(String[] args) {
    Agent.main(args);
  }

  /**
   * The agent arguments {@code attach} sends: {@code jmxprom.jar=<file URI> <arguments>}. Public
   * because the relocated {@link AgentCommands} calls it across packages.
   */
  public static String withJar(File jar, String arguments) {
    // toASCIIString escapes spaces and non-ASCII characters: the URI ends at the first space.
    return JAR + jar.getAbsoluteFile().toURI().toASCIIString() + " " + arguments;
  }

  /** The jar URI {@link #withJar} put in front, or null when there is none. */
  static String jarOf(String arguments) {
    if (arguments == null || !arguments.startsWith(JAR)) {
      return null;
    }
    int space = arguments.indexOf(' ');
    return arguments.substring(JAR.length(), space < 0 ? arguments.length() : space);
  }

  /** The arguments after the jar URI. */
  static String argumentsOf(String arguments) {
    int space = arguments.indexOf(' ');
    return space < 0 ? "" : arguments.substring(space + 1);
  }

  private static void detach() throws Exception {
    if (agent == null) {
      System.err.println("jmxprom: not running in this JVM; nothing to detach");
      return;
    }
    try {
      call("stop");
    } finally {
      retire();
    }
  }

  /**
   * Uses the agent in the jar at {@code jar} in a new loader, or, without a jar (an attach by
   * another tool than ours), the copy on the system class path: that of the first agent jar this
   * JVM loaded.
   */
  private static void load(String jar) throws Exception {
    if (jar == null) {
      agent = Agent.class;
      return;
    }
    URLClassLoader isolated = new URLClassLoader(new URL[] {new URI(jar).toURL()}, platform());
    try {
      agent = Class.forName(AGENT, true, isolated);
      loader = isolated;
    } catch (Exception | LinkageError e) {
      isolated.close();
      throw e;
    }
  }

  /**
   * Drops the current copy of the agent; closing its loader releases the jar file, and once the
   * copy's threads have ended nothing refers to its classes any more, so they can be unloaded.
   */
  private static void retire() {
    URLClassLoader old = loader;
    agent = null;
    loader = null;
    if (old != null) {
      try {
        old.close();
      } catch (Exception e) {
        System.err.println("jmxprom: closing the class loader of the stopped agent: " + e);
      }
    }
  }

  /**
   * The loader right under the bootstrap one, above the application's: the platform loader on Java
   * 9+ (java.management, jdk.httpserver and the other JDK modules), the extension loader on Java 8
   * (whose bootstrap loader has those, and lib/ext the security providers), as the system class
   * path copy sees them too, without the application's classes. Found by walking up from the system
   * loader rather than by {@code getPlatformClassLoader}, which Java 8 does not have.
   */
  private static ClassLoader platform() {
    ClassLoader top = null;
    for (ClassLoader l = ClassLoader.getSystemClassLoader(); l != null; l = l.getParent()) {
      top = l;
    }
    return top == ClassLoader.getSystemClassLoader() ? null : top;
  }

  private static Object call(String method, String... arguments) throws Exception {
    Class<?>[] types = new Class<?>[arguments.length];
    java.util.Arrays.fill(types, String.class);
    Method m = agent.getMethod(method, types);
    try {
      return m.invoke(null, (Object[]) arguments);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception) {
        throw (Exception) cause;
      }
      throw e;
    }
  }
}
