package io.github.jmxprom.collector.jmx;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.MetricCustomizerConfig;
import java.io.IOException;
import java.io.NotSerializableException;
import java.rmi.MarshalException;
import java.rmi.UnmarshalException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.InstanceNotFoundException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectInstance;
import javax.management.ObjectName;

/**
 * Walks the MBeans a config selects and hands every scalar value to a {@link LeafReceiver}.
 * Selection is {@code includeObjectNames} minus {@code excludeObjectNames} (and the JVM domains
 * with {@code excludeJvmMetrics}); each bean's readable attributes are fetched with one bulk {@code
 * getAttributes} call, falling back to one call per attribute when the bulk call fails. A bean that
 * cannot be read is skipped and counted; it never stops the walk.
 *
 * <pre>{@code
 * BeanWalker walker = new BeanWalker(config, receiver);
 * BeanWalker.Result result = walker.walk(ManagementFactory.getPlatformMBeanServer());
 * result.getBeansFailed();
 * }</pre>
 */
public final class BeanWalker {

  private static final Logger LOG = Logger.getLogger(BeanWalker.class.getName());
  private static final String RUNTIME = "java.lang:type=Runtime";
  private static final String FLIGHT_RECORDER = "jdk.management.jfr:type=FlightRecorder";

  private final CollectorConfig config;
  private final ValueFlattener flattener;
  private final LeafReceiver receiver;
  private final AttributeFilter filter;
  // What is known about each listed bean, kept while it is listed: its context (properties and
  // pattern input prefix) and its read plan are then worked out once, not every scrape.
  private final Map<ObjectName, BeanState> beans = new ConcurrentHashMap<>();
  private final MBeanInfoCache infos = new MBeanInfoCache();
  private final InstanceOrder order = new InstanceOrder();
  // No includeObjectNames: one query for every bean.
  private static final List<ObjectName> ALL = Collections.singletonList(null);
  // Set when a query failed after the unregistered beans were taken: the next walk compares all.
  private boolean compareAll;
  // The last bean list, in walk order, and the registration count it was listed at.
  private volatile List<ObjectName> listed;
  private volatile long listedAt = -1;

  /** A walker for one config; it remembers unsupported attributes between walks. */
  public BeanWalker(CollectorConfig config, LeafReceiver receiver) {
    this.config = config;
    this.flattener = new ValueFlattener(receiver);
    this.receiver = receiver;
    this.filter = new AttributeFilter(config);
  }

  /**
   * Reads every selected bean once. Throws IOException only when the connection itself fails
   * (listing the beans); failures of single beans are counted in the result.
   */
  public Result walk(MBeanServerConnection connection) throws IOException {
    Result result = new Result();
    for (ObjectName name : select(connection)) {
      readBean(connection, name, result, flattener);
    }
    return result;
  }

  /**
   * The beans a walk reads, in walk order; forgets what it remembered about beans that are gone.
   * With {@link #read} this lets a caller drive the walk bean by bean (to time-box each bean).
   */
  public List<ObjectName> select(MBeanServerConnection connection) throws IOException {
    infos.watch(connection);
    long changes = infos.changes();
    List<ObjectName> last = listed;
    if (changes >= 0 && changes == listedAt && last != null) {
      // No bean registered or unregistered since the last query: it would list the same beans
      // (and the selection is a function of the list and the config), so it is not asked again.
      return new ArrayList<>(last);
    }
    // Taken before the query: a bean unregistered after it may still be in the list, and stays
    // in the queue for the next walk.
    List<ObjectName> gone = infos.takeUnregistered();
    Set<ObjectName> names;
    try {
      names = selectBeans(connection);
    } catch (IOException | RuntimeException e) {
      compareAll |= gone == null || !gone.isEmpty(); // those names were taken: compare next time
      throw e;
    }
    if (gone == null || compareAll) {
      filter.retainBeans(names);
      beans.keySet().retainAll(names);
      infos.retain(names);
      // A bean may have been registered again under its name with another class.
      order.forgetAll();
      compareAll = false;
    } else {
      // A bean leaves the list only by being unregistered: forgetting those the listener saw
      // (unless registered again) is the same as comparing everything with the list.
      for (ObjectName name : gone) {
        order.forget(name); // even if registered again: maybe with another class
        if (!names.contains(name)) {
          filter.forget(name);
          beans.remove(name);
          infos.forget(name);
        }
      }
    }
    List<ObjectName> selected = new ArrayList<>(names);
    listed = selected;
    listedAt = changes;
    return new ArrayList<>(selected);
  }

  /** Stops listening for unregistered beans (the walker is being replaced). */
  public void close() {
    infos.close();
  }

