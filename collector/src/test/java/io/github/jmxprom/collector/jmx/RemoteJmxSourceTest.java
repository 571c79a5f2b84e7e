package io.github.jmxprom.collector.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.JmxCollector;
import io.github.jmxprom.collector.Scrapes;
import io.github.jmxprom.collector.testing.Beans;
import io.github.jmxprom.collector.testing.MapBean;
import io.github.jmxprom.collector.testing.TestMBeans;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnectionNotification;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.security.auth.Subject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reading a remote JVM ({@code hostPort:} / {@code jmxUrl:}) through a real RMI connector server in
 * this JVM, on 127.0.0.1: the output equals a local scrape of the same MBeanServer, credentials are
 * sent, failures are reported as {@code jmx_scrape_error 1}, and the connection is kept across
 * scrapes (jmx_exporter opens one per scrape) yet re-established when the target restarts.
 */
class RemoteJmxSourceTest {

  /**
   * Test beans whose values RMI cannot send (a class that is not Serializable, an Optional): read
   * remotely they lose those attributes, as with jmx_exporter, so they are left out where the
   * remote output is compared with the local one.
   */
  private static final List<String> NOT_SERIALIZABLE =
      List.of(
          "io.prometheus.jmx.test:type=unsupportedType",
          "io.prometheus.jmx.test:type=optionalValue");

  private static final String RULES =
      """
      excludeObjectNames: ["io.prometheus.jmx:type=autoIncrementing"]
      rules:
      - pattern: 'kafka.server<type=(.+), name=(.+)PerSec\\w*, topic=(.+)><>Count'
        name: kafka_server_$1_$2_total
        type: COUNTER
        labels:
          topic: "$3"
      - pattern: 'org.apache.cassandra.metrics<type=(\\w+), name=(\\w+)><>Value'
        name: cassandra_$1_$2
      - pattern: '.*'
      """;

