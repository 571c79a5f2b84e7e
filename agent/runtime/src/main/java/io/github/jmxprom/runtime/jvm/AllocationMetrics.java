package io.github.jmxprom.runtime.jvm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

/**
 * {@code jvm_memory_pool_allocated_bytes_total{pool}}: bytes allocated per memory pool, counted
 * from the garbage collectors' notifications as client_java does (growth since the previous
 * collection plus growth during this one). The listener is added through the connection, so it
 * works for a remote JVM too (the JMX connector fetches the notifications); it is added at the
 * first scrape of each connection, and counting starts there. Unlike client_java, which starts from
 * zero at JVM start, the previous usage of each pool is first taken from the pool itself (usage
 * after its last collection, else its current usage), so that a JVM that has been running for hours
 * does not count its whole old generation as allocated at the first collection seen.
 */
final class AllocationMetrics implements NotificationListener {

  private static final Logger LOG = Logger.getLogger(AllocationMetrics.class.getName());
  private static final String GC_NOTIFICATION = "com.sun.management.gc.notification";

  private final Object connectionLock = new Object();
  private MBeanServerConnection listeningOn; // guarded by connectionLock
  private List<ObjectName> collectors = new ArrayList<>(); // guarded by connectionLock

  private final Map<String, Long> lastUsed = new HashMap<>(); // guarded by this
  private final Map<String, Long> allocated = new TreeMap<>(); // guarded by this

  void read(MBeanServerConnection connection, Families out) throws IOException, JMException {
    listenTo(connection);
    Map<String, Long> totals;
    synchronized (this) {
      totals = new TreeMap<>(allocated);
    }
    out.counter(
        "jvm_memory_pool_allocated_bytes",
        "Total bytes allocated in a given JVM memory pool. Only updated after GC, not"
            + " continuously.",
        null,
        "pool",
        totals);
  }

  private void listenTo(MBeanServerConnection connection) throws IOException {
    synchronized (connectionLock) {
      if (connection == listeningOn) {
        return;
      }
      stopListening();
      Map<String, Long> seed = poolUsage(connection);
      synchronized (this) {
        lastUsed.clear();
        lastUsed.putAll(seed);
      }
      List<ObjectName> added = new ArrayList<>();
      try {
        for (ObjectName collector : Beans.query(connection, Beans.GARBAGE_COLLECTORS)) {
          try {
            connection.addNotificationListener(collector, this, null, null);
            added.add(collector);
          } catch (InstanceNotFoundException | RuntimeException e) {
            LOG.log(Level.FINE, "no GC notifications from " + collector, e);
          }
        }
      } catch (IOException e) {
        removeQuietly(connection, added);
        throw e;
      }
      listeningOn = connection;
      collectors = added;
    }
  }

  /** Removes the listeners from the current connection, if it still answers. */
  void stopListening() {
    synchronized (connectionLock) {
      if (listeningOn != null) {
        removeQuietly(listeningOn, collectors);
      }
      listeningOn = null;
      collectors = new ArrayList<>();
    }
  }

  private void removeQuietly(MBeanServerConnection connection, List<ObjectName> from) {
    for (ObjectName collector : from) {
      try {
        connection.removeNotificationListener(collector, this);
      } catch (IOException | JMException | RuntimeException e) {
        LOG.log(Level.FINE, "removing GC listener from " + collector, e);
      }
    }
  }

  private static Map<String, Long> poolUsage(MBeanServerConnection connection) throws IOException {
    Map<String, Long> used = new HashMap<>();
    for (ObjectName pool : Beans.query(connection, Beans.MEMORY_POOLS)) {
      try {
        Map<String, Object> attributes =
            Beans.attributes(connection, pool, "Name", "Usage", "CollectionUsage");
        Long value = Beans.usage(attributes.get("CollectionUsage"), "used");
        if (value == null) {
          value = Beans.usage(attributes.get("Usage"), "used");
        }
        if (attributes.get("Name") instanceof String && value != null) {
          used.put((String) attributes.get("Name"), value);
        }
      } catch (JMException e) {
        LOG.log(Level.FINE, "cannot read " + pool, e);
      }
    }
    return used;
  }

  @Override
  public void handleNotification(Notification notification, Object handback) {
    if (!GC_NOTIFICATION.equals(notification.getType())
        || !(notification.getUserData() instanceof CompositeData)) {
      return;
    }
    try {
      CompositeData gcInfo =
          (CompositeData) ((CompositeData) notification.getUserData()).get("gcInfo");
      TabularData before = (TabularData) gcInfo.get("memoryUsageBeforeGc");
      TabularData after = (TabularData) gcInfo.get("memoryUsageAfterGc");
      for (Object row : before.values()) {
        String pool = (String) ((CompositeData) row).get("key");
        CompositeData afterRow = after.get(new Object[] {pool});
        Long usedBefore = Beans.usage(((CompositeData) row).get("value"), "used");
        Long usedAfter = afterRow == null ? null : Beans.usage(afterRow.get("value"), "used");
        if (usedBefore != null && usedAfter != null) {
          count(pool, usedBefore, usedAfter);
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "unexpected GC notification " + notification, e);
    }
  }

  /** Growth since the last collection plus growth during this one; decreases count as zero. */
  synchronized void count(String pool, long before, long after) {
    Long previous = lastUsed.put(pool, after);
    long last = previous == null ? 0 : previous;
    long increase = Math.max(0, before - last) + Math.max(0, after - before);
    if (increase > 0) {
      Long total = allocated.get(pool);
      allocated.put(pool, (total == null ? 0 : total) + increase);
    }
  }
}
