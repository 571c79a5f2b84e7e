package io.github.jmxprom.it.app;

/**
 * The cheapest JVM to restart a hundred times: started with the JMX remote flags (the JDK's
 * management agent then serves the platform MBeans, {@code java.lang:type=Runtime} with its {@code
 * Pid} among them, before {@code main} runs), it prints {@code TARGET READY} and exits when its
 * standard input closes, so a test JVM that dies leaves no orphan behind.
 *
 * <pre>{@code
 * jvms.start(ChildJvm.app("target").mainClass(TinyTarget.class).jmxRemote(port));
 * }</pre>
 */
public final class TinyTarget {

  private TinyTarget() {}

  public static void main(String[] args) throws Exception {
    System.out.println("TARGET READY pid=" + ProcessHandle.current().pid());
    while (System.in.read() >= 0) {
      // discard
    }
    System.exit(0);
  }
}
