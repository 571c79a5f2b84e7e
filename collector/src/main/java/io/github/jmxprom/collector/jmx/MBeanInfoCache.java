package io.github.jmxprom.collector.jmx;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerNotification;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;

/**
 * Remembers the attribute list of beans whose MBeanInfo cannot change, so that a scrape does not
 * ask every bean for its MBeanInfo again. A bean qualifies when its MBeanInfo descriptor says
 * {@code immutableInfo=true}, as the JDK sets it for standard MBeans and MXBeans (the platform
 * beans, Kafka's and Cassandra's metrics, most application beans). Dynamic MBeans that do not say
 * so (Tomcat's modeler beans, Kafka's JmxReporter beans, which gain attributes at run time) are
 * asked every scrape, as jmx_exporter asks all of them.
 *
 * <p>An entry is forgotten when the server reports the bean unregistered (a listener on the {@link
 * MBeanServerDelegate}) or when a scrape no longer lists it, so a bean registered again under the
 * same name with another class is described afresh. If the listener cannot be added, nothing is
 * remembered. The listener holds this cache weakly: a collector that is dropped without {@link
 * #close} leaves only a listener that removes itself at the next notification.
 *
 * <p>Over a remote connection (the standalone scraper), where notifications arrive late and a
 * listener changes how the RMI client recovers from a restarted server, there is no listener: an
 * entry is used only while the bean's class name, which the scrape's query lists anyway, is the one
 * it was described with. The MBeanInfo of a standard MBean follows from its class.
 *
 * <pre>{@code
 * MBeanInfoCache cache = new MBeanInfoCache();
 * cache.watch(connection);
 * MBeanAttributeInfo[] attributes = cache.attributes(connection, name);
 * }</pre>
 */
final class MBeanInfoCache {

  private static final Logger LOG = Logger.getLogger(MBeanInfoCache.class.getName());

  private final Map<ObjectName, Described> attributes = new ConcurrentHashMap<>();
  // Remote only: the class each remembered bean had, and the class names of the current scrape.
  private final Map<ObjectName, String> describedClass = new ConcurrentHashMap<>();
  private volatile Map<ObjectName, String> classNames;
  // Counts unregistrations: an MBeanInfo read while one happened may describe the old bean.
  private final AtomicLong unregistrations = new AtomicLong();
  // Counts registrations and unregistrations: while it stands still, the bean list does too.
  private final AtomicLong changes = new AtomicLong();
  // The beans unregistered since the walk last asked (takeUnregistered), so that it forgets them
  // without comparing everything it remembers with the bean list. Bounded: when no one scrapes
  // for a long time while beans come and go, the walk compares everything once instead.
  private final ConcurrentLinkedQueue<ObjectName> gone = new ConcurrentLinkedQueue<>();
  private final AtomicInteger goneCount = new AtomicInteger();
  private volatile boolean goneOverflowed;
  private final int maxGone;
  private volatile MBeanServerConnection watched;
  private volatile Listener listener;

  MBeanInfoCache() {
    this(10_000);
  }

  /** With at most {@code maxGone} unregistered beans remembered for {@link #takeUnregistered}. */
  MBeanInfoCache(int maxGone) {
    this.maxGone = maxGone;
  }

  /** Starts listening on this connection, if not yet: a new connection starts with no entries. */
  void watch(MBeanServerConnection connection) {
    if (connection == watched) {
      return;
    }
    close();
    changes.incrementAndGet(); // what was listed over another connection says nothing here
    watched = connection;
    if (!(connection instanceof MBeanServer)) {
      return; // remembered by class name instead, see classNames
    }
    Listener added = new Listener(this, connection);
    try {
      connection.addNotificationListener(MBeanServerDelegate.DELEGATE_NAME, added, null, null);
      listener = added;
    } catch (Exception e) {
      // Without notifications a re-registered bean would keep a stale description: keep none.
      LOG.log(Level.FINE, "jmxprom: MBeanInfo is read every scrape: {0}", e.toString());
    }
  }

  /** True when the walk should hand this scrape's class names to {@link #classNames}. */
  boolean needsClassNames(MBeanServerConnection connection) {
    return !(connection instanceof MBeanServer);
  }

  /** The class name of every bean the current scrape lists (remote connections only). */
  void classNames(Map<ObjectName, String> current) {
    classNames = current;
  }

