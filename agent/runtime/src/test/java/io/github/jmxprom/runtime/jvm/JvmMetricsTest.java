package io.github.jmxprom.runtime.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import org.junit.jupiter.api.Test;

/** JvmMetrics over platform-shaped fake MXBeans with fixed values: the exact output. */
class JvmMetricsTest {

  @Test
  void currentNamesAreThoseOfClientJava1() {
    assertThat(text(JvmMetricNames.CURRENT, FakeJvm.linux()))
        .isEqualTo(
            """
            # HELP jvm_buffer_pool_capacity_bytes Bytes capacity of a given JVM buffer pool.
            # TYPE jvm_buffer_pool_capacity_bytes gauge
            jvm_buffer_pool_capacity_bytes{pool="direct"} 81920.0
            jvm_buffer_pool_capacity_bytes{pool="mapped"} 0.0
            # HELP jvm_buffer_pool_used_buffers Used buffers of a given JVM buffer pool.
            # TYPE jvm_buffer_pool_used_buffers gauge
            jvm_buffer_pool_used_buffers{pool="direct"} 10.0
            jvm_buffer_pool_used_buffers{pool="mapped"} 0.0
            # HELP jvm_buffer_pool_used_bytes Used bytes of a given JVM buffer pool.
            # TYPE jvm_buffer_pool_used_bytes gauge
            jvm_buffer_pool_used_bytes{pool="direct"} 81920.0
            jvm_buffer_pool_used_bytes{pool="mapped"} 0.0
            # HELP jvm_classes_currently_loaded The number of classes that are currently loaded in the JVM
            # TYPE jvm_classes_currently_loaded gauge
            jvm_classes_currently_loaded 5000.0
            # HELP jvm_classes_loaded_total The total number of classes that have been loaded since the JVM has started execution
            # TYPE jvm_classes_loaded_total counter
            jvm_classes_loaded_total 5100.0
            # HELP jvm_classes_unloaded_total The total number of classes that have been unloaded since the JVM has started execution
            # TYPE jvm_classes_unloaded_total counter
            jvm_classes_unloaded_total 100.0
            # HELP jvm_compilation_time_seconds_total The total time in seconds taken for HotSpot class compilation
            # TYPE jvm_compilation_time_seconds_total counter
            jvm_compilation_time_seconds_total 12.345
            # HELP jvm_gc_collection_seconds Time spent in a given JVM garbage collector in seconds.
            # TYPE jvm_gc_collection_seconds summary
            jvm_gc_collection_seconds_count{gc="G1 Old Generation"} 0
            jvm_gc_collection_seconds_sum{gc="G1 Old Generation"} 0.0
            jvm_gc_collection_seconds_count{gc="G1 Young Generation"} 12
            jvm_gc_collection_seconds_sum{gc="G1 Young Generation"} 0.345
            # HELP jvm_memory_committed_bytes Committed (bytes) of a given JVM memory area.
            # TYPE jvm_memory_committed_bytes gauge
            jvm_memory_committed_bytes{area="heap"} 2.01326592E8
            jvm_memory_committed_bytes{area="nonheap"} 5.8720256E7
            # HELP jvm_memory_init_bytes Initial bytes of a given JVM memory area.
            # TYPE jvm_memory_init_bytes gauge
            jvm_memory_init_bytes{area="heap"} 2.68435456E8
            jvm_memory_init_bytes{area="nonheap"} 7667712.0
            # HELP jvm_memory_max_bytes Max (bytes) of a given JVM memory area.
            # TYPE jvm_memory_max_bytes gauge
            jvm_memory_max_bytes{area="heap"} 1.073741824E9
            jvm_memory_max_bytes{area="nonheap"} -1.0
            # HELP jvm_memory_objects_pending_finalization The number of objects waiting in the finalizer queue.
            # TYPE jvm_memory_objects_pending_finalization gauge
            jvm_memory_objects_pending_finalization 0.0
            # HELP jvm_memory_pool_collection_committed_bytes Committed after last collection bytes of a given JVM memory pool.
            # TYPE jvm_memory_pool_collection_committed_bytes gauge
            jvm_memory_pool_collection_committed_bytes{pool="G1 Eden Space"} 1.048576E8
            # HELP jvm_memory_pool_collection_init_bytes Initial after last collection bytes of a given JVM memory pool.
            # TYPE jvm_memory_pool_collection_init_bytes gauge
            jvm_memory_pool_collection_init_bytes{pool="G1 Eden Space"} 2.7262976E7
            # HELP jvm_memory_pool_collection_max_bytes Max bytes after last collection of a given JVM memory pool.
            # TYPE jvm_memory_pool_collection_max_bytes gauge
            jvm_memory_pool_collection_max_bytes{pool="G1 Eden Space"} -1.0
            # HELP jvm_memory_pool_collection_used_bytes Used bytes after last collection of a given JVM memory pool.
            # TYPE jvm_memory_pool_collection_used_bytes gauge
            jvm_memory_pool_collection_used_bytes{pool="G1 Eden Space"} 0.0
            # HELP jvm_memory_pool_committed_bytes Committed bytes of a given JVM memory pool.
            # TYPE jvm_memory_pool_committed_bytes gauge
            jvm_memory_pool_committed_bytes{pool="G1 Eden Space"} 1.048576E8
            jvm_memory_pool_committed_bytes{pool="Metaspace"} 3.2505856E7
            # HELP jvm_memory_pool_init_bytes Initial bytes of a given JVM memory pool.
            # TYPE jvm_memory_pool_init_bytes gauge
            jvm_memory_pool_init_bytes{pool="G1 Eden Space"} 2.7262976E7
            jvm_memory_pool_init_bytes{pool="Metaspace"} 0.0
            # HELP jvm_memory_pool_max_bytes Max bytes of a given JVM memory pool.
            # TYPE jvm_memory_pool_max_bytes gauge
            jvm_memory_pool_max_bytes{pool="G1 Eden Space"} -1.0
            jvm_memory_pool_max_bytes{pool="Metaspace"} -1.0
            # HELP jvm_memory_pool_used_bytes Used bytes of a given JVM memory pool.
            # TYPE jvm_memory_pool_used_bytes gauge
            jvm_memory_pool_used_bytes{pool="G1 Eden Space"} 5.0331648E7
            jvm_memory_pool_used_bytes{pool="Metaspace"} 3.145728E7
            # HELP jvm_memory_used_bytes Used bytes of a given JVM memory area.
            # TYPE jvm_memory_used_bytes gauge
            jvm_memory_used_bytes{area="heap"} 1.048576E8
            jvm_memory_used_bytes{area="nonheap"} 5.24288E7
            # HELP jvm_runtime_info JVM runtime info
            # TYPE jvm_runtime_info gauge
            jvm_runtime_info{runtime="OpenJDK Runtime Environment",vendor="Eclipse Adoptium",version="17.0.15+6"} 1
            # HELP jvm_threads_current Current thread count of a JVM
            # TYPE jvm_threads_current gauge
            jvm_threads_current 20.0
            # HELP jvm_threads_daemon Daemon thread count of a JVM
            # TYPE jvm_threads_daemon gauge
            jvm_threads_daemon 15.0
            # HELP jvm_threads_deadlocked Cycles of JVM-threads that are in deadlock waiting to acquire object monitors or ownable synchronizers
            # TYPE jvm_threads_deadlocked gauge
            jvm_threads_deadlocked 2.0
            # HELP jvm_threads_deadlocked_monitor Cycles of JVM-threads that are in deadlock waiting to acquire object monitors
            # TYPE jvm_threads_deadlocked_monitor gauge
            jvm_threads_deadlocked_monitor 0.0
            # HELP jvm_threads_peak Peak thread count of a JVM
            # TYPE jvm_threads_peak gauge
            jvm_threads_peak 22.0
            # HELP jvm_threads_started_total Started thread count of a JVM
            # TYPE jvm_threads_started_total counter
            jvm_threads_started_total 40.0
            # HELP jvm_threads_state Current count of threads by state
            # TYPE jvm_threads_state gauge
            jvm_threads_state{state="BLOCKED"} 0.0
            jvm_threads_state{state="NEW"} 0.0
            jvm_threads_state{state="RUNNABLE"} 1.0
            jvm_threads_state{state="TERMINATED"} 0.0
            jvm_threads_state{state="TIMED_WAITING"} 1.0
            jvm_threads_state{state="UNKNOWN"} 1.0
            jvm_threads_state{state="WAITING"} 1.0
            # HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
            # TYPE process_cpu_seconds_total counter
            process_cpu_seconds_total 12.5
            # HELP process_max_fds Maximum number of open file descriptors.
            # TYPE process_max_fds gauge
            process_max_fds 1048576.0
            # HELP process_open_fds Number of open file descriptors.
            # TYPE process_open_fds gauge
            process_open_fds 42.0
            # HELP process_start_time_seconds Start time of the process since unix epoch in seconds.
            # TYPE process_start_time_seconds gauge
            process_start_time_seconds 1.700000000123E9
            # HELP process_virtual_memory_bytes Virtual memory size in bytes.
            # TYPE process_virtual_memory_bytes gauge
            process_virtual_memory_bytes 4.294967296E9
            """);
  }

