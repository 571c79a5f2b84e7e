package io.github.jmxprom.collector;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.management.ObjectName;

/**
 * Keeps one hanging MBean getter from hanging the scrape. The beans are read one after the other on
 * a worker thread while the scraping thread watches the clock: a bean that takes longer than the
 * bean timeout is given up on, its thread is left to finish on its own (whatever it produces later
 * is thrown away), and a new worker carries on with the next bean. The bean is then skipped
 * ("quarantined") and tried again after a back-off that doubles while it keeps hanging, but never
 * while a thread is still stuck in it, so one bean that hangs forever holds one thread. A scrape
 * waits through at most {@link #TIMEOUTS_PER_SCRAPE} timeouts and then skips its other beans, so it
 * answers in bounded time. At most a few threads may be stuck in getters at once; beyond that the
 * rest of the scrape is skipped, so a JVM full of hanging beans costs a bounded number of threads,
 * never one per scrape.
 *
 * <pre>{@code
 * HangGuard guard = new HangGuard(TimeUnit.SECONDS.toNanos(2), 2, TimeUnit.SECONDS.toNanos(15));
 * HangGuard.Outcome outcome = guard.run(beans, bean -> read(bean));
 * }</pre>
 */
final class HangGuard {

  private static final Logger LOG = Logger.getLogger(HangGuard.class.getName());
  static final long FIRST_RETRY_NANOS = TimeUnit.SECONDS.toNanos(15);
  private static final long MAX_RETRY_NANOS = TimeUnit.MINUTES.toNanos(10);
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Reads one bean on a worker thread and returns what to publish if it is still wanted. */
  interface BeanReader {
    Runnable read(ObjectName bean) throws IOException;
  }

  /** How a guarded walk ended. */
  static final class Outcome {
    final List<ObjectName> timedOut = new ArrayList<>();
    boolean abortedTooManyStuck;
  }

  private final long beanTimeoutNanos;
  private final int maxStuckThreads;
  private final long firstRetryNanos;
  private final AtomicInteger stuck = new AtomicInteger();
  private final Map<ObjectName, Quarantine> quarantine = new ConcurrentHashMap<>();
  // Beans a thread is still stuck in: not asked again until that call returns, so a bean that
  // hangs forever holds one thread, however many retries come due.
  private final Set<ObjectName> stuckIn = ConcurrentHashMap.newKeySet();

  HangGuard(long beanTimeoutNanos, int maxStuckThreads, long firstRetryNanos) {
    this.beanTimeoutNanos = beanTimeoutNanos;
    this.maxStuckThreads = maxStuckThreads;
    this.firstRetryNanos = firstRetryNanos;
  }

  /** Beans currently skipped because they hung, for the self-metric. */
  List<String> quarantined() {
    List<String> names = new ArrayList<>();
    for (ObjectName name : quarantine.keySet()) {
      names.add(name.toString());
    }
    Collections.sort(names);
    return names;
  }

  /** Timeouts one scrape may wait through before it stops reading (the rest is read next time). */
  static final int TIMEOUTS_PER_SCRAPE = 2;

  /** Reads the beans in order; IOException from a reader (a lost connection) ends the walk. */
  Outcome run(List<ObjectName> beans, BeanReader reader) throws IOException {
    Outcome outcome = new Outcome();
    quarantine.keySet().retainAll(beans);
    int cursor = 0;
    while (cursor < beans.size()) {
      if (stuck.get() >= maxStuckThreads || outcome.timedOut.size() >= TIMEOUTS_PER_SCRAPE) {
        // Out of threads, or out of time: a scrape waits through two timeouts at most, so it
        // answers within about twice the bean timeout; the beans that hung are quarantined, so the
        // next scrape reads the rest.
        outcome.abortedTooManyStuck = true;
        return outcome;
      }
      Worker worker = new Worker(beans, cursor, reader);
      Thread thread = new Thread(worker, "jmxprom-scrape-" + THREADS.incrementAndGet());
      thread.setDaemon(true);
      thread.start();
      cursor = supervise(worker, thread, beans, outcome);
    }
    return outcome;
  }