  /** The bean's attributes, from its MBeanInfo or remembered; null if it has no MBeanInfo. */
  MBeanAttributeInfo[] attributes(MBeanServerConnection connection, ObjectName name)
      throws Exception {
    Described described = describe(connection, name);
    return described == null ? null : described.attributes;
  }

  /**
   * What the bean's MBeanInfo says of its attributes, read or remembered; null if it has no
   * MBeanInfo or no attribute list.
   */
  Described describe(MBeanServerConnection connection, ObjectName name) throws Exception {
    Map<ObjectName, String> classes = classNames;
    String className = classes == null ? null : classes.get(name);
    boolean byListener = listener != null && connection == watched;
    boolean byClass = !byListener && className != null && connection == watched;
    if (byListener || byClass) {
      Described known = attributes.get(name);
      if (known != null && (byListener || className.equals(describedClass.get(name)))) {
        return known;
      }
    }
    long before = unregistrations.get();
    MBeanInfo info = connection.getMBeanInfo(name);
    if (info == null) {
      return null;
    }
    Described read = Described.of(info);
    if (read != null && isImmutable(info)) {
      if (byListener && unregistrations.get() == before) {
        attributes.put(name, read);
      } else if (byClass && className.equals(info.getClassName())) {
        describedClass.put(name, className);
        attributes.put(name, read);
      }
    }
    return read;
  }

  /**
   * How many beans the listener has seen registered or unregistered, or -1 without a listener: the
   * same count at two scrapes means the server lists the same beans.
   */
  long changes() {
    return listener == null ? -1 : changes.get();
  }

  /**
   * The beans the listener saw unregistered since the last call, or null when it cannot tell (no
   * listener, or more than {@link #MAX_GONE} of them): then compare with the whole list.
   */
  List<ObjectName> takeUnregistered() {
    if (listener == null) {
      return null;
    }
    boolean overflowed = goneOverflowed;
    List<ObjectName> taken = new ArrayList<>();
    for (ObjectName name; (name = gone.poll()) != null; ) {
      taken.add(name);
    }
    goneCount.addAndGet(-taken.size());
    if (overflowed) {
      goneOverflowed = false;
      return null;
    }
    return taken;
  }

  /** Forgets one bean that is gone. */
  void forget(ObjectName name) {
    attributes.remove(name);
    describedClass.remove(name);
  }

  /** Forgets beans that a scrape no longer lists. */
  void retain(Set<ObjectName> present) {
    attributes.keySet().retainAll(present);
    describedClass.keySet().retainAll(present);
  }

  /** Stops listening and forgets everything. */
  void close() {
    Listener current = listener;
    listener = null;
    watched = null;
    attributes.clear();
    describedClass.clear();
    gone.clear();
    goneCount.set(0);
    if (current != null) {
      current.remove();
    }
  }

  static boolean isImmutable(MBeanInfo info) {
    Object immutable =
        info.getDescriptor() == null ? null : info.getDescriptor().getFieldValue("immutableInfo");
    return immutable != null && "true".equalsIgnoreCase(immutable.toString());
  }

  private void unregistered(ObjectName name) {
    unregistrations.incrementAndGet();
    if (name != null) {
      attributes.remove(name);
      if (goneCount.incrementAndGet() <= maxGone) {
        gone.add(name);
      } else {
        goneCount.decrementAndGet();
        goneOverflowed = true;
      }
    }
  }

  /**
   * Runs in the thread that unregisters a bean (often the application's): it only removes a map
   * entry and never throws.
   */
  private static final class Listener implements NotificationListener {
    private final WeakReference<MBeanInfoCache> cache;
    private final MBeanServerConnection connection;

    Listener(MBeanInfoCache cache, MBeanServerConnection connection) {
      this.cache = new WeakReference<>(cache);
      this.connection = connection;
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
      MBeanInfoCache owner = cache.get();
      if (owner == null) {
        remove();
        return;
      }
      if (notification instanceof MBeanServerNotification) {
        owner.changes.incrementAndGet();
      }
      if (notification instanceof MBeanServerNotification
          && MBeanServerNotification.UNREGISTRATION_NOTIFICATION.equals(notification.getType())) {
        owner.unregistered(((MBeanServerNotification) notification).getMBeanName());
      }
    }

    void remove() {
      try {
        connection.removeNotificationListener(MBeanServerDelegate.DELEGATE_NAME, this);
      } catch (Exception e) {
        // The connection is gone or the listener was removed already: nothing left to undo.
      }
    }
  }
}