  @Test
  void legacyNamesAreThoseOfClientJava0() {
    assertThat(text(JvmMetricNames.LEGACY, FakeJvm.linux()))
        .isEqualTo(
            """
            # HELP jvm_info VM version info
            # TYPE jvm_info gauge
            jvm_info{runtime="OpenJDK Runtime Environment",vendor="Eclipse Adoptium",version="17.0.15+6"} 1
            # HELP jvm_buffer_pool_capacity_bytes Bytes capacity of a given JVM buffer pool.
            # TYPE jvm_buffer_pool_capacity_bytes gauge
            jvm_buffer_pool_capacity_bytes{pool="direct"} 81920.0
            jvm_buffer_pool_capacity_bytes{pool="mapped"} 0.0
            # HELP jvm_buffer_pool_used_buffers Used buffers of a given JVM buffer pool.
            # TYPE jvm_buffer_pool_used_buffers gauge
            jvm_buffer_pool_used_buffers{pool="direct"} 10.0
            jvm_buffer_pool_used_buffers{pool="mapped"} 0.0
            # HELP jvm_buffer_pool_used_bytes Used bytes of a given JVM buffer pool.
            # TYPE jvm_buffer_pool_used_bytes gauge
            jvm_buffer_pool_used_bytes{pool="direct"} 81920.0
            jvm_buffer_pool_used_bytes{pool="mapped"} 0.0
            # HELP jvm_classes_currently_loaded The number of classes that are currently loaded in the JVM
            # TYPE jvm_classes_currently_loaded gauge
            jvm_classes_currently_loaded 5000.0
            # HELP jvm_classes_loaded_total The total number of classes that have been loaded since the JVM has started execution
            # TYPE jvm_classes_loaded_total counter
            jvm_classes_loaded_total 5100.0
            # HELP jvm_classes_unloaded_total The total number of classes that have been unloaded since the JVM has started execution
            # TYPE jvm_classes_unloaded_total counter
            jvm_classes_unloaded_total 100.0
            # HELP jvm_gc_collection_seconds Time spent in a given JVM garbage collector in seconds.
            # TYPE jvm_gc_collection_seconds summary
            jvm_gc_collection_seconds_count{gc="G1 Old Generation"} 0
            jvm_gc_collection_seconds_sum{gc="G1 Old Generation"} 0.0
            jvm_gc_collection_seconds_count{gc="G1 Young Generation"} 12
            jvm_gc_collection_seconds_sum{gc="G1 Young Generation"} 0.345
            # HELP jvm_memory_bytes_committed Committed (bytes) of a given JVM memory area.
            # TYPE jvm_memory_bytes_committed gauge
            jvm_memory_bytes_committed{area="heap"} 2.01326592E8
            jvm_memory_bytes_committed{area="nonheap"} 5.8720256E7
            # HELP jvm_memory_bytes_init Initial bytes of a given JVM memory area.
            # TYPE jvm_memory_bytes_init gauge
            jvm_memory_bytes_init{area="heap"} 2.68435456E8
            jvm_memory_bytes_init{area="nonheap"} 7667712.0
            # HELP jvm_memory_bytes_max Max (bytes) of a given JVM memory area.
            # TYPE jvm_memory_bytes_max gauge
            jvm_memory_bytes_max{area="heap"} 1.073741824E9
            jvm_memory_bytes_max{area="nonheap"} -1.0
            # HELP jvm_memory_bytes_used Used bytes of a given JVM memory area.
            # TYPE jvm_memory_bytes_used gauge
            jvm_memory_bytes_used{area="heap"} 1.048576E8
            jvm_memory_bytes_used{area="nonheap"} 5.24288E7
            # HELP jvm_memory_objects_pending_finalization The number of objects waiting in the finalizer queue.
            # TYPE jvm_memory_objects_pending_finalization gauge
            jvm_memory_objects_pending_finalization 0.0
            # HELP jvm_memory_pool_bytes_committed Committed bytes of a given JVM memory pool.
            # TYPE jvm_memory_pool_bytes_committed gauge
            jvm_memory_pool_bytes_committed{pool="G1 Eden Space"} 1.048576E8
            jvm_memory_pool_bytes_committed{pool="Metaspace"} 3.2505856E7
            # HELP jvm_memory_pool_bytes_init Initial bytes of a given JVM memory pool.
            # TYPE jvm_memory_pool_bytes_init gauge
            jvm_memory_pool_bytes_init{pool="G1 Eden Space"} 2.7262976E7
            jvm_memory_pool_bytes_init{pool="Metaspace"} 0.0
            # HELP jvm_memory_pool_bytes_max Max bytes of a given JVM memory pool.
            # TYPE jvm_memory_pool_bytes_max gauge
            jvm_memory_pool_bytes_max{pool="G1 Eden Space"} -1.0
            jvm_memory_pool_bytes_max{pool="Metaspace"} -1.0
            # HELP jvm_memory_pool_bytes_used Used bytes of a given JVM memory pool.
            # TYPE jvm_memory_pool_bytes_used gauge
            jvm_memory_pool_bytes_used{pool="G1 Eden Space"} 5.0331648E7
            jvm_memory_pool_bytes_used{pool="Metaspace"} 3.145728E7
            # HELP jvm_memory_pool_collection_committed_bytes Committed after last collection bytes of a given JVM memory pool.
            # TYPE jvm_memory_pool_collection_committed_bytes gauge
            jvm_memory_pool_collection_committed_bytes{pool="G1 Eden Space"} 1.048576E8
            # HELP jvm_memory_pool_collection_init_bytes Initial after last collection bytes of a given JVM memory pool.
            # TYPE jvm_memory_pool_collection_init_bytes gauge
            jvm_memory_pool_collection_init_bytes{pool="G1 Eden Space"} 2.7262976E7
            # HELP jvm_memory_pool_collection_max_bytes Max bytes after last collection of a given JVM memory pool.
            # TYPE jvm_memory_pool_collection_max_bytes gauge
            jvm_memory_pool_collection_max_bytes{pool="G1 Eden Space"} -1.0
            # HELP jvm_memory_pool_collection_used_bytes Used bytes after last collection of a given JVM memory pool.
            # TYPE jvm_memory_pool_collection_used_bytes gauge
            jvm_memory_pool_collection_used_bytes{pool="G1 Eden Space"} 0.0
            # HELP jvm_threads_current Current thread count of a JVM
            # TYPE jvm_threads_current gauge
            jvm_threads_current 20.0
            # HELP jvm_threads_daemon Daemon thread count of a JVM
            # TYPE jvm_threads_daemon gauge
            jvm_threads_daemon 15.0
            # HELP jvm_threads_deadlocked Cycles of JVM-threads that are in deadlock waiting to acquire object monitors or ownable synchronizers
            # TYPE jvm_threads_deadlocked gauge
            jvm_threads_deadlocked 2.0
            # HELP jvm_threads_deadlocked_monitor Cycles of JVM-threads that are in deadlock waiting to acquire object monitors
            # TYPE jvm_threads_deadlocked_monitor gauge
            jvm_threads_deadlocked_monitor 0.0
            # HELP jvm_threads_peak Peak thread count of a JVM
            # TYPE jvm_threads_peak gauge
            jvm_threads_peak 22.0
            # HELP jvm_threads_started_total Started thread count of a JVM
            # TYPE jvm_threads_started_total counter
            jvm_threads_started_total 40.0
            # HELP jvm_threads_state Current count of threads by state
            # TYPE jvm_threads_state gauge
            jvm_threads_state{state="BLOCKED"} 0.0
            jvm_threads_state{state="NEW"} 0.0
            jvm_threads_state{state="RUNNABLE"} 1.0
            jvm_threads_state{state="TERMINATED"} 0.0
            jvm_threads_state{state="TIMED_WAITING"} 1.0
            jvm_threads_state{state="UNKNOWN"} 1.0
            jvm_threads_state{state="WAITING"} 1.0
            # HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
            # TYPE process_cpu_seconds_total counter
            process_cpu_seconds_total 12.5
            # HELP process_max_fds Maximum number of open file descriptors.
            # TYPE process_max_fds gauge
            process_max_fds 1048576.0
            # HELP process_open_fds Number of open file descriptors.
            # TYPE process_open_fds gauge
            process_open_fds 42.0
            # HELP process_start_time_seconds Start time of the process since unix epoch in seconds.
            # TYPE process_start_time_seconds gauge
            process_start_time_seconds 1.700000000123E9
            # HELP process_virtual_memory_bytes Virtual memory size in bytes.
            # TYPE process_virtual_memory_bytes gauge
            process_virtual_memory_bytes 4.294967296E9
            """);
  }