  /** Waits for the worker; returns where the next worker starts (the end when all is read). */
  private int supervise(Worker worker, Thread thread, List<ObjectName> beans, Outcome outcome)
      throws IOException {
    while (true) {
      try {
        thread.join(TimeUnit.NANOSECONDS.toMillis(beanTimeoutNanos) / 4 + 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        worker.abandon();
        return beans.size();
      }
      if (worker.finished) {
        if (worker.failure != null) {
          throw worker.failure;
        }
        return beans.size();
      }
      long started = worker.beanStarted;
      ObjectName current = worker.current;
      if (current != null && System.nanoTime() - started > beanTimeoutNanos) {
        if (worker.abandonIfStillAt(current)) {
          stuck.incrementAndGet();
          hung(current);
          outcome.timedOut.add(current);
          return worker.index + 1;
        }
      }
    }
  }

  private void hung(ObjectName bean) {
    Quarantine previous = quarantine.get(bean);
    long backoff =
        previous == null ? firstRetryNanos : Math.min(MAX_RETRY_NANOS, previous.backoff * 2);
    quarantine.put(bean, new Quarantine(System.nanoTime() + backoff, backoff));
    LOG.warning(
        "jmxprom: "
            + bean
            + " did not answer within "
            + TimeUnit.NANOSECONDS.toMillis(beanTimeoutNanos)
            + " ms; skipped, next try in "
            + TimeUnit.NANOSECONDS.toSeconds(backoff)
            + " s");
  }

  private boolean skip(ObjectName bean) {
    if (quarantine.isEmpty()) {
      return false; // the usual case: no lookup per bean
    }
    Quarantine q = quarantine.get(bean);
    return q != null
        && (System.nanoTime() < q.retryAt
            || stuck.get() >= maxStuckThreads - 1
            || stuckIn.contains(bean));
  }

  private void answered(ObjectName bean) {
    if (!quarantine.isEmpty() && quarantine.remove(bean) != null) {
      LOG.info("jmxprom: " + bean + " answers again");
    }
  }

  private final class Worker implements Runnable {
    private final List<ObjectName> beans;
    private final BeanReader reader;
    private final Object lock = new Object();
    private boolean abandoned;
    private boolean countedStuck;
    private ObjectName stuckBean;
    volatile int index;
    volatile ObjectName current;
    volatile long beanStarted;
    volatile boolean finished;
    volatile IOException failure;

    Worker(List<ObjectName> beans, int start, BeanReader reader) {
      this.beans = beans;
      this.index = start;
      this.reader = reader;
    }

    @Override
    public void run() {
      try {
        for (int i = index; i < beans.size(); i++) {
          ObjectName bean = beans.get(i);
          if (skip(bean)) {
            continue;
          }
          synchronized (lock) {
            if (abandoned) {
              return;
            }
            index = i;
            beanStarted = System.nanoTime();
            current = bean;
          }
          Runnable publish = reader.read(bean);
          synchronized (lock) {
            current = null;
            if (abandoned) {
              return; // too late: the scrape went on without this bean
            }
            publish.run();
          }
          answered(bean);
        }
      } catch (IOException e) {
        failure = e;
      } catch (RuntimeException | Error e) {
        failure = new IOException("reading MBeans failed: " + e, e);
      } finally {
        synchronized (lock) {
          if (countedStuck) {
            stuckIn.remove(stuckBean);
            stuck.decrementAndGet(); // the hung getter returned: this thread is free again
          }
        }
        finished = true;
      }
    }

    boolean abandonIfStillAt(ObjectName bean) {
      synchronized (lock) {
        if (finished || current != bean) {
          return false;
        }
        abandoned = true;
        countedStuck = true;
        stuckBean = bean;
        stuckIn.add(bean);
        return true;
      }
    }

    void abandon() {
      synchronized (lock) {
        abandoned = true;
      }
    }
  }

  private static final class Quarantine {
    final long retryAt;
    final long backoff;

    Quarantine(long retryAt, long backoff) {
      this.retryAt = retryAt;
      this.backoff = backoff;
    }
  }
}
