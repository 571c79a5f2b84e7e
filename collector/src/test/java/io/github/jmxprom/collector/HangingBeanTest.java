package io.github.jmxprom.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A getter that blocks does not block the scrape; the bean is skipped and read again later. */
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

  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseStuckGetters() {
    release.countDown();
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
}