  @Test
  void bothNamesProduceEachSharedFamilyOnce() {
    MetricSnapshots both = collect(JvmMetricNames.BOTH, FakeJvm.linux());
    Set<String> union = names(collect(JvmMetricNames.CURRENT, FakeJvm.linux()));
    union.addAll(names(collect(JvmMetricNames.LEGACY, FakeJvm.linux())));

    assertThat(names(both)).isEqualTo(union);
    assertThat(both.size()).isEqualTo(union.size());
  }

  @Test
  void everyProducedFamilyIsInFamilyNames() {
    for (JvmMetricNames naming : JvmMetricNames.values()) {
      MBeanServer server = FakeJvm.linux();
      FakeJvm.nativeMemory(server, NATIVE_MEMORY_SUMMARY);
      assertThat(JvmMetrics.familyNames(naming))
          .as(naming.name())
          .containsAll(names(collect(naming, server)));
    }
  }

  @Test
  void familyNamesOfBothAreTheUnion() {
    Set<String> union = new TreeSet<>(JvmMetrics.familyNames(JvmMetricNames.CURRENT));
    union.addAll(JvmMetrics.familyNames(JvmMetricNames.LEGACY));

    assertThat(JvmMetrics.familyNames(JvmMetricNames.BOTH)).isEqualTo(union);
    assertThat(JvmMetrics.familyNames(JvmMetricNames.CURRENT))
        .contains("jvm_runtime", "jvm_threads_started", "jvm_memory_used_bytes")
        .doesNotContain("jvm", "jvm_memory_bytes_used");
    assertThat(JvmMetrics.familyNames(JvmMetricNames.LEGACY))
        .contains("jvm", "jvm_threads_started", "jvm_memory_bytes_used")
        .doesNotContain("jvm_runtime", "jvm_compilation_time_seconds");
  }

