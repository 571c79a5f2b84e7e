package io.github.jmxprom.standalone.probe;

import io.github.jmxprom.collector.config.JmxTarget;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The open targets of {@code /probe}, one per (target, module): made on the first probe, reused by
 * the next ones (so the JMX connection stays open), closed when unused for {@code idleNanos}
 * ({@link #closeIdle()}, called periodically) or when more than {@code maxTargets} are open (the
 * least recently probed goes).
 *
 * <pre>{@code
 * TargetPool pool = new TargetPool(opener, TimeUnit.MINUTES.toNanos(5), 1000, System::nanoTime);
 * PooledTarget kafka = pool.acquire(JmxTarget.parse("127.0.0.1:9999"), "kafka");
 * pool.closeIdle();
 * }</pre>
 */
final class TargetPool implements Closeable {

  private static final Logger LOG = Logger.getLogger(TargetPool.class.getName());

  /** Makes the pooled target for a (target, module) that has none yet. */
  interface Opener {
    PooledTarget open(JmxTarget target, String module, long nowNanos);
  }

  private final Opener opener;
  private final long idleNanos;
  private final int maxTargets;
  private final LongSupplier clock;
  // In access order: the first entry is the least recently probed.
  private final LinkedHashMap<String, PooledTarget> targets = new LinkedHashMap<>(16, 0.75f, true);
  private boolean closed;

  TargetPool(Opener opener, long idleNanos, int maxTargets, LongSupplier clock) {
    this.opener = opener;
    this.idleNanos = idleNanos;
    this.maxTargets = maxTargets;
    this.clock = clock;
  }

  /** The pooled target for (target, module), opened now if there is none. */
  PooledTarget acquire(JmxTarget target, String module) {
    long now = clock.getAsLong();
    String key = module + " " + target;
    PooledTarget evicted = null;
    PooledTarget pooled;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the probe pool is closed");
      }
      pooled = targets.get(key);
      if (pooled == null) {
        pooled = opener.open(target, module, now);
        targets.put(key, pooled);
        if (targets.size() > maxTargets) {
          Iterator<PooledTarget> eldest = targets.values().iterator();
          evicted = eldest.next();
          eldest.remove();
        }
      }
      pooled.touch(now);
    }
    if (evicted != null) {
      LOG.info("jmxprom: more than " + maxTargets + " probe targets open; closing " + evicted);
      evicted.close();
    }
    return pooled;
  }

  /** Closes the targets not probed for the idle time; returns how many. */
  int closeIdle() {
    long now = clock.getAsLong();
    List<PooledTarget> idle = new ArrayList<>();
    synchronized (this) {
      Iterator<Map.Entry<String, PooledTarget>> entries = targets.entrySet().iterator();
      while (entries.hasNext()) {
        PooledTarget target = entries.next().getValue();
        if (now - target.lastUsedNanos() >= idleNanos) {
          idle.add(target);
          entries.remove();
        }
      }
    }
    for (PooledTarget target : idle) {
      LOG.fine("jmxprom: closing idle probe target " + target);
      target.close();
    }
    return idle.size();
  }

  synchronized int size() {
    return targets.size();
  }

  @Override
  public void close() {
    List<PooledTarget> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(targets.values());
      targets.clear();
    }
    for (PooledTarget target : all) {
      target.close();
    }
  }
}