  /** Reads one bean and hands its values to {@code receiver}; failures go into the result. */
  public void read(
      MBeanServerConnection connection, ObjectName name, Result result, LeafReceiver receiver)
      throws IOException {
    readBean(connection, name, result, new ValueFlattener(receiver));
  }

  private Set<ObjectName> selectBeans(MBeanServerConnection connection) throws IOException {
    // A HashSet filled in the order the server lists the beans, exactly as jmx_exporter fills
    // it: its iteration order decides which bean's help text a merged family shows, so the same
    // inserts in the same order keep that text identical (even after beans come and go).
    Set<ObjectName> names = new HashSet<>();
    Set<ObjectName> explicitlyIncluded = new HashSet<>();
    List<ObjectName> includes = config.getIncludeObjectNames();
    // Over a remote connection the class names tell the MBeanInfo cache a bean is still the same.
    Map<ObjectName, String> classes = infos.needsClassNames(connection) ? new HashMap<>() : null;
    for (ObjectName pattern : includes == null ? ALL : includes) {
      if (classes == null) {
        for (ObjectName name : order.query(connection, pattern)) {
          names.add(name);
          if (includes != null) {
            explicitlyIncluded.add(name);
          }
        }
        continue;
      }
      for (ObjectInstance instance : connection.queryMBeans(pattern, null)) {
        names.add(instance.getObjectName());
        if (includes != null) {
          explicitlyIncluded.add(instance.getObjectName());
        }
        classes.put(instance.getObjectName(), instance.getClassName());
      }
    }
    infos.classNames(classes);
    for (ObjectName pattern : config.getExcludeObjectNames()) {
      names.removeAll(connection.queryNames(pattern, null));
    }
    if (config.isExcludeJvmMetrics()) {
      List<ObjectName> jvm = new ArrayList<>();
      for (ObjectName name : names) {
        if (JvmDomains.matches(name) && !explicitlyIncluded.contains(name)) {
          jvm.add(name);
        }
      }
      jvm.forEach(names::remove);
    }
    return names;
  }

  private void readBean(
      MBeanServerConnection connection, ObjectName name, Result result, ValueFlattener flattener)
      throws IOException {
    BeanState state = beans.get(name);
    if (state == null) {
      state = new BeanState(new BeanContext(name, KeyProperties.of(name), Collections.emptyList()));
      beans.put(name, state);
    }
    ReadPlan plan;
    try {
      plan = plan(connection, name, state);
    } catch (InstanceNotFoundException e) {
      return; // unregistered since the query: normal churn, not a failure
    } catch (IOException e) {
      if (!isBeanLevel(e)) {
        throw e;
      }
      result.failed(name, "getMBeanInfo", e);
      return;
    } catch (Exception e) {
      // Includes a DynamicMBean whose getMBeanInfo() throws.
      result.failed(name, "getMBeanInfo", e);
      return;
    }
    if (plan == null || plan.requested.length == 0) {
      return;
    }
    List<Attribute> values;
    try {
      AttributeList list = connection.getAttributes(name, plan.requested);
      if (list == null) {
        return;
      }
      values = list.asList();
    } catch (InstanceNotFoundException e) {
      // Unregistered since it was described (its MBeanInfo may come from the cache): churn, as
      // above; nothing of it is served and it is not counted as read.
      return;
    } catch (IOException e) {
      if (!isBeanLevel(e)) {
        throw e;
      }
      values = readOneByOne(connection, name, plan.requested, result);
    } catch (Exception e) {
      LOG.log(Level.FINE, "{0}: getAttributes failed, reading one by one: {1}", args(name, e));
      values = readOneByOne(connection, name, plan.requested, result);
    }
    emit(state.context, plan, values, flattener);
    result.beansRead++;
  }

  /**
   * True for an I/O failure caused by one bean's data (a value class the exporter does not have, an
   * unserialisable value), after which the connection is still fine; other I/O failures mean the
   * connection is gone and end the walk.
   */
  static boolean isBeanLevel(IOException e) {
    return e instanceof UnmarshalException
        || e instanceof MarshalException
        || e instanceof NotSerializableException
        || e.getCause() instanceof ClassNotFoundException
        || e.getCause() instanceof NotSerializableException;
  }

