package io.github.jmxprom.javaagent;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * The JDK's Attach API ({@code com.sun.tools.attach.VirtualMachine}, module {@code jdk.attach} on
 * Java 9+, {@code tools.jar} on Java 8), called by reflection: the agent jar is compiled for Java 8
 * and must load in JVMs that have no such API; only the {@code attach}, {@code list} and {@code
 * detach} commands need it.
 *
 * <pre>{@code
 * AttachApi.Target vm = AttachApi.attach(4242);
 * try {
 *   vm.loadAgent("/opt/jmxprom/jmxprom-javaagent.jar", "9404:/opt/jmxprom/config.yaml");
 * } finally {
 *   vm.detach();
 * }
 * }</pre>
 */
final class AttachApi {

  private static final String VIRTUAL_MACHINE = "com.sun.tools.attach.VirtualMachine";
  private static final String DESCRIPTOR = "com.sun.tools.attach.VirtualMachineDescriptor";

  private AttachApi() {}

  /** A local JVM as the Attach API lists it. */
  static final class Jvm {
    final long pid;
    final String displayName;

    Jvm(long pid, String displayName) {
      this.pid = pid;
      this.displayName = displayName == null ? "" : displayName.trim();
    }

    /** The main class or jar: the display name's first word, as {@code jps -l} shows it. */
    String mainClass() {
      int space = displayName.indexOf(' ');
      return space < 0 ? displayName : displayName.substring(0, space);
    }
  }

  /** An attached JVM. */
  static final class Target {
    private final Object vm;

    private Target(Object vm) {
      this.vm = vm;
    }

    Properties systemProperties() throws IOException {
      return (Properties) call("getSystemProperties");
    }

    /** Loads a jar agent; returns when its {@code agentmain} has returned. */
    void loadAgent(String jar, String arguments) throws IOException {
      call("loadAgent", jar, arguments);
    }

    void detach() {
      try {
        call("detach");
      } catch (IOException e) {
        // Only the attach connection ends here; nothing in the target depends on it.
      }
    }

    private Object call(String name, String... args) throws IOException {
      Class<?>[] types = new Class<?>[args.length];
      java.util.Arrays.fill(types, String.class);
      try {
        // The public API class: the implementation's package is not exported (Java 9+).
        Method method = virtualMachine().getMethod(name, types);
        return method.invoke(vm, (Object[]) args);
      } catch (InvocationTargetException e) {
        throw new IOException(describe(e.getCause()), e.getCause());
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new IOException(describe(e), e);
      }
    }
  }

  /** The JVMs the Attach API lists (this user's, as {@code jps} shows them), without this one. */
  static List<Jvm> list() throws IOException {
    long self = ownPid();
    List<Jvm> jvms = new ArrayList<>();
    try {
      Class<?> descriptor = Class.forName(DESCRIPTOR);
      Method id = descriptor.getMethod("id");
      Method displayName = descriptor.getMethod("displayName");
      for (Object vm : (List<?>) virtualMachine().getMethod("list").invoke(null)) {
        long pid = parsePid((String) id.invoke(vm));
        if (pid > 0 && pid != self) {
          jvms.add(new Jvm(pid, (String) displayName.invoke(vm)));
        }
      }
    } catch (InvocationTargetException e) {
      throw new IOException("cannot list the local JVMs: " + describe(e.getCause()), e);
    } catch (ReflectiveOperationException e) {
      throw new IOException("cannot list the local JVMs: " + describe(e), e);
    }
    return Collections.unmodifiableList(jvms);
  }

  /** Attaches to {@code pid}; the message of a failure is the Attach API's own. */
  static Target attach(long pid) throws IOException {
    try {
      return new Target(
          virtualMachine().getMethod("attach", String.class).invoke(null, Long.toString(pid)));
    } catch (InvocationTargetException e) {
      throw new IOException(describe(e.getCause()), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IOException(describe(e), e);
    }
  }

  private static Class<?> virtualMachine() throws IOException {
    try {
      return Class.forName(VIRTUAL_MACHINE);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IOException(
          "the Attach API is not in this Java runtime ("
              + System.getProperty("java.home")
              + "): run the command with a JDK's java (Java 9+: module jdk.attach; Java 8: java -cp"
              + " jmxprom-javaagent.jar:$JAVA_HOME/lib/tools.jar"
              + " io.github.jmxprom.javaagent.JmxPromAgent ...)",
          e);
    }
  }

  static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  static long parsePid(String id) {
    try {
      return Long.parseLong(id.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** This JVM's pid; "pid@host" is the runtime name on every JVM that has one (Java 8 too). */
  static long ownPid() {
    String name = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
    int at = name.indexOf('@');
    return at < 0 ? -1 : parsePid(name.substring(0, at));
  }
}
