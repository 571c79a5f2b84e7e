package io.github.jmxprom.runtime.http;

import io.github.jmxprom.collector.config.HttpServerConfig;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that answer requests: {@code ThreadPoolExecutor(minimum, maximum, keepAliveTime s,
 * SynchronousQueue)} with daemon threads named {@code jmxprom-http-<n>}, as jmx_exporter sizes it.
 *
 * <p>When every thread is busy, the request is not queued and the server's dispatcher thread is not
 * blocked waiting: the dispatcher runs the exchange itself with {@link #isOverflow()} set, and
 * {@link ExchangeGuard} answers it at once with 503 before any authentication or scrape. That is
 * jmx_exporter's newer behaviour (it answers 429); its 1.x releases block the dispatcher instead.
 */
final class WorkerPool {

  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
  private static final ThreadLocal<Boolean> OVERFLOW = new ThreadLocal<>();

  private WorkerPool() {}

  static ThreadPoolExecutor create(HttpServerConfig.Threads threads) {
    return new ThreadPoolExecutor(
        threads.getMinimum(),
        threads.getMaximum(),
        threads.getKeepAliveTimeSeconds(),
        TimeUnit.SECONDS,
        new SynchronousQueue<Runnable>(true),
        daemonThreads("jmxprom-http-"),
        new RunOnCallerAsOverflow());
  }

  /** True while the current thread runs an exchange that found no free worker. */
  static boolean isOverflow() {
    return OVERFLOW.get() != null;
  }

  /** Daemon threads named {@code prefix + n}, numbered across all servers of this JVM. */
  static ThreadFactory daemonThreads(final String prefix) {
    return new ThreadFactory() {
      @Override
      public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + THREAD_NUMBER.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      }
    };
  }

  /** Runs a rejected exchange on the submitting (dispatcher) thread, marked as overflow. */
  private static final class RunOnCallerAsOverflow implements RejectedExecutionHandler {
    @Override
    public void rejectedExecution(Runnable exchange, ThreadPoolExecutor pool) {
      if (pool.isShutdown()) {
        return;
      }
      OVERFLOW.set(Boolean.TRUE);
      try {
        exchange.run();
      } finally {
        OVERFLOW.remove();
      }
    }
  }
}
