package io.github.jmxprom.standalone.probe;

import io.github.jmxprom.runtime.LocalJvm;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The JVMs on this host, through the Attach API ({@code com.sun.tools.attach}, module {@code
 * jdk.attach}). Called by reflection: the standalone jar is compiled for Java 8, whose {@code
 * --release 8} API has no {@code jdk.attach}, and a JRE without that module must still run
 * everything but {@code pid:} targets.
 *
 * <pre>{@code
 * for (LocalJvm jvm : LocalJvms.list()) {
 *   System.out.println(jvm.getPid() + " " + jvm.getMainClass());
 * }
 * String url = LocalJvms.connectorAddress(4242);   // service:jmx:rmi://127.0.0.1/stub/...
 * }</pre>
 */
public final class LocalJvms {

  private static final String VIRTUAL_MACHINE = "com.sun.tools.attach.VirtualMachine";

  private LocalJvms() {}

  /**
   * The JVMs of this user on this host, without the exporter's own, as the JDK's {@code jps} sees
   * them (nothing is attached to).
   *
   * @throws IOException when this Java runtime has no Attach API
   */
  public static List<LocalJvm> list() throws IOException {
    return LocalJvm.list(virtualMachine());
  }

  /**
   * Attaches to the JVM {@code pid}, starts its local management agent if it does not run yet
   * ({@code VirtualMachine.startLocalManagementAgent()}, Java 9+), detaches, and returns the JMX
   * service URL of that agent: a connector bound to the loopback interface, no JMX port needed.
   *
   * @throws IOException with a message saying what to change when attaching is not possible
   */
  public static String connectorAddress(long pid) throws IOException {
    Class<?> vmClass = virtualMachine();
    Method startAgent;
    try {
      startAgent = vmClass.getMethod("startLocalManagementAgent");
    } catch (NoSuchMethodException e) {
      throw new IOException(
          "pid: targets need Java 9 or newer for the exporter (this is "
              + System.getProperty("java.version")
              + ")",
          e);
    }
    if (!processExists(pid)) {
      // Said here, in the same words on every JDK: the Attach API's own text differs by version.
      throw new IOException(
          "cannot attach to pid "
              + pid
              + ": no such process (check the pid; `java -jar jmxprom-javaagent.jar list` lists"
              + " the local JVMs)");
    }
    Object vm;
    try {
      vm = vmClass.getMethod("attach", String.class).invoke(null, Long.toString(pid));
    } catch (ReflectiveOperationException e) {
      throw new IOException(
          "cannot attach to pid "
              + pid
              + ": "
              + cause(e)
              + " (the JVM must exist, run as the same user as the exporter, and allow attaching:"
              + " no -XX:+DisableAttachMechanism)",
          e);
    }
    try {
      return (String) startAgent.invoke(vm);
    } catch (ReflectiveOperationException e) {
      throw new IOException(
          "cannot start the local management agent in pid " + pid + ": " + cause(e), e);
    } finally {
      try {
        vmClass.getMethod("detach").invoke(vm);
      } catch (ReflectiveOperationException e) {
        // Detaching only ends the attach connection; the agent keeps running either way.
      }
    }
  }

  /**
   * Whether a process {@code pid} runs, by {@code ProcessHandle} (Java 9+, as pid: targets are; by
   * reflection because this jar is built for Java 8); true when that cannot be asked.
   */
  private static boolean processExists(long pid) {
    try {
      Class<?> handle = Class.forName("java.lang.ProcessHandle");
      Object found = handle.getMethod("of", long.class).invoke(null, pid);
      return (Boolean) found.getClass().getMethod("isPresent").invoke(found);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return true; // let the attach itself say what is wrong
    }
  }

  private static Class<?> virtualMachine() throws IOException {
    try {
      return Class.forName(VIRTUAL_MACHINE);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IOException(
          "the Attach API (module jdk.attach) is not in this Java runtime ("
              + System.getProperty("java.home")
              + "); run the exporter with a full JDK to reach pid: targets",
          e);
    }
  }

  private static String cause(ReflectiveOperationException e) {
    Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