  @Test
  void withoutFileDescriptorAttributesThereAreNoFdFamilies() {
    Set<String> windows = names(collect(JvmMetricNames.CURRENT, FakeJvm.windows()));

    assertThat(windows)
        .contains("process_cpu_seconds", "process_start_time_seconds")
        .doesNotContain("process_open_fds", "process_max_fds", "process_virtual_memory_bytes");
  }

  @Test
  void nativeMemoryComesFromTheDiagnosticCommand() {
    MBeanServer server = FakeJvm.linux();
    FakeJvm.nativeMemory(server, NATIVE_MEMORY_SUMMARY);

    String text = text(JvmMetricNames.CURRENT, server);

    assertThat(text.lines().filter(line -> line.contains("jvm_native_memory")))
        .containsExactly(
            "# HELP jvm_native_memory_committed_bytes Committed bytes of a given JVM. Committed"
                + " memory represents the amount of memory the JVM is using right now.",
            "# TYPE jvm_native_memory_committed_bytes gauge",
            "jvm_native_memory_committed_bytes{pool=\"Class\"} 1779175.0",
            "jvm_native_memory_committed_bytes{pool=\"Java Heap\"} 4.06847488E8",
            "jvm_native_memory_committed_bytes{pool=\"Metaspace\"} 1.0133056E7",
            "jvm_native_memory_committed_bytes{pool=\"Native Memory Tracking\"} 1155424.0",
            "jvm_native_memory_committed_bytes{pool=\"Total\"} 5.02553352E8",
            "# HELP jvm_native_memory_reserved_bytes Reserved bytes of a given JVM. Reserved memory"
                + " represents the total amount of memory the JVM can potentially use.",
            "# TYPE jvm_native_memory_reserved_bytes gauge",
            "jvm_native_memory_reserved_bytes{pool=\"Class\"} 1.074013671E9",
            "jvm_native_memory_reserved_bytes{pool=\"Java Heap\"} 6.320816128E9",
            "jvm_native_memory_reserved_bytes{pool=\"Metaspace\"} 6.7149376E7",
            "jvm_native_memory_reserved_bytes{pool=\"Native Memory Tracking\"} 1155424.0",
            "jvm_native_memory_reserved_bytes{pool=\"Total\"} 8.03472052E9");
  }