  private final MBeanServer server = MBeanServerFactory.newMBeanServer();
  private final AtomicInteger connectionsOpened = new AtomicInteger();
  private final AtomicInteger authentications = new AtomicInteger();
  private final List<String> warnings = new ArrayList<>();
  private final Logger scraperLog = Logger.getLogger("io.github.jmxprom.collector.Scraper");
  private final Handler logCapture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          synchronized (warnings) {
            warnings.add(record.getLevel() + " " + record.getMessage());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private int port;
  private Registry registry;
  private JMXConnectorServer connectorServer;
  private final List<JmxCollector> collectors = new ArrayList<>();

  @BeforeEach
  void registerBeansAndStartRegistry() throws Exception {
    Beans beans = new Beans();
    TestMBeans.referenceSafe()
        .asMap()
        .forEach(
            (name, bean) -> {
              if (!NOT_SERIALIZABLE.contains(name)) {
                beans.add(name, bean);
              }
            });
    TestMBeans.register(server, beans);
    port = freePort();
    startRegistry(port);
    scraperLog.addHandler(logCapture);
  }

  @AfterEach
  void stopEverything() throws Exception {
    scraperLog.removeHandler(logCapture);
    for (JmxCollector collector : collectors) {
      collector.close();
    }
    stopConnectorServer();
    unexportRegistry();
  }

  @Test
  void hostPortScrapeEqualsTheLocalScrapeOfTheSameBeans() throws Exception {
    startConnectorServer(null);
    String local = Scrapes.text(RULES, server);
    assertThat(local).contains("kafka_server_BrokerTopicMetrics_MessagesIn_total{topic=\"t1\"}");

    MetricSnapshots remote = remote("hostPort: 127.0.0.1:" + port + "\n" + RULES).collect();

    assertThat(Scrapes.text(remote, false)).isEqualTo(local);
    assertThat(Scrapes.text(remote, true)).contains("\njmx_scrape_error 0.0\n");
  }

  @Test
  void jmxUrlScrapeEqualsTheLocalScrapeOfTheSameBeans() throws Exception {
    startConnectorServer(null);
    String local = Scrapes.text(RULES, server);

    MetricSnapshots remote = remote("jmxUrl: " + serviceUrl() + "\n" + RULES).collect();

    assertThat(Scrapes.text(remote, false)).isEqualTo(local);
  }

  @Test
  void credentialsFromTheConfigAreSent() throws Exception {
    startConnectorServer(new Credentials("monitor", "s3cret"));
    String yaml = "hostPort: 127.0.0.1:" + port + "\nusername: monitor\npassword: s3cret\n" + RULES;

    MetricSnapshots snapshots = remote(yaml).collect();

    assertThat(Scrapes.text(snapshots, false)).isEqualTo(Scrapes.text(RULES, server));
    assertThat(Scrapes.text(snapshots, true)).contains("\njmx_scrape_error 0.0\n");
    assertThat(authentications.get()).isEqualTo(1);
  }

  @Test
  void aWrongPasswordIsAScrapeErrorWithAClearLogMessage() throws Exception {
    startConnectorServer(new Credentials("monitor", "s3cret"));
    String yaml = "hostPort: 127.0.0.1:" + port + "\nusername: monitor\npassword: wrong\n" + RULES;

    MetricSnapshots snapshots = remote(yaml).collect();

    assertThat(Scrapes.text(snapshots, false)).isEmpty();
    assertThat(Scrapes.text(snapshots, true)).contains("\njmx_scrape_error 1.0\n");
    assertThat(warnings)
        .singleElement()
        .asString()
        .startsWith("WARNING ")
        .contains("127.0.0.1:" + port)
        .contains("authentication failed")
        .contains("check username and password");
  }

  @Test
  void theConnectionIsKeptAcrossScrapes() throws Exception {
    startConnectorServer(new Credentials("monitor", "s3cret"));
    JmxCollector collector =
        remote("hostPort: 127.0.0.1:" + port + "\nusername: monitor\npassword: s3cret\n" + RULES);
    String expected = Scrapes.text(RULES, server);

    for (int i = 0; i < 3; i++) {
      assertThat(Scrapes.text(collector.collect(), false))
          .as("scrape %d", i + 1)
          .isEqualTo(expected);
    }

    assertThat(connectionsOpened.get()).as("connections opened").isEqualTo(1);
    assertThat(authentications.get()).as("authentications").isEqualTo(1);
  }

  @Test
  void theConnectionIsReestablishedAfterTheServerRestarts() throws Exception {
    startConnectorServer(null);
    JmxCollector collector = remote("hostPort: 127.0.0.1:" + port + "\n" + RULES);
    String expected = Scrapes.text(RULES, server);
    assertThat(Scrapes.text(collector.collect(), false)).isEqualTo(expected);

    restartServer();

    boolean recovered = false;
    for (int i = 0; i < 2 && !recovered; i++) {
      recovered = Scrapes.text(collector.collect(), false).equals(expected);
    }
    assertThat(recovered).as("JMX metrics again within two scrapes of the restart").isTrue();
    assertThat(Scrapes.text(collector.collect(), true)).contains("\njmx_scrape_error 0.0\n");
    assertThat(connectionsOpened.get()).as("connections opened to the new server").isEqualTo(1);
  }

  @Test
  void aScrapeWhileTheServerIsDownFailsAndTheNextOneReconnects() throws Exception {
    startConnectorServer(null);
    JmxCollector collector = remote("hostPort: 127.0.0.1:" + port + "\n" + RULES);
    String expected = Scrapes.text(RULES, server);
    assertThat(Scrapes.text(collector.collect(), false)).isEqualTo(expected);

    stopConnectorServer();
    MetricSnapshots down = collector.collect();
    assertThat(Scrapes.text(down, false)).isEmpty();
    assertThat(Scrapes.text(down, true)).contains("\njmx_scrape_error 1.0\n");

    connectionsOpened.set(0);
    startConnectorServer(null);
    MetricSnapshots up = collector.collect();
    assertThat(Scrapes.text(up, false)).isEqualTo(expected);
    assertThat(Scrapes.text(up, true)).contains("\njmx_scrape_error 0.0\n");
    assertThat(connectionsOpened.get()).as("connections opened to the new server").isEqualTo(1);
    assertThat(warnings).as("one warning for the failed scrape").hasSize(1);
  }

  @Test
  void theFirstScrapeAfterAServerRestartAlreadySucceeds() throws Exception {
    // jmx_exporter connects for every scrape, so a restarted target costs it no scrape; keeping
    // the connection must not cost one either: a stale connection is replaced within the scrape.
    startConnectorServer(null);
    JmxCollector collector = remote("hostPort: 127.0.0.1:" + port + "\n" + RULES);
    String expected = Scrapes.text(RULES, server);
    assertThat(Scrapes.text(collector.collect(), false)).isEqualTo(expected);

    restartServer();

    MetricSnapshots first = collector.collect();
    assertThat(Scrapes.text(first, false)).isEqualTo(expected);
    assertThat(Scrapes.text(first, true)).contains("\njmx_scrape_error 0.0\n");
  }

  @Test
  void aTargetThatIsDownCostsNoBackOffAndTheFirstScrapeAfterItIsBackConnects() throws Exception {
    // A back-off would refuse the scrapes right after the target's return; the port is probed
    // (about a millisecond) at each scrape instead.
    unexportRegistry();
    port = freePort();
    JmxCollector collector = remote("hostPort: 127.0.0.1:" + port + "\n" + RULES);
    for (int i = 0; i < 3; i++) {
      assertThat(Scrapes.text(collector.collect(), true)).contains("\njmx_scrape_error 1.0\n");
    }

    startRegistry(port);
    startConnectorServer(null);
    MetricSnapshots back = collector.collect();

    assertThat(Scrapes.text(back, false)).isEqualTo(Scrapes.text(RULES, server));
    assertThat(warnings)
        .as("one warning while down")
        .singleElement()
        .asString()
        .contains("127.0.0.1:" + port + " does not answer");
  }

  @Test
  void aTargetWhoseRegistryAnswersBeforeItsConnectorIsBoundIsAskedAgainWithinTheScrape()
      throws Exception {
    // The JDK's management agent opens the port a moment before the registry holds "jmxrmi".
    JmxCollector collector = remote("hostPort: 127.0.0.1:" + port + "\n" + RULES);
    Thread agentStarting =
        new Thread(
            () -> {
              try {
                Thread.sleep(200);
                startConnectorServer(null);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    agentStarting.start();

    MetricSnapshots first = collector.collect();
    agentStarting.join();

    assertThat(Scrapes.text(first, true)).contains("\njmx_scrape_error 0.0\n");
    assertThat(Scrapes.text(first, false)).isEqualTo(Scrapes.text(RULES, server));
  }

  @Test
  void aWrongPasswordBacksOffInsteadOfAuthenticatingAtEveryScrape() throws Exception {
    startConnectorServer(new Credentials("monitor", "s3cret"));
    JmxCollector collector =
        remote("hostPort: 127.0.0.1:" + port + "\nusername: monitor\npassword: wrong\n" + RULES);

    for (int i = 0; i < 3; i++) {
      assertThat(Scrapes.text(collector.collect(), true)).contains("\njmx_scrape_error 1.0\n");
    }

    assertThat(authentications.get()).as("authentications within the first second").isOne();
  }

  @Test
  void aValueThatCannotBeSerialisedLosesOnlyItsAttribute() throws Exception {
    MBeanServer target = MBeanServerFactory.newMBeanServer();
    TestMBeans.register(
        target,
        new Beans()
            .add(
                "test.remote:type=Mixed",
                new MapBean().with("Good", 1).with("Opaque", new Opaque()).with("Later", 3L)));
    startConnectorServer(null, target);
    String local = Scrapes.text("{}", target);
    assertThat(local)
        .isEqualTo(
            """
            # HELP test_remote_Mixed_Good Attribute exposed for management test.remote:name=null,type=Mixed,attribute=Good
            # TYPE test_remote_Mixed_Good untyped
            test_remote_Mixed_Good 1.0
            # HELP test_remote_Mixed_Later Attribute exposed for management test.remote:name=null,type=Mixed,attribute=Later
            # TYPE test_remote_Mixed_Later untyped
            test_remote_Mixed_Later 3.0
            """);

    MetricSnapshots remote = remote("hostPort: 127.0.0.1:" + port + "\n").collect();

    assertThat(Scrapes.text(remote, false)).isEqualTo(local);
    assertThat(Scrapes.text(remote, true)).contains("\njmx_scrape_error 0.0\n");
  }

  // --- helpers ---

  /** A value that RMI cannot send: jmx_exporter's one-by-one fallback skips just this attribute. */
  static final class Opaque {
    @Override
    public String toString() {
      return "opaque";
    }
  }

  private record Credentials(String user, String password) {}

  private JmxCollector remote(String yaml) {
    JmxCollector collector = JmxCollector.builder().configYaml(yaml).build();
    collectors.add(collector);
    return collector;
  }

  private String serviceUrl() {
    return "service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi";
  }

  private void startConnectorServer(Credentials credentials) throws IOException {
    startConnectorServer(credentials, server);
  }

  private void startConnectorServer(Credentials credentials, MBeanServer target)
      throws IOException {
    Map<String, Object> env = new HashMap<>();
    if (credentials != null) {
      env.put(
          JMXConnectorServer.AUTHENTICATOR,
          (JMXAuthenticator)
              given -> {
                authentications.incrementAndGet();
                if (given instanceof String[] pair
                    && Arrays.equals(
                        pair, new String[] {credentials.user(), credentials.password()})) {
                  return new Subject();
                }
                throw new SecurityException("Invalid credentials");
              });
    }
    connectorServer =
        JMXConnectorServerFactory.newJMXConnectorServer(
            new JMXServiceURL(serviceUrl()), env, target);
    connectorServer.addNotificationListener(
        (notification, handback) -> {
          if (JMXConnectionNotification.OPENED.equals(notification.getType())) {
            connectionsOpened.incrementAndGet();
          }
        },
        null,
        null);
    connectorServer.start();
  }

  /**
   * Stops the connector server, closing every client connection, and starts a new one under the
   * same URL. (The RMI registry stays: the JDK does not free its port for a new registry in the
   * same JVM.)
   */
  private void restartServer() throws Exception {
    stopConnectorServer();
    connectionsOpened.set(0);
    startConnectorServer(null);
  }

  private void stopConnectorServer() throws IOException {
    if (connectorServer != null) {
      connectorServer.stop();
      connectorServer = null;
    }
  }

  private void startRegistry(int registryPort) throws IOException {
    registry = LocateRegistry.createRegistry(registryPort);
  }

  private void unexportRegistry() throws IOException {
    if (registry != null) {
      UnicastRemoteObject.unexportObject(registry, true);
      registry = null;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
