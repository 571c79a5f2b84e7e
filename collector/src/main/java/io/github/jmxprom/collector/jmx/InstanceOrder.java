package io.github.jmxprom.collector.jmx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.ObjectInstance;
import javax.management.ObjectName;

/**
 * The beans a query finds, in the order in which the JDK's own MBeanServer lists them from {@code
 * queryMBeans}, worked out from the cheaper {@code queryNames}. That order decides which bean's
 * help text a family shows (jmx_exporter fills its HashSet from it), and {@code queryMBeans} costs
 * a {@code getMBeanInfo()} per dynamic MBean for its class name.
 *
 * <p>Why it works: both queries iterate the same server-side {@code HashSet} of the beans, and copy
 * it into a new default {@code HashSet}: of names, or of {@code ObjectInstance}s (hash: name hash
 * XOR class-name hash). A default HashSet of n entries has the same capacity whatever the order
 * they came in, and keeps the order of arrival among entries in the same bucket. So the names come
 * out in the server set's order, and the instances are that order sorted, stably, by their own
 * bucket. The one exception is a HashMap bucket long enough to become a tree (which does not keep
 * the order of arrival), or a table under 64 grown early because of one: checked for both copies,
 * and for the server's set as far as its order of arrival is known (it is not for a set over 25
 * beans at its first two sizes, where random hashes put 9 in one bin a few times in a million).
 * Then, for another MBeanServer, under a SecurityManager, or when a bean goes away meanwhile, the
 * server is asked {@code queryMBeans}; a check now and then compares the two. A bean's class name
 * is asked once ({@code getObjectInstance}) and remembered until it is unregistered.
 *
 * <pre>{@code
 * List<ObjectName> ordered = order.query(server, null); // as queryMBeans(null, null) lists them
 * }</pre>
 */
final class InstanceOrder {

  private static final String JDK_SERVER = "com.sun.jmx.mbeanserver.JmxMBeanServer";

  // A HashMap bin of 8 may turn into a tree when one more entry comes (or, in a table under 64,
  // make the table grow): below that every bucket is a list in order of arrival.
  private static final int LONGEST_SAFE_BIN = 7;

  /** How often a worked-out order is checked against the server's own. */
  static final int CHECK_EVERY = 64;

  private static final Logger LOG = Logger.getLogger(InstanceOrder.class.getName());

  private final AtomicInteger uses = new AtomicInteger();
  private volatile boolean disabled;

  // "" for a bean without a class name (its getMBeanInfo() failed): its hash is 0, as the JDK's.
  private final Map<ObjectName, String> classNames = new ConcurrentHashMap<>();

  /**
   * The beans matching {@code pattern} in {@code queryMBeans} order. Worked out from the names when
   * it can be; on the first such answer and every {@link #CHECK_EVERY}th, also asked from the
   * server and compared: a server that lists in another order (another JDK's HashSet) is then
   * always asked.
   */
  List<ObjectName> query(MBeanServerConnection connection, ObjectName pattern) throws IOException {
    List<ObjectName> worked = disabled ? null : fromNames(connection, pattern);
    if (worked != null && uses.getAndIncrement() % CHECK_EVERY != 0) {
      return worked;
    }
    List<ObjectName> listed = new ArrayList<>();
    for (ObjectInstance instance : connection.queryMBeans(pattern, null)) {
      listed.add(instance.getObjectName());
    }
    // Beans that came or went between the two queries make them differ for another reason.
    if (worked != null
        && !worked.equals(listed)
        && new HashSet<>(worked).equals(new HashSet<>(listed))) {
      disabled = true;
      LOG.log(Level.FINE, "bean order not as expected from queryNames: using queryMBeans");
    }
    return listed;
  }

  /** The order worked out from {@code queryNames}, or null when it cannot be (see above). */
  @SuppressWarnings("deprecation") // getSecurityManager: on old JVMs it changes the server's sets
  List<ObjectName> fromNames(MBeanServerConnection connection, ObjectName pattern) {
    if (!JDK_SERVER.equals(connection.getClass().getName())
        || System.getSecurityManager() != null) {
      return null;
    }
    MBeanServer server = (MBeanServer) connection;
    Set<ObjectName> names = server.queryNames(pattern, null);
    ObjectName[] listed = names.toArray(new ObjectName[0]);
    int n = listed.length;
    int[] nameHashes = new int[n];
    int[] instanceHashes = new int[n];
    for (int i = 0; i < n; i++) {
      String className = className(server, listed[i]);
      if (className == null) {
        return null;
      }
      int h = listed[i].hashCode();
      nameHashes[i] = spread(h);
      instanceHashes[i] = spread(h ^ className.hashCode());
    }
    if (mayHaveTrees(nameHashes) || mayHaveTrees(instanceHashes)) {
      return null;
    }
    return Arrays.asList(sortedByBucket(listed, instanceHashes, capacity(n) - 1));
  }

  /** Forgets the class of a bean that was unregistered. */
  void forget(ObjectName name) {
    classNames.remove(name);
  }

  /** Forgets every class (when it is not known which beans were registered again). */
  void forgetAll() {
    classNames.clear();
  }

  private String className(MBeanServer server, ObjectName name) {
    String known = classNames.get(name);
    if (known != null) {
      return known;
    }
    String className;
    try {
      className = server.getObjectInstance(name).getClassName();
    } catch (InstanceNotFoundException e) {
      return null; // gone since the query: the server's own query would not list it
    } catch (RuntimeException e) {
      className = null; // as the server lists a bean whose getMBeanInfo() throws
    }
    known = className == null ? "" : className;
    classNames.put(name, known);
    return known;
  }

  /** HashMap's bucket hash. */
  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  /** The table size a default HashMap has after n insertions (load factor 0.75). */
  static int capacity(int n) {
    int capacity = 16;
    while (n > capacity / 4 * 3) {
      capacity <<= 1;
    }
    return capacity;
  }

  /**
   * Whether filling a default HashMap with these hashes, in this order, may make a bin a tree: at
   * each table size it goes through, the entries it holds then must leave no bin over {@link
   * #LONGEST_SAFE_BIN} long. The entry that passes the threshold goes in before the table grows.
   */
  static boolean mayHaveTrees(int[] hashes) {
    int n = hashes.length;
    int last = capacity(n);
    int[] bins = new int[last];
    for (int capacity = 16; capacity <= last; capacity <<= 1) {
      int held = Math.min(n, capacity / 4 * 3 + 1);
      if (capacity < 64 && n <= 25) {
        // The server's own set got its first beans in an order not known here: count them all.
        held = n;
      }
      Arrays.fill(bins, 0, capacity, 0);
      for (int i = 0; i < held; i++) {
        if (++bins[hashes[i] & (capacity - 1)] > LONGEST_SAFE_BIN) {
          return true;
        }
      }
    }
    return false;
  }

  /** A stable counting sort of the names by bucket. */
  private static ObjectName[] sortedByBucket(ObjectName[] names, int[] hashes, int mask) {
    int[] starts = new int[mask + 2];
    for (int h : hashes) {
      starts[(h & mask) + 1]++;
    }
    for (int b = 0; b <= mask; b++) {
      starts[b + 1] += starts[b];
    }
    ObjectName[] sorted = new ObjectName[names.length];
    for (int i = 0; i < names.length; i++) {
      sorted[starts[hashes[i] & mask]++] = names[i];
    }
    return sorted;
  }
}