  @Test
  void nativeMemoryTrackingOffIsAskedOncePerConnection() {
    MBeanServer server = FakeJvm.linux();
    AtomicInteger calls = FakeJvm.nativeMemory(server, "\nNative memory tracking is not enabled\n");
    JvmMetrics metrics = JvmMetrics.builder().connection(() -> server).build();

    MetricSnapshots first = metrics.collect();
    metrics.collect();

    assertThat(names(first)).noneMatch(name -> name.startsWith("jvm_native_memory"));
    assertThat(calls).hasValue(1);
  }

  @Test
  void anMBeanServerWithoutPlatformBeansGivesNoFamilies() {
    assertThat(collect(JvmMetricNames.BOTH, MBeanServerFactory.newMBeanServer())).isEmpty();
  }

  @Test
  void aConnectionSupplierThatThrowsGivesNoFamilies() {
    JvmMetrics metrics =
        JvmMetrics.builder()
            .connection(
                () -> {
                  throw new UncheckedIOException(new IOException("target is down"));
                })
            .build();

    assertThat(metrics.collect()).isEmpty();
  }

  @Test
  void aConnectionThatBreaksGivesNoFamilies() {
    MBeanServerConnection broken =
        connection(
            FakeJvm.linux(),
            (method, args) -> {
              throw new IOException("connection reset");
            });

    assertThat(collect(JvmMetricNames.CURRENT, broken)).isEmpty();
  }

