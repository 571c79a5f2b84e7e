package io.github.jmxprom.runtime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One JVM on this host as the Attach API lists it: its pid and main class (or jar, as {@code jps
 * -l} shows it; empty when the JVM does not tell). The listing is shared by the agent jar's {@code
 * list} command and the standalone's {@code pid:} service discovery. The Attach API is called by
 * reflection, since both jars are compiled for Java 8 ({@code --release 8} has no {@code
 * jdk.attach}) and must run in runtimes without it; each caller looks up {@code
 * com.sun.tools.attach.VirtualMachine} itself, to say in its own words what to do when it is
 * missing.
 *
 * <pre>{@code
 * for (LocalJvm jvm : LocalJvm.list(Class.forName("com.sun.tools.attach.VirtualMachine"))) {
 *   System.out.println(jvm.getPid() + " " + jvm.getMainClass());
 * }
 * }</pre>
 */
public final class LocalJvm {

  private static final String DESCRIPTOR = "com.sun.tools.attach.VirtualMachineDescriptor";

  private final long pid;
  private final String mainClass;

  public LocalJvm(long pid, String mainClass) {
    this.pid = pid;
    this.mainClass = mainClass;
  }

  public long getPid() {
    return pid;
  }

  public String getMainClass() {
    return mainClass;
  }

  /**
   * The JVMs that {@code virtualMachine} ({@code com.sun.tools.attach.VirtualMachine}) lists, this
   * user's as {@code jps} shows them, without this one; nothing is attached to.
   *
   * @throws IOException when the Attach API cannot list them
   */
  public static List<LocalJvm> list(Class<?> virtualMachine) throws IOException {
    long self = ownPid();
    List<LocalJvm> jvms = new ArrayList<>();
    try {
      Class<?> descriptor = Class.forName(DESCRIPTOR);
      Method id = descriptor.getMethod("id");
      Method displayName = descriptor.getMethod("displayName");
      for (Object vm : (List<?>) virtualMachine.getMethod("list").invoke(null)) {
        long pid = parsePid((String) id.invoke(vm));
        if (pid > 0 && pid != self) {
          jvms.add(new LocalJvm(pid, mainClass((String) displayName.invoke(vm))));
        }
      }
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
      String message = cause.getMessage();
      throw new IOException(
          "cannot list the local JVMs: "
              + cause.getClass().getSimpleName()
              + (message == null ? "" : ": " + message),
          e);
    }
    return Collections.unmodifiableList(jvms);
  }

  /** The main class (or jar) of a JVM's display name: its first word. */
  static String mainClass(String displayName) {
    String name = displayName == null ? "" : displayName.trim();
    int space = name.indexOf(' ');
    return space < 0 ? name : name.substring(0, space);
  }

  /** A pid as the Attach API or a user writes it, or -1 when it is not a number. */
  public static long parsePid(String id) {
    try {
      return Long.parseLong(id.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** This JVM's pid; "pid@host" is the runtime name on every JVM that has one (Java 8 too). */
  static long ownPid() {
    String name = ManagementFactory.getRuntimeMXBean().getName();
    int at = name.indexOf('@');
    return at < 0 ? -1 : parsePid(name.substring(0, at));
  }
}
