package io.github.jmxprom.it.app;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The application the integration tests put the agent on: {@code java ... App [seconds]}.
 *
 * <p>It registers {@link AppMBeans}, prints {@code APP READY}, then {@code APP ALIVE n} every 200
 * ms, so a test can prove that it keeps running, and returns from {@code main} after {@code
 * seconds} (default 60) with only daemon threads left: the JVM then exits unless something else
 * keeps it alive. It also exits when its standard input closes, so a test JVM that dies leaves no
 * orphan behind.
 */
public final class App {

  static final long HEARTBEAT_MILLIS = 200;

  /**
   * A JMX service URL the app connects to the usual way ({@code JMXConnectorFactory.connect(url)},
   * no environment), printing {@code APP JMX PROBE ok} or {@code APP JMX PROBE failed:
   * <exception>}: shows whether the JVM-wide JNDI settings let an ordinary remote JMX connection
   * through.
   */
  public static final String PROBE_PROPERTY = "it.app.probeJmx";

  /**
   * The first line {@code main} prints on stderr: whatever an agent printed before it was printed
   * during {@code premain}.
   */
  public static final String MAIN_STARTS = "APP MAIN STARTS";

  private App() {}

  public static void main(String[] args) throws Exception {
    run(seconds(args), () -> {});
  }

  /** The first argument, or 60. */
  static int seconds(String[] args) {
    return args.length > 0 ? Integer.parseInt(args[0]) : 60;
  }

  /** Registers the beans and beats for {@code seconds}, calling {@code onBeat} each time. */
  static void run(int seconds, Runnable onBeat) throws Exception {
    System.err.println(MAIN_STARTS);
    exitWhenStdinCloses();
    AppMBeans beans = AppMBeans.register(ManagementFactory.getPlatformMBeanServer());
    probeJmx(System.getProperty(PROBE_PROPERTY));
    System.out.println("APP READY pid=" + ProcessHandle.current().pid());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long n = 0;
    while (System.nanoTime() < deadline) {
      beans.beat();
      onBeat.run();
      System.out.println("APP ALIVE " + ++n);
      Thread.sleep(HEARTBEAT_MILLIS);
    }
    System.out.println("APP MAIN RETURNS");
  }

  private static void probeJmx(String url) {
    if (url == null) {
      return;
    }
    try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
      connector.getMBeanServerConnection().getMBeanCount();
      System.out.println("APP JMX PROBE ok");
    } catch (IOException | RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      System.out.println("APP JMX PROBE failed: " + e + " (root " + root + ")");
    }
  }

  private static void exitWhenStdinCloses() {
    Thread watcher =
        new Thread(
            () -> {
              try {
                InputStream in = System.in;
                while (in.read() >= 0) {
                  // discard
                }
              } catch (IOException e) {
                // closed as well
              }
              System.out.println("APP STDIN CLOSED");
              System.exit(0);
            },
            "app-stdin-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }
}