  @Test
  void aConnectionThatBreaksHalfwayGivesNoFamilies() {
    MBeanServer server = FakeJvm.linux();
    MBeanServerConnection breaksAtThreads =
        connection(
            server,
            (method, args) -> {
              if (String.valueOf(args[0]).equals("java.lang:type=Threading")) {
                throw new IOException("connection reset");
              }
              return method.invoke(server, args);
            });

    assertThat(collect(JvmMetricNames.CURRENT, breaksAtThreads)).isEmpty();
  }

  @Test
  void aReadOnlyUserGetsEverythingButTheOperationBasedFamilies() {
    MBeanServer server = FakeJvm.linux();
    FakeJvm.nativeMemory(server, NATIVE_MEMORY_SUMMARY);
    MBeanServerConnection readOnly =
        connection(
            server,
            (method, args) -> {
              if (method.getName().equals("invoke")) {
                throw new SecurityException(
                    "Access denied! Invalid access level for requested"
                        + " MBeanServer operation.");
              }
              return method.invoke(server, args);
            });

    Set<String> all = names(collect(JvmMetricNames.CURRENT, FakeJvm.linux()));
    Set<String> readable = names(collect(JvmMetricNames.CURRENT, readOnly));

    all.removeAll(readable);
    assertThat(all)
        .containsExactlyInAnyOrder(
            "jvm_threads_deadlocked", "jvm_threads_deadlocked_monitor", "jvm_threads_state");
  }

