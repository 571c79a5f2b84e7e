package io.github.jmxprom.runtime.jvm;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServerConnection;

/**
 * JVM and process metrics of the JVM behind an {@link MBeanServerConnection}, read only through
 * that connection's platform MXBeans: the platform MBeanServer in the java agent, a remote JVM in
 * the standalone scraper. With {@link JvmMetricNames#CURRENT} the families are those of client_java
 * 1.x {@code JvmMetrics} (names, labels, types, units, help); with {@link JvmMetricNames#LEGACY}
 * those of client_java 0.x {@code DefaultExports}. Differences, because only MXBeans are read: no
 * {@code process_resident_memory_bytes}, {@code process_virtual_memory_bytes} from {@code
 * CommittedVirtualMemorySize}, and {@code jvm_memory_pool_allocated_bytes_total} counting from the
 * first scrape of a connection. A family appears only when its MXBean attribute exists (no {@code
 * process_open_fds} on Windows).
 *
 * <p>A connection that fails (the supplier throws, or a read throws {@link IOException}) gives no
 * JVM metrics for that scrape; {@link #collect()} never throws. {@link #close()} removes the
 * garbage collection listener from the connection.
 *
 * <pre>{@code
 * MBeanServerConnection platform = ManagementFactory.getPlatformMBeanServer();
 * registry.register(
 *     JvmMetrics.builder().connection(() -> platform).names(JvmMetricNames.CURRENT).build());
 * }</pre>
 */
public final class JvmMetrics implements MultiCollector, Closeable {

  private static final Logger LOG = Logger.getLogger(JvmMetrics.class.getName());

  /** Family names (as client_java stores them: no {@code _total}, {@code _info}) in 0.x and 1.x. */
  private static final List<String> SHARED =
      Arrays.asList(
          "jvm_memory_objects_pending_finalization",
          "jvm_memory_pool_collection_used_bytes",
          "jvm_memory_pool_collection_committed_bytes",
          "jvm_memory_pool_collection_max_bytes",
          "jvm_memory_pool_collection_init_bytes",
          "jvm_memory_pool_allocated_bytes",
          "jvm_buffer_pool_used_bytes",
          "jvm_buffer_pool_capacity_bytes",
          "jvm_buffer_pool_used_buffers",
          "jvm_classes_currently_loaded",
          "jvm_classes_loaded",
          "jvm_classes_unloaded",
          "jvm_gc_collection_seconds",
          "jvm_threads_current",
          "jvm_threads_daemon",
          "jvm_threads_peak",
          "jvm_threads_started",
          "jvm_threads_deadlocked",
          "jvm_threads_deadlocked_monitor",
          "jvm_threads_state",
          "process_cpu_seconds",
          "process_start_time_seconds",
          "process_open_fds",
          "process_max_fds",
          "process_virtual_memory_bytes");

  /** Family names only client_java 1.x has. */
  private static final List<String> CURRENT_ONLY =
      Arrays.asList(
          "jvm_memory_used_bytes",
          "jvm_memory_committed_bytes",
          "jvm_memory_max_bytes",
          "jvm_memory_init_bytes",
          "jvm_memory_pool_used_bytes",
          "jvm_memory_pool_committed_bytes",
          "jvm_memory_pool_max_bytes",
          "jvm_memory_pool_init_bytes",
          "jvm_compilation_time_seconds",
          "jvm_native_memory_reserved_bytes",
          "jvm_native_memory_committed_bytes",
          "jvm_runtime");

  /** Family names only client_java 0.x has. */
  private static final List<String> LEGACY_ONLY =
      Arrays.asList(
          "jvm_memory_bytes_used",
          "jvm_memory_bytes_committed",
          "jvm_memory_bytes_max",
          "jvm_memory_bytes_init",
          "jvm_memory_pool_bytes_used",
          "jvm_memory_pool_bytes_committed",
          "jvm_memory_pool_bytes_max",
          "jvm_memory_pool_bytes_init",
          "jvm");

  private final Supplier<MBeanServerConnection> connection;
  private final JvmMetricNames names;
  private final AllocationMetrics allocation = new AllocationMetrics();
  private final List<Section> sections = new ArrayList<>();

  private JvmMetrics(Builder builder) {
    this.connection = builder.connection;
    this.names = builder.names;
    MemoryMetrics memory = new MemoryMetrics(names);
    ThreadMetrics threads = new ThreadMetrics();
    ProcessMetrics process = new ProcessMetrics();
    sections.add(memory::areas);
    sections.add(memory::pools);
    sections.add(allocation::read);
    sections.add(new BufferPoolMetrics()::read);
    sections.add(new ClassLoadingMetrics()::read);
    sections.add(new GarbageCollectorMetrics()::read);
    sections.add(threads::counts);
    sections.add(threads::deadlocks);
    sections.add(threads::states);
    sections.add(new RuntimeInfoMetrics(names)::read);
    sections.add(process::startTime);
    sections.add(process::operatingSystem);
    if (names.includesCurrent()) {
      sections.add(new CompilationMetrics()::read);
      sections.add(new NativeMemoryMetrics()::read);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Every family name the collector may produce with these names, as client_java stores them
   * ({@code jvm_threads_started} for {@code jvm_threads_started_total}, {@code jvm_runtime} for
   * {@code jvm_runtime_info}): for the caller to keep other collectors off them.
   */
  public static Set<String> familyNames(JvmMetricNames names) {
    Set<String> result = new TreeSet<>(SHARED);
    if (names.includesCurrent()) {
      result.addAll(CURRENT_ONLY);
    }
    if (names.includesLegacy()) {
      result.addAll(LEGACY_ONLY);
    }
    return Collections.unmodifiableSet(result);
  }

  public JvmMetricNames getNames() {
    return names;
  }

  @Override
  public MetricSnapshots collect() {
    try {
      MBeanServerConnection current = connection.get();
      if (current == null) {
        return MetricSnapshots.of();
      }
      Families out = new Families();
      for (Section section : sections) {
        try {
          section.read(current, out);
        } catch (JMException | RuntimeException e) {
          LOG.log(Level.FINE, "jmxprom: part of the JVM metrics is not available", e);
        }
      }
      return out.build();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.FINE, "jmxprom: no JVM metrics this scrape", e);
      return MetricSnapshots.of();
    }
  }

  /** Stops listening to garbage collections (the allocation counter stops growing). */
  @Override
  public void close() {
    allocation.stopListening();
  }

  /**
   * Configures {@link JvmMetrics}; {@link #connection} is required.
   *
   * <pre>{@code
   * JvmMetrics legacy =
   *     JvmMetrics.builder().connection(() -> connection).names(JvmMetricNames.LEGACY).build();
   * }</pre>
   */
  public static final class Builder {
    private Supplier<MBeanServerConnection> connection;
    private JvmMetricNames names = JvmMetricNames.CURRENT;

    private Builder() {}

    /**
     * Where to read from, asked at every scrape. It may throw (e.g. {@link
     * java.io.UncheckedIOException} while a remote JVM is down): that scrape has no JVM metrics.
     */
    public Builder connection(Supplier<MBeanServerConnection> connection) {
      this.connection = connection;
      return this;
    }

    /** Which family names to produce; {@link JvmMetricNames#CURRENT} unless set. */
    public Builder names(JvmMetricNames names) {
      this.names = names;
      return this;
    }

    public JvmMetrics build() {
      if (connection == null) {
        throw new IllegalStateException("JvmMetrics: connection(...) is required");
      }
      if (names == null) {
        throw new IllegalStateException("JvmMetrics: names must not be null");
      }
      return new JvmMetrics(this);
    }
  }
}
