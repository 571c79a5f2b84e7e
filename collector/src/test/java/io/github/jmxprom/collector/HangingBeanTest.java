package io.github.jmxprom.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A getter that blocks does not block the scrape; the bean is skipped and read again later. Also
 * slow getters (under and over the bean timeout) and beans that come and go during a scrape.
 */
class HangingBeanTest {

  public interface ValueMBean {
    int getValue() throws InterruptedException;
  }

  public static final class Value implements ValueMBean {
    private final int value;
    private final CountDownLatch release;

    Value(int value, CountDownLatch release) {
      this.value = value;
      this.release = release;
    }

    @Override
    public int getValue() throws InterruptedException {
      if (release != null) {
        release.await();
      }
      return value;
    }
  }

  /** A getter that takes {@code millis} to answer, every time it is read. */
  public interface SlowMBean extends ValueMBean {}

  public static final class Slow implements SlowMBean {
    private final int value;
    private final long millis;

    Slow(int value, long millis) {
      this.value = value;
      this.millis = millis;
    }

    @Override
    public int getValue() throws InterruptedException {
      Thread.sleep(millis);
      return value;
    }
  }

  /**
   * A getter that, while it is read, unregisters {@code victims} that are still registered and
   * registers a newcomer: the walk then meets beans it listed that are gone.
   */
  public interface ChurnerMBean extends ValueMBean {}

  public static final class Churner implements ChurnerMBean {
    private final MBeanServer server;
    private final int value;
    private final List<ObjectName> victims;
    private final ObjectName newcomer;
    volatile boolean armed;

    Churner(MBeanServer server, int value, List<ObjectName> victims, ObjectName newcomer) {
      this.server = server;
      this.value = value;
      this.victims = victims;
      this.newcomer = newcomer;
    }

    @Override
    public int getValue() {
      if (armed) {
        for (ObjectName victim : victims) {
          try {
            server.unregisterMBean(victim);
          } catch (InstanceNotFoundException e) {
            // already gone
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
        try {
          if (!server.isRegistered(newcomer)) {
            server.registerMBean(new Value(value + 100, null), newcomer);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      return value;
    }
  }

  private final CountDownLatch release = new CountDownLatch(1);
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(new SimpleFormatter().formatMessage(record));
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  HangingBeanTest() {
    Logger.getLogger(HangGuard.class.getName()).addHandler(handler);
  }

  @AfterEach
  void releaseStuckGetters() {
    release.countDown();
    Logger.getLogger(HangGuard.class.getName()).removeHandler(handler);
  }

  @Test
  void aBlockingGetterCostsOneTimeoutAndTheOtherBeansAreServed() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    for (int i = 0; i < 5; i++) {
      server.registerMBean(new Value(i, null), new ObjectName("t:type=Fine,n=" + i));
    }
    server.registerMBean(new Value(99, release), new ObjectName("t:type=Hung"));
    JmxCollector collector =
        JmxCollector.builder()
            .configYaml("includeObjectNames: ['t:*']")
            .mbeanServer(server)
            .beanTimeout(300, TimeUnit.MILLISECONDS)
            .firstRetry(200, TimeUnit.MILLISECONDS)
            .build();

    long start = System.nanoTime();
    String first = Scrapes.text(collector.collect(), true);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(millis).as("one bean timeout, not forever").isLessThan(3000);
    assertThat(first)
        .contains("t_Fine_Value{n=\"4\"} 4.0")
        .doesNotContain("t_Hung_Value")
        .contains("jmx_scrape_bean_quarantined{objectname=\"t:type=Hung\"} 1.0")
        .contains("jmx_scrape_error 0.0");
    // The log names the bean and the timeout it missed, once.
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("t:type=Hung did not answer within 300 ms");

    // While it is quarantined (and its first reader is still stuck), scrapes do not wait for it.
    start = System.nanoTime();
    String second = Scrapes.text(collector.collect(), true);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(250);
    assertThat(second).contains("t_Fine_Value{n=\"0\"} 0.0").doesNotContain("t_Hung_Value");

    // It stops hanging: after the retry delay it is read and leaves quarantine.
    release.countDown();
    Thread.sleep(400);
    String recovered = Scrapes.text(collector.collect(), true);
    assertThat(recovered)
        .contains("t_Hung_Value 99.0")
        .doesNotContain("jmx_scrape_bean_quarantined");
  }

  @Test
  void threeGettersHangingForeverCostAThreadEachAndLeaveTheOtherBeansServed() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    for (int i = 0; i < 5; i++) {
      server.registerMBean(new Value(i, null), new ObjectName("t:type=Fine,n=" + i));
    }
    for (int i = 0; i < 3; i++) {
      server.registerMBean(new Value(90 + i, release), new ObjectName("t:type=Hung,n=" + i));
    }
    JmxCollector collector =
        JmxCollector.builder()
            .configYaml("includeObjectNames: ['t:*']")
            .mbeanServer(server)
            .beanTimeout(100, TimeUnit.MILLISECONDS)
            .firstRetry(1, TimeUnit.HOURS)
            .build();
    int cutShort = 0;
    for (int i = 0; i < 10; i++) {
      cutShort += Scrapes.text(collector.collect(), true).contains("jmx_scrape_error 1.0") ? 1 : 0;
    }
    // Each scrape waits through two timeouts at most, so the third hung bean is met in the second.
    assertThat(cutShort).isEqualTo(1);
    String text = Scrapes.text(collector.collect(), true);
    for (int i = 0; i < 5; i++) {
      assertThat(text).contains("t_Fine_Value{n=\"" + i + "\"} " + i + ".0");
    }
    assertThat(text).contains("jmx_scrape_error 0.0").doesNotContain("t_Hung_Value{");
    long stuck = scrapeThreadsAlive();
    assertThat(stuck).isLessThanOrEqualTo(3);
  }

  @Test
  void aBeanThatHangsForeverHoldsOneThreadHoweverOftenItsRetryComesDue() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    server.registerMBean(new Value(0, release), new ObjectName("t:type=Hung,n=0"));
    for (int i = 0; i < 3; i++) {
      server.registerMBean(new Value(i, null), new ObjectName("t:type=Fine,n=" + i));
    }
    long before = scrapeThreadsAlive();
    JmxCollector collector =
        JmxCollector.builder()
            .configYaml("includeObjectNames: ['t:*']")
            .mbeanServer(server)
            .beanTimeout(50, TimeUnit.MILLISECONDS)
            .firstRetry(1, TimeUnit.MILLISECONDS)
            .build();
    for (int i = 0; i < 20; i++) {
      String text = Scrapes.text(collector.collect(), true);
      assertThat(text).as("scrape " + i).contains("t_Fine_Value{n=\"2\"} 2.0");
      Thread.sleep(5); // past the retry time
    }
    assertThat(scrapeThreadsAlive() - before)
        .as("one stuck in the getter, at most one more still ending")
        .isLessThanOrEqualTo(2);
  }

  private static long scrapeThreadsAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("jmxprom-scrape-") && t.isAlive())
        .count();
  }

