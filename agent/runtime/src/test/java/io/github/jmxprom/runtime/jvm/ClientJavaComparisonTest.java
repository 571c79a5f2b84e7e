package io.github.jmxprom.runtime.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our families against client_java 1.10's {@code JvmMetrics} in this very JVM, read from the
 * platform MBeanServer and through a JMX connector on 127.0.0.1.
 */
class ClientJavaComparisonTest {

  /**
   * Families client_java has that we leave out on purpose: resident memory is in no MXBean
   * (client_java reads this JVM's /proc/self/status).
   */
  static final Set<String> OMITTED = Set.of("process_resident_memory_bytes");

  private static Registry rmiRegistry;
  private static JMXConnectorServer connectorServer;
  private static JMXConnector connector;

  @BeforeAll
  static void startConnectorServer() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    rmiRegistry = LocateRegistry.createRegistry(port);
    JMXServiceURL url =
        new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
    connectorServer =
        JMXConnectorServerFactory.newJMXConnectorServer(
            url, null, ManagementFactory.getPlatformMBeanServer());
    connectorServer.start();
    connector = JMXConnectorFactory.connect(url);
  }

  @AfterAll
  static void stopConnectorServer() throws IOException {
    connector.close();
    connectorServer.stop();
    UnicastRemoteObject.unexportObject(rmiRegistry, true);
  }

  @Test
  void localFamiliesMatchClientJava() throws Exception {
    MBeanServerConnection platform = ManagementFactory.getPlatformMBeanServer();
    assertMatchesClientJava(() -> platform);
  }

  @Test
  void remoteFamiliesMatchClientJava() throws Exception {
    MBeanServerConnection remote = connector.getMBeanServerConnection();
    assertMatchesClientJava(() -> remote);
  }

  @Test
  void legacyAndBothProduceEveryFamilyOfTheirNames() throws Exception {
    MBeanServerConnection platform = ManagementFactory.getPlatformMBeanServer();
    for (JvmMetricNames naming : List.of(JvmMetricNames.LEGACY, JvmMetricNames.BOTH)) {
      JvmMetrics metrics = JvmMetrics.builder().connection(() -> platform).names(naming).build();
      MetricSnapshots ours = collectAfterGc(metrics);

      Set<String> expected = new TreeSet<>(JvmMetrics.familyNames(naming));
      // Native memory tracking is off in this test JVM.
      expected.removeAll(
          Set.of("jvm_native_memory_reserved_bytes", "jvm_native_memory_committed_bytes"));
      assertThat(JvmMetricsTest.names(ours)).as(naming.name()).isEqualTo(expected);
      metrics.close();
    }
  }

  @Test
  void legacyNamesAreThoseOfSimpleclientHotspot() {
    // simpleclient_hotspot 0.16 DefaultExports, as client_java 1.x stores the names.
    assertThat(JvmMetrics.familyNames(JvmMetricNames.LEGACY))
        .containsExactlyInAnyOrder(
            "jvm", // jvm_info{runtime,vendor,version}
            "jvm_buffer_pool_capacity_bytes",
            "jvm_buffer_pool_used_buffers",
            "jvm_buffer_pool_used_bytes",
            "jvm_classes_currently_loaded",
            "jvm_classes_loaded", // _total
            "jvm_classes_unloaded", // _total
            "jvm_gc_collection_seconds",
            "jvm_memory_bytes_committed",
            "jvm_memory_bytes_init",
            "jvm_memory_bytes_max",
            "jvm_memory_bytes_used",
            "jvm_memory_objects_pending_finalization",
            "jvm_memory_pool_allocated_bytes", // _total
            "jvm_memory_pool_bytes_committed",
            "jvm_memory_pool_bytes_init",
            "jvm_memory_pool_bytes_max",
            "jvm_memory_pool_bytes_used",
            "jvm_memory_pool_collection_committed_bytes",
            "jvm_memory_pool_collection_init_bytes",
            "jvm_memory_pool_collection_max_bytes",
            "jvm_memory_pool_collection_used_bytes",
            "jvm_threads_current",
            "jvm_threads_daemon",
            "jvm_threads_deadlocked",
            "jvm_threads_deadlocked_monitor",
            "jvm_threads_peak",
            "jvm_threads_started", // _total
            "jvm_threads_state",
            "process_cpu_seconds", // _total
            "process_max_fds",
            "process_open_fds",
            "process_start_time_seconds",
            "process_virtual_memory_bytes");
  }

  private static void assertMatchesClientJava(Supplier<MBeanServerConnection> connection)
      throws InterruptedException {
    PrometheusRegistry registry = new PrometheusRegistry();
    io.prometheus.metrics.instrumentation.jvm.JvmMetrics.builder().register(registry);
    JvmMetrics metrics = JvmMetrics.builder().connection(connection).build();

    MetricSnapshots ours = collectAfterGc(metrics);
    MetricSnapshots theirs = withData(registry.scrape());
    metrics.close();

    Map<String, String> expected = describe(theirs);
    expected.keySet().removeAll(OMITTED);
    assertThat(describe(ours)).isEqualTo(expected);

    for (String family :
        List.of(
            "jvm_memory_used_bytes",
            "jvm_memory_pool_used_bytes",
            "jvm_memory_pool_collection_used_bytes",
            "jvm_buffer_pool_used_bytes",
            "jvm_gc_collection_seconds",
            "jvm_threads_state",
            "jvm_runtime")) {
      assertThat(labels(ours, family)).as(family).isEqualTo(labels(theirs, family));
    }
    assertThat(value(ours, "jvm_classes_currently_loaded"))
        .isCloseTo(value(theirs, "jvm_classes_currently_loaded"), within(500.0));
    assertThat(value(ours, "jvm_threads_current"))
        .isCloseTo(value(theirs, "jvm_threads_current"), within(20.0));
    assertThat(value(ours, "process_start_time_seconds"))
        .isEqualTo(value(theirs, "process_start_time_seconds"));
    assertThat(value(ours, "process_max_fds")).isEqualTo(value(theirs, "process_max_fds"));
    assertThat(value(ours, "process_virtual_memory_bytes"))
        .isCloseTo(
            value(theirs, "process_virtual_memory_bytes"),
            within(0.1 * value(theirs, "process_virtual_memory_bytes")));
  }

  /**
   * Collects once so that the GC listener is in place, collects garbage, and waits until the
   * allocation counter has seen it (the connector fetches remote notifications asynchronously).
   */
  private static MetricSnapshots collectAfterGc(JvmMetrics metrics) throws InterruptedException {
    metrics.collect();
    List<byte[]> garbage = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      garbage.add(new byte[64 * 1024]);
    }
    garbage.clear();
    System.gc();
    long deadline = System.nanoTime() + 10_000_000_000L;
    MetricSnapshots snapshots = metrics.collect();
    while (!JvmMetricsTest.names(snapshots).contains("jvm_memory_pool_allocated_bytes")
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
      snapshots = metrics.collect();
    }
    return snapshots;
  }

  /** client_java registers families that have no data here (e.g. no GC seen yet): drop them. */
  private static MetricSnapshots withData(MetricSnapshots snapshots) {
    MetricSnapshots.Builder kept = MetricSnapshots.builder();
    for (MetricSnapshot snapshot : snapshots) {
      if (!snapshot.getDataPoints().isEmpty()) {
        kept.metricSnapshot(snapshot);
      }
    }
    return kept.build();
  }

  /** Family name to type, help, unit and label names. */
  private static Map<String, String> describe(MetricSnapshots snapshots) {
    Map<String, String> families = new TreeMap<>();
    for (MetricSnapshot snapshot : snapshots) {
      Set<String> labelNames = new TreeSet<>();
      for (DataPointSnapshot point : snapshot.getDataPoints()) {
        Set<String> names = new TreeSet<>();
        point.getLabels().forEach(label -> names.add(label.getName()));
        labelNames.add(names.toString());
      }
      families.put(
          snapshot.getMetadata().getName(),
          snapshot.getClass().getSimpleName()
              + " help="
              + snapshot.getMetadata().getHelp()
              + " unit="
              + snapshot.getMetadata().getUnit()
              + " labels="
              + labelNames);
    }
    return families;
  }

  private static Set<Labels> labels(MetricSnapshots snapshots, String family) {
    Set<Labels> labels = new TreeSet<>();
    for (DataPointSnapshot point : find(snapshots, family).getDataPoints()) {
      labels.add(point.getLabels());
    }
    return labels;
  }

  private static double value(MetricSnapshots snapshots, String family) {
    return ((GaugeSnapshot) find(snapshots, family)).getDataPoints().get(0).getValue();
  }

  private static MetricSnapshot find(MetricSnapshots snapshots, String family) {
    for (MetricSnapshot snapshot : snapshots) {
      if (snapshot.getMetadata().getName().equals(family)) {
        return snapshot;
      }
    }
    throw new AssertionError("no family " + family);
  }
}
