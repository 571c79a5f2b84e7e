package io.github.jmxprom.benchmarks.app;

import io.github.jmxprom.benchmarks.probe.Probe;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * The application the exporters scrape: a Kafka broker's and a Tomcat server's MBeans, about {@code
 * --mbeans} of them in all, plus the measuring probe on {@code --probe-port} with a {@code /tick}
 * handler that advances every value and replaces one "churn" topic (118 beans at 10 partitions) so
 * that the bean set changes between scrapes as it does when topics come and go, and a {@code
 * /floor} handler that measures what the MBeanServer alone costs per scrape ({@link MBeanFloor}).
 *
 * <pre>
 * java -cp jmxprom-benchmarks.jar io.github.jmxprom.benchmarks.app.TargetApp \
 *     --mbeans 10000 --partitions 10 --probe-port 19000
 * </pre>
 *
 * Prints {@code MAIN <ms>} (JVM start to the first line of main, so a java agent's premain is
 * included) and {@code READY <beans>} once every bean is registered. Runs until stopped.
 */
public final class TargetApp {

  /** Passes of {@link MBeanFloor} to warm up with, and as many measured. */
  private static final int FLOOR_PASSES = 5;

  private TargetApp() {}

  public static void main(String[] args) throws Exception {
    long mainAt = System.currentTimeMillis();
    int mbeans = 2000;
    int partitions = 10;
    int probePort = 0;
    boolean churn = true;
    boolean exitAfterMain = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--mbeans" -> mbeans = Integer.parseInt(args[++i]);
        case "--partitions" -> partitions = Integer.parseInt(args[++i]);
        case "--probe-port" -> probePort = Integer.parseInt(args[++i]);
        case "--no-churn" -> churn = false;
        case "--exit-after-main" -> exitAfterMain = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    System.out.println("MAIN " + (mainAt - ManagementFactory.getRuntimeMXBean().getStartTime()));
    if (exitAfterMain) {
      System.exit(0);
    }
    Registrar registrar = new Registrar(ManagementFactory.getPlatformMBeanServer());
    KafkaBroker broker = new KafkaBroker(registrar, partitions);
    long started = System.nanoTime();
    new TomcatServer(registrar).register(10, 5);
    broker.registerBroker();
    int perTopic = KafkaBroker.beansPerTopic(partitions);
    int topics = Math.max(1, (mbeans - registrar.registered()) / perTopic - (churn ? 1 : 0));
    for (int t = 0; t < topics; t++) {
      broker.registerTopic(String.format("t%05d.events", t));
    }
    Churn churner = new Churn(broker, churn);
    if (probePort > 0) {
      MBeanFloor floor = new MBeanFloor(ManagementFactory.getPlatformMBeanServer());
      Probe.start(
          probePort,
          Map.of(
              "/tick",
              exchange -> Probe.respond(exchange, "epoch " + churner.tick() + "\n"),
              "/floor",
              exchange -> Probe.respond(exchange, floor.measure(FLOOR_PASSES))));
    }
    System.out.println(
        "READY "
            + registrar.registered()
            + " beans ("
            + topics
            + " topics x "
            + partitions
            + " partitions) in "
            + (System.nanoTime() - started) / 1_000_000
            + " ms");
    Thread.currentThread().join(); // runs until the process is stopped
  }

  /** Advances the epoch and swaps the churn topic, in the same way in every target JVM. */
  private static final class Churn {
    private final KafkaBroker broker;
    private final boolean enabled;

    Churn(KafkaBroker broker, boolean enabled) {
      this.broker = broker;
      this.enabled = enabled;
      if (enabled) {
        broker.registerTopic(name(0));
      }
    }

    synchronized long tick() {
      long before = Values.epoch();
      Values.advance();
      if (enabled) {
        broker.unregisterTopic(name(before));
        broker.registerTopic(name(before + 1));
      }
      return Values.epoch();
    }

    private static String name(long epoch) {
      return String.format("churn-%05d", epoch);
    }
  }
}