  @Test
  void threadsStuckInGettersAreBoundedWhateverTheNumberOfScrapes() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    for (int i = 0; i < 6; i++) {
      server.registerMBean(new Value(i, release), new ObjectName("t:type=Hung,n=" + i));
    }
    JmxCollector collector =
        JmxCollector.builder()
            .configYaml("includeObjectNames: ['t:*']")
            .mbeanServer(server)
            .beanTimeout(100, TimeUnit.MILLISECONDS)
            .firstRetry(50, TimeUnit.MILLISECONDS)
            .build();
    for (int i = 0; i < 10; i++) {
      String text = Scrapes.text(collector.collect(), true);
      assertThat(text).contains("jmx_scrape_duration_seconds");
    }
    long stuck = scrapeThreadsAlive();
    assertThat(stuck).isLessThanOrEqualTo(Scraper.MAX_STUCK_THREADS);
    String text = Scrapes.text(collector.collect(), true);
    assertThat(text).contains("jmx_scrape_error 1.0");
  }

  @Test
  void aSlowGetterUnderTheBeanTimeoutIsServedAndNotLogged() throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    server.registerMBean(new Slow(7, 50), new ObjectName("t:type=Slow"));
    server.registerMBean(new Value(1, null), new ObjectName("t:type=Fine"));
    JmxCollector collector =
        JmxCollector.builder()
            .configYaml("includeObjectNames: ['t:*']")
            .mbeanServer(server)
            .beanTimeout(10, TimeUnit.SECONDS)
            .build();
    for (int i = 0; i < 2; i++) {
      assertThat(Scrapes.text(collector.collect(), true))
          .as("scrape %d", i + 1)
          .contains("t_Slow_Value 7.0", "t_Fine_Value 1.0", "jmx_scrape_error 0.0")
          .contains("jmx_scrape_beans_failed 0.0")
          .doesNotContain("jmx_scrape_bean_quarantined");
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void aSlowGetterOverTheBeanTimeoutIsNamedInTheSelfMetricAndTheLogAndItsThreadComesBack()
      throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    server.registerMBean(new Slow(7, 1500), new ObjectName("t:type=Slow"));
    for (int i = 0; i < 3; i++) {
      server.registerMBean(new Value(i, null), new ObjectName("t:type=Fine,n=" + i));
    }
    long before = scrapeThreadsAlive();
    JmxCollector collector =
        JmxCollector.builder()
            .configYaml("includeObjectNames: ['t:*']")
            .mbeanServer(server)
            .beanTimeout(100, TimeUnit.MILLISECONDS)
            .firstRetry(1, TimeUnit.HOURS)
            .build();
    String first = Scrapes.text(collector.collect(), true);
    assertThat(first)
        .contains("t_Fine_Value{n=\"0\"} 0.0", "t_Fine_Value{n=\"2\"} 2.0")
        .doesNotContain("t_Slow_Value")
        .contains("jmx_scrape_bean_quarantined{objectname=\"t:type=Slow\"} 1.0")
        .contains("jmx_scrape_beans_failed 1.0")
        .contains("jmx_scrape_error 0.0");
    assertThat(warnings)
        .singleElement()
        .asString()
        .contains("t:type=Slow did not answer within 100 ms; skipped, next try in 3600 s");

    // Quarantined until its retry: the next scrape skips it, names it again, and logs nothing.
    String second = Scrapes.text(collector.collect(), true);
    assertThat(second)
        .contains("t_Fine_Value{n=\"1\"} 1.0", "jmx_scrape_error 0.0")
        .contains("jmx_scrape_bean_quarantined{objectname=\"t:type=Slow\"} 1.0")
        .doesNotContain("t_Slow_Value");
    assertThat(warnings).hasSize(1);

    // The getter answers at last: its thread ends (what it read is thrown away).
    awaitScrapeThreadsAtMost(before);
    assertThat(Scrapes.text(collector.collect(), true))
        .doesNotContain("t_Slow_Value")
        .contains("t_Fine_Value{n=\"2\"} 2.0", "jmx_scrape_error 0.0");
  }

  @Test
  void beansUnregisteredAndRegisteredDuringTheScrapeAreNotFailures() throws Exception {
    for (boolean warm : new boolean[] {false, true}) {
      MBeanServer server = MBeanServerFactory.newMBeanServer();
      for (int i = 0; i < 5; i++) {
        server.registerMBean(new Value(i, null), new ObjectName("t:type=Fine,n=" + i));
      }
      ObjectName a = new ObjectName("t:type=Churn,n=a");
      ObjectName b = new ObjectName("t:type=Churn,n=b");
      List<ObjectName> victims = new CopyOnWriteArrayList<>();
      for (int i = 0; i < 5; i++) {
        victims.add(new ObjectName("t:type=Victim,n=" + i));
        server.registerMBean(new Value(50 + i, null), victims.get(i));
      }
      // Whichever of the two is read first unregisters the other (and the victims not read yet):
      // the walk always meets at least one listed bean that is gone.
      List<ObjectName> forA = new CopyOnWriteArrayList<>(victims);
      forA.add(b);
      List<ObjectName> forB = new CopyOnWriteArrayList<>(victims);
      forB.add(a);
      Churner churnerA = new Churner(server, 1, forA, new ObjectName("t:type=New,n=a"));
      Churner churnerB = new Churner(server, 2, forB, new ObjectName("t:type=New,n=b"));
      server.registerMBean(churnerA, a);
      server.registerMBean(churnerB, b);
      JmxCollector collector =
          JmxCollector.builder()
              .configYaml("includeObjectNames: ['t:*']")
              .mbeanServer(server)
              .build();
      if (warm) {
        // Every bean described and its read plan cached: the gone bean is met by getAttributes.
        assertThat(Scrapes.text(collector.collect(), true))
            .contains("t_Churn_Value{n=\"a\"} 1.0", "t_Churn_Value{n=\"b\"} 2.0");
      }
      churnerA.armed = true;
      churnerB.armed = true;

      String during = Scrapes.text(collector.collect(), true);
      assertThat(during)
          .as("warm: %s", warm)
          .contains("jmx_scrape_error 0.0", "jmx_scrape_beans_failed 0.0")
          .doesNotContain("jmx_scrape_bean_quarantined");
      for (int i = 0; i < 5; i++) {
        assertThat(during).contains("t_Fine_Value{n=\"" + i + "\"} " + i + ".0");
      }
      boolean aServed = during.contains("t_Churn_Value{n=\"a\"} 1.0");
      boolean bServed = during.contains("t_Churn_Value{n=\"b\"} 2.0");
      assertThat(aServed ^ bServed).as("exactly one churner read\n%s", during).isTrue();
      assertThat(server.isRegistered(aServed ? b : a)).isFalse();

      // The next scrape serves the newcomer, none of the gone beans, and no error.
      String after = Scrapes.text(collector.collect(), true);
      assertThat(after)
          .contains("t_New_Value{n=\"" + (aServed ? "a" : "b") + "\"} " + (aServed ? 101 : 102))
          .doesNotContain("t_Victim_Value")
          .contains("jmx_scrape_error 0.0", "jmx_scrape_beans_failed 0.0");
      assertThat(warnings).isEmpty();
    }
  }

  /** Waits (at most 30 s, the getter takes 1.5 s) until no more scrape threads are alive. */
  private static void awaitScrapeThreadsAtMost(long count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (scrapeThreadsAlive() > count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(scrapeThreadsAlive()).as("scrape threads alive").isLessThanOrEqualTo(count);
  }
}
