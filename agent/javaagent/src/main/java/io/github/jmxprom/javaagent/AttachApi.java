package io.github.jmxprom.javaagent;

import io.github.jmxprom.runtime.LocalJvm;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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

  private AttachApi() {}

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
  static List<LocalJvm> list() throws IOException {
    return LocalJvm.list(virtualMachine());
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
}
