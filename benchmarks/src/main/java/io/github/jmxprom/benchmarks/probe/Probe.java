package io.github.jmxprom.benchmarks.probe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The measuring probe: a tiny HTTP endpoint on 127.0.0.1 inside the measured JVM. It is either the
 * java agent {@code -javaagent:jmxprom-benchmarks.jar=PORT} (for the standalone exporters' JVMs) or
 * started by the target application itself. It registers no MBeans.
 *
 * <ul>
 *   <li>{@code GET /stats}: {@code cpu_ns} ({@code OperatingSystemMXBean.getProcessCpuTime()}:
 *       every thread, GC and JIT included, and threads that have ended, which matters because an
 *       exporter may read MBeans on a fresh thread per scrape; Linux counts it in 10 ms ticks, so
 *       single readings are coarse but differences are unbiased and their mean is exact enough),
 *       {@code alloc_bytes} (heap allocated since start, see {@link AllocationCounter}), {@code
 *       heap_used}, {@code gc_count}, {@code gc_ms}, {@code jit_ms} (JIT compilation time so far),
 *       {@code threads}, {@code uptime_ms}.
 *   <li>{@code GET /gc}: two full collections, then {@code heap_used} and {@code nonheap_used}.
 * </ul>
 *
 * One request at a time on one worker thread, so its own cost is the same for every reading and the
 * runner can subtract it.
 */
public final class Probe {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private final AllocationCounter allocation = new AllocationCounter();

  private Probe() {}

  /** {@code -javaagent:jmxprom-benchmarks.jar=PORT}. */
  public static void premain(String arguments, Instrumentation instrumentation) throws IOException {
    start(Integer.parseInt(arguments.trim()), Map.of());
  }

  /** Starts the endpoint with additional handlers (the target's {@code /tick}). */
  public static HttpServer start(int port, Map<String, HttpHandler> extra) throws IOException {
    Probe probe = new Probe();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    server.createContext("/stats", exchange -> respond(exchange, probe.stats()));
    server.createContext("/gc", exchange -> respond(exchange, afterGc()));
    extra.forEach(server::createContext);
    ExecutorService worker =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "bench-probe");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(worker);
    server.start();
    return server;
  }

  private String stats() {
    long gcCount = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    return "cpu_ns "
        + OS.getProcessCpuTime()
        + "\nalloc_bytes "
        + allocation.allocatedBytes()
        + "\nheap_used "
        + MEMORY.getHeapMemoryUsage().getUsed()
        + "\ngc_count "
        + gcCount
        + "\ngc_ms "
        + gcMillis
        + "\nthreads "
        + ManagementFactory.getThreadMXBean().getThreadCount()
        + "\njit_ms "
        + jitMillis()
        + "\nuptime_ms "
        + ManagementFactory.getRuntimeMXBean().getUptime()
        + "\nalloc_method "
        + allocation.method()
        + "\n";
  }

  /** Time the JIT compilers spent so far (0 where the JVM does not report it). */
  private static long jitMillis() {
    java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported()
        ? jit.getTotalCompilationTime()
        : 0;
  }

  private static String afterGc() {
    System.gc();
    System.gc();
    return "heap_used "
        + MEMORY.getHeapMemoryUsage().getUsed()
        + "\nnonheap_used "
        + MEMORY.getNonHeapMemoryUsage().getUsed()
        + "\n";
  }

  /** Writes a plain-text 200 answer. */
  public static void respond(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