  @Test
  void allocationCountsGrowthBetweenAndDuringCollections() {
    AllocationMetrics allocation = new AllocationMetrics();

    allocation.count("G1 Eden Space", 100, 0); // 100 allocated before the first collection
    allocation.count("G1 Eden Space", 80, 0); // 80 more since then
    allocation.count("G1 Old Gen", 50, 70); // 50 before, 20 promoted during
    allocation.count("G1 Old Gen", 60, 65); // shrank in between: only the 5 during

    Families out = new Families();
    try {
      allocation.read(MBeanServerFactory.newMBeanServer(), out);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(text(out.build()))
        .isEqualTo(
            """
            # HELP jvm_memory_pool_allocated_bytes_total Total bytes allocated in a given JVM \
            memory pool. Only updated after GC, not continuously.
            # TYPE jvm_memory_pool_allocated_bytes_total counter
            jvm_memory_pool_allocated_bytes_total{pool="G1 Eden Space"} 180.0
            jvm_memory_pool_allocated_bytes_total{pool="G1 Old Gen"} 75.0
            """);
  }

  /** Part of a real {@code vmNativeMemory summary scale=B} answer (JDK 17). */
  static final String NATIVE_MEMORY_SUMMARY =
      """

      Native Memory Tracking:

      Total: reserved=8034720520, committed=502553352
             malloc: 14351112 #71237
             mmap:   reserved=8020369408, committed=488202240

      -                 Java Heap (reserved=6320816128, committed=406847488)
                                  (mmap: reserved=6320816128, committed=406847488)

      -                     Class (reserved=1074013671, committed=1779175)
                                  (classes #3075)
                                  (  instance classes #2773, array classes #302)
                                  (malloc=272991 #4981) (peak=273055 #4981)
                                  (mmap: reserved=1073741824, committed=1507328)
                                  (  Metadata:   )
                                  (    reserved=67108864, committed=10223616)
                                  (    used=10079784)
                                  (  Class space:)
                                  (    reserved=1073741824, committed=1507328)

      -    Native Memory Tracking (reserved=1155424, committed=1155424)
                                  (malloc=15744 #260) (at peak)
                                  (tracking overhead=1139680)

      -                 Metaspace (reserved=67149376, committed=10133056)
                                  (malloc=40512 #36) (at peak)
                                  (mmap: reserved=67108864, committed=10092544)

      """;

  interface Handler {
    Object handle(java.lang.reflect.Method method, Object[] args) throws Throwable;
  }

  /** A connection to {@code server} whose calls go through {@code handler}. */
  static MBeanServerConnection connection(MBeanServer server, Handler handler) {
    return (MBeanServerConnection)
        Proxy.newProxyInstance(
            JvmMetricsTest.class.getClassLoader(),
            new Class<?>[] {MBeanServerConnection.class},
            (proxy, method, args) -> {
              try {
                return handler.handle(method, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  static String text(JvmMetricNames names, MBeanServerConnection server) {
    return text(collect(names, server));
  }

  static MetricSnapshots collect(JvmMetricNames names, MBeanServerConnection server) {
    return JvmMetrics.builder().connection(() -> server).names(names).build().collect();
  }

  static String text(MetricSnapshots snapshots) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, snapshots);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static Set<String> names(MetricSnapshots snapshots) {
    Set<String> names = new TreeSet<>();
    for (MetricSnapshot snapshot : snapshots) {
      names.add(snapshot.getMetadata().getName());
    }
    return names;
  }
}