  /**
   * The attributes to request from the bean: its readable attributes that the filter lets through
   * and the receiver can use (the rules can turn into a sample, {@link LeafReceiver#mayUse}).
   * Worked out again only when the bean's MBeanInfo is not the remembered one (beans without {@code
   * immutableInfo} describe themselves anew every scrape) or the filter changed.
   */
  private ReadPlan plan(MBeanServerConnection connection, ObjectName name, BeanState state)
      throws Exception {
    Described described = infos.describe(connection, name);
    if (described == null) {
      return null;
    }
    MBeanAttributeInfo[] declared = described.attributes;
    ReadPlan plan = state.plan;
    int filterVersion = filter.version();
    if (plan != null && plan.filterVersion == filterVersion) {
      if (plan.declared == declared) {
        return plan;
      }
      // Beans without immutableInfo describe themselves anew every scrape, mostly the same way.
      if (plan.exactTypes == described.exactTypes && sameAttributes(plan.declared, declared)) {
        plan = plan.describedBy(declared);
        state.plan = plan;
        return plan;
      }
    }
    // The canonical name is stored in the ObjectName; toString() would build a string each time.
    String beanName = name.getCanonicalName();
    boolean skipAll = FLIGHT_RECORDER.equals(beanName);
    boolean runtime = RUNTIME.equals(beanName);
    // The labels some beans take from their own attributes must be read even if no rule uses them.
    MetricCustomizerConfig customizer =
        customizerFor(name.getDomain(), state.context.getProperties());
    // Extra metrics come with a successful read of the bean (as in jmx_exporter), so a bean that
    // has them is read whole even if no rule can use its own attributes.
    boolean withExtras = customizer != null && !customizer.getExtraMetrics().isEmpty();
    // By name, as jmx_exporter keys them: an attribute declared twice is asked for once.
    Map<String, MBeanAttributeInfo> readable = new LinkedHashMap<>();
    for (MBeanAttributeInfo attribute : declared) {
      if (skipAll || attribute == null || !attribute.isReadable()) {
        continue;
      }
      String attributeName = attribute.getName();
      if (runtime && isExpensiveRuntimeAttribute(attributeName)) {
        // Large text values that no rule can export; not fetching them saves most of the cost.
        continue;
      }
      if (filter.shouldRead(name, attributeName)
          && (withExtras
              || receiver.mayUse(
                  state.context, attributeName, attribute.getType(), described.exactTypes)
              || customizer != null
                  && customizer.getAttributesAsLabels().contains(attributeName))) {
        readable.put(attributeName, attribute);
      }
    }
    plan = new ReadPlan(declared, described.exactTypes, filterVersion, readable);
    state.plan = plan;
    return plan;
  }

  /**
   * Whether two attribute lists give the same plan and the same descriptions: the same names,
   * types, descriptions and readability, in the same order.
   */
  static boolean sameAttributes(MBeanAttributeInfo[] a, MBeanAttributeInfo[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      MBeanAttributeInfo x = a[i];
      MBeanAttributeInfo y = b[i];
      if (x == y) {
        continue;
      }
      if (x == null
          || y == null
          || x.isReadable() != y.isReadable()
          || !x.getName().equals(y.getName())
          || !Objects.equals(x.getType(), y.getType())
          || !Objects.equals(x.getDescription(), y.getDescription())) {
        return false;
      }
    }
    return true;
  }

  private static boolean isExpensiveRuntimeAttribute(String name) {
    return name.equalsIgnoreCase("SystemProperties")
        || name.equalsIgnoreCase("ClassPath")
        || name.equalsIgnoreCase("BootClassPath")
        || name.equalsIgnoreCase("LibraryPath");
  }

  private static List<Attribute> readOneByOne(
      MBeanServerConnection connection, ObjectName name, String[] requested, Result result)
      throws IOException {
    List<Attribute> values = new ArrayList<>();
    for (String attribute : requested) {
      try {
        values.add(new Attribute(attribute, connection.getAttribute(name, attribute)));
      } catch (IOException e) {
        if (!isBeanLevel(e)) {
          throw e;
        }
        result.attributesFailed++;
      } catch (Exception e) {
        result.attributesFailed++;
        LOG.log(Level.FINE, "{0}: reading {1} failed: {2}", new Object[] {name, attribute, e});
      }
    }
    return values;
  }

  private void emit(
      BeanContext known, ReadPlan plan, List<Attribute> values, ValueFlattener flattener) {
    ObjectName name = known.getObjectName();
    Map<String, String> beanProperties = known.getProperties();
    MetricCustomizerConfig customizer = customizerFor(name.getDomain(), beanProperties);
    BeanContext bean = known;
    if (customizer != null) {
      List<Map.Entry<String, String>> customLabels = customLabels(customizer, values);
      if (!customLabels.isEmpty()) {
        bean = new BeanContext(name, beanProperties, customLabels);
      }
    }
    ValueFlattener.UnsupportedListener unsupported =
        attribute -> filter.unsupported(name, attribute);
    List<String> root = Collections.emptyList();
    if (customizer != null) {
      for (MetricCustomizerConfig.ExtraMetric extra : customizer.getExtraMetrics()) {
        flattener.flatten(
            bean,
            beanProperties,
            root,
            extra.getName(),
            extra.getDescription(),
            extra.getValue(),
            unsupported);
      }
    }
    for (int i = 0; i < values.size(); i++) {
      Attribute attribute = values.get(i);
      MBeanAttributeInfo info = plan.info(i, attribute.getName());
      if (info == null) {
        continue; // returned by the server but not declared: nothing to describe it with
      }
      flattener.flatten(
          bean,
          beanProperties,
          root,
          info.getName(),
          info.getDescription(),
          attribute.getValue(),
          unsupported);
    }
  }

  private MetricCustomizerConfig customizerFor(String domain, Map<String, String> beanProperties) {
    for (MetricCustomizerConfig customizer : config.getMetricCustomizers()) {
      if (customizer.matches(domain, beanProperties)) {
        return customizer;
      }
    }
    return null;
  }

  private static List<Map.Entry<String, String>> customLabels(
      MetricCustomizerConfig customizer, List<Attribute> values) {
    List<Map.Entry<String, String>> labels = new ArrayList<>();
    for (String wanted : customizer.getAttributesAsLabels()) {
      for (Attribute attribute : values) {
        if (attribute.getName().equals(wanted) && attribute.getValue() != null) {
          labels.add(
              new AbstractMap.SimpleImmutableEntry<>(wanted, attribute.getValue().toString()));
          break;
        }
      }
    }
    return labels;
  }

  private static Object[] args(Object a, Object b) {
    return new Object[] {a, b};
  }

  /** What the walker remembers about one listed bean. */
  private static final class BeanState {
    final BeanContext context;
    // Replaced as a whole, never changed: a worker abandoned mid-bean may still be reading it.
    volatile ReadPlan plan;

    BeanState(BeanContext context) {
      this.context = context;
    }
  }

  /** The attributes requested from a bean, worked out from one MBeanInfo and filter version. */
  private static final class ReadPlan {
    final MBeanAttributeInfo[] declared;
    final boolean exactTypes;
    final int filterVersion;
    final String[] requested;
    final MBeanAttributeInfo[] infos;

    ReadPlan(
        MBeanAttributeInfo[] declared,
        boolean exactTypes,
        int filterVersion,
        Map<String, MBeanAttributeInfo> readable) {
      this(
          declared,
          exactTypes,
          filterVersion,
          readable.values().toArray(new MBeanAttributeInfo[0]));
    }

    private ReadPlan(
        MBeanAttributeInfo[] declared,
        boolean exactTypes,
        int filterVersion,
        MBeanAttributeInfo[] infos) {
      this.declared = declared;
      this.exactTypes = exactTypes;
      this.filterVersion = filterVersion;
      this.infos = infos;
      this.requested = new String[infos.length];
      for (int i = 0; i < infos.length; i++) {
        requested[i] = infos[i].getName();
      }
    }

    /** This plan for an equal attribute list (see {@link #sameAttributes}). */
    ReadPlan describedBy(MBeanAttributeInfo[] equal) {
      return new ReadPlan(equal, exactTypes, filterVersion, infos);
    }

    /**
     * The description of the i-th returned value: servers answer in the order asked, so position i
     * is tried first; a value missing from the answer shifts the rest, hence the search.
     */
    MBeanAttributeInfo info(int i, String attribute) {
      if (i < requested.length && requested[i].equals(attribute)) {
        return infos[i];
      }
      for (int j = 0; j < requested.length; j++) {
        if (requested[j].equals(attribute)) {
          return infos[j];
        }
      }
      return null; // returned by the server but not asked for: nothing to describe it with
    }
  }

  /** What one walk did: beans read, beans and attributes that failed. */
  public static final class Result {
    private int beansRead;

    /** An empty result, to be filled by {@link BeanWalker#read}. */
    public Result() {}

    /** Adds another result's counts and failures to this one. */
    public void add(Result other) {
      beansRead += other.beansRead;
      beansFailed += other.beansFailed;
      attributesFailed += other.attributesFailed;
      failures.putAll(other.failures);
    }

    private int beansFailed;
    private int attributesFailed;
    private final Map<ObjectName, String> failures = new LinkedHashMap<>();

    void failed(ObjectName name, String operation, Exception e) {
      beansFailed++;
      failures.put(name, operation + ": " + e);
      LOG.log(Level.FINE, "{0}: {1} failed: {2}", new Object[] {name, operation, e});
    }

    public int getBeansRead() {
      return beansRead;
    }

    public int getBeansFailed() {
      return beansFailed;
    }

    public int getAttributesFailed() {
      return attributesFailed;
    }

    /** Failed beans and why, in walk order. */
    public Map<ObjectName, String> getFailures() {
      return Collections.unmodifiableMap(failures);
    }
  }
}
