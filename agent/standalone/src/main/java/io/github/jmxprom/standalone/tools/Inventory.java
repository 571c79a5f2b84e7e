package io.github.jmxprom.standalone.tools;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.collector.config.JmxTarget;
import io.github.jmxprom.collector.jmx.BeanContext;
import io.github.jmxprom.collector.jmx.BeanSelection;
import io.github.jmxprom.collector.jmx.BeanWalker;
import io.github.jmxprom.collector.jmx.Failures;
import io.github.jmxprom.collector.jmx.LeafReceiver;
import io.github.jmxprom.standalone.probe.LocalJvms;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Every scalar value of a JVM's MBeans, as the walker hands them to the rule engine: bean, key
 * properties, composite path, attribute, description, Java type and value. Recorded once with
 * {@code dump}, an inventory lets {@code explain} and {@code lint} run offline and repeatably
 * (golden tests, a config reviewed away from production).
 *
 * <pre>{@code
 * Inventory inv = Inventory.fromTarget("127.0.0.1:9999");
 * inv.write(Paths.get("inventory.json"));
 * Inventory.read(Paths.get("inventory.json")).replay(engineReceiver);
 * }</pre>
 */
public final class Inventory {

  /** One leaf. */
  static final class Leaf {
    final String objectName;
    final Map<String, String> properties;
    final List<String> path;
    final String attribute;
    final String description;
    final Object value;

    Leaf(
        String objectName,
        Map<String, String> properties,
        List<String> path,
        String attribute,
        String description,
        Object value) {
      this.objectName = objectName;
      this.properties = properties;
      this.path = path;
      this.attribute = attribute;
      this.description = description;
      this.value = value;
    }
  }

  private final String source;
  private final List<Leaf> leaves;

  private Inventory(String source, List<Leaf> leaves) {
    this.source = source;
    this.leaves = leaves;
  }

  /** Where it came from: the target, or the file. */
  public String getSource() {
    return source;
  }

  public int size() {
    return leaves.size();
  }

  /**
   * Reads every MBean of a target ({@code host:port}, {@code service:jmx:} URL or {@code pid:<n>}).
   */
  public static Inventory fromTarget(String target) throws IOException {
    return fromTarget(target, ConfigLoader.load("{}\n"));
  }

  /** As {@link #fromTarget(String)}, reading only the beans the config selects. */
  public static Inventory fromTarget(String target, CollectorConfig config) throws IOException {
    JmxTarget parsed = JmxTarget.parse(target);
    String url =
        parsed.isLocalPid() ? LocalJvms.connectorAddress(parsed.getPid()) : parsed.getJmxUrl();
    try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
      return fromConnection(target, connector.getMBeanServerConnection(), config);
    }
  }

  /**
   * Why a target could not be read, in one line saying what to check: a refused connection or an
   * unknown host in words (RMI buries them under naming and remote exceptions), anything else as
   * {@link Failures#describe} puts it. The tools print it after the target's address.
   */
  public static String whyUnreadable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException) {
        return "connection refused: no JMX connector listens there (a JVM opens one with"
            + " -Dcom.sun.management.jmxremote.port=<port>)";
      }
      if (t instanceof UnknownHostException) {
        return "unknown host " + t.getMessage();
      }
    }
    return Failures.describe(e);
  }

  /** Every leaf of the beans the config selects on a connection, named {@code source}. */
  static Inventory fromConnection(
      String source, MBeanServerConnection connection, CollectorConfig config) throws IOException {
    List<Leaf> leaves = new ArrayList<>();
    BeanWalker walker =
        new BeanWalker(
            config,
            (bean, properties, path, attribute, description, value) ->
                leaves.add(
                    new Leaf(
                        bean.getObjectName().getCanonicalName(),
                        new LinkedHashMap<>(properties),
                        new ArrayList<>(path),
                        attribute,
                        description,
                        value)));
    try {
      walker.walk(connection);
    } finally {
      walker.close();
    }
    return new Inventory(source, leaves);
  }

  /**
   * The leaves of {@code --target} or of {@code --inventory} (exactly one is given), as the
   * commands take them: in both cases only those of the beans and attributes the config selects
   * ({@code includeObjectNames}, {@code excludeObjectNames}, {@code excludeJvmMetrics}, {@code
   * include/excludeObjectNameAttributes}).
   */
  public static Inventory open(String target, String inventoryFile, CollectorConfig config)
      throws IOException {
    return target != null
        ? fromTarget(target, config)
        : read(java.nio.file.Paths.get(inventoryFile)).selectedBy(config);
  }

  /**
   * The leaves a walk with this config would have read, bean by bean in the order it would read
   * them ({@link BeanSelection#inWalkOrder}): the order decides which of two samples with the same
   * name and labels a scrape keeps.
   */
  public Inventory selectedBy(CollectorConfig config) {
    BeanSelection selection = new BeanSelection(config);
    Map<ObjectName, List<Leaf>> byBean = new LinkedHashMap<>();
    for (Leaf leaf : leaves) {
      byBean.computeIfAbsent(objectName(leaf.objectName), n -> new ArrayList<>()).add(leaf);
    }
    List<Leaf> kept = new ArrayList<>();
    for (ObjectName name : selection.inWalkOrder(new ArrayList<>(byBean.keySet()))) {
      for (Leaf leaf : byBean.get(name)) {
        if (selection.reads(name, leaf.path.isEmpty() ? leaf.attribute : leaf.path.get(0))) {
          kept.add(leaf);
        }
      }
    }
    return new Inventory(source, kept);
  }

  /** Hands every leaf, in recorded order, to a receiver as a walk would. */
  public void replay(LeafReceiver receiver) {
    Map<String, BeanContext> beans = new LinkedHashMap<>();
    for (Leaf leaf : leaves) {
      BeanContext bean =
          beans.computeIfAbsent(leaf.objectName, n -> context(objectName(n), leaf.properties));
      receiver.leaf(bean, leaf.properties, leaf.path, leaf.attribute, leaf.description, leaf.value);
    }
  }

  /** The bean's own key properties in written order: a table row's index columns left out. */
  private static BeanContext context(ObjectName name, Map<String, String> leafProperties) {
    Map<String, String> own = new LinkedHashMap<>();
    for (Map.Entry<String, String> p : leafProperties.entrySet()) {
      if (name.getKeyProperty(p.getKey()) != null) {
        own.put(p.getKey(), p.getValue());
      }
    }
    return new BeanContext(name, Collections.unmodifiableMap(own), Collections.emptyList());
  }

  private static ObjectName objectName(String name) {
    try {
      return new ObjectName(name);
    } catch (MalformedObjectNameException e) {
      throw new IllegalArgumentException("not an ObjectName: " + name, e);
    }
  }

  /** Writes the inventory as JSON, one leaf per line so that diffs stay readable. */
  public void write(Path file) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("{\"source\": ").append(Json.quote(source)).append(",\n \"leaves\": [");
    String sep = "\n";
    for (Leaf leaf : leaves) {
      b.append(sep).append("  {\"bean\": ").append(Json.quote(leaf.objectName));
      b.append(", \"properties\": {");
      String s = "";
      for (Map.Entry<String, String> p : leaf.properties.entrySet()) {
        b.append(s).append(Json.quote(p.getKey())).append(": ").append(Json.quote(p.getValue()));
        s = ", ";
      }
      b.append("}, \"path\": [");
      s = "";
      for (String p : leaf.path) {
        b.append(s).append(Json.quote(p));
        s = ", ";
      }
      b.append("], \"attribute\": ").append(Json.quote(leaf.attribute));
      b.append(", \"type\": ").append(Json.quote(typeName(leaf.value)));
      b.append(", \"value\": ").append(Json.quote(String.valueOf(leaf.value)));
      if (leaf.description != null) {
        b.append(", \"description\": ").append(Json.quote(leaf.description));
      }
      b.append('}');
      sep = ",\n";
    }
    b.append("\n]}\n");
    Files.write(file, b.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String typeName(Object value) {
    return value instanceof RecordedNumber
        ? ((RecordedNumber) value).type()
        : value.getClass().getSimpleName();
  }

  /** Reads a file written by {@link #write}; a malformed file is an IOException naming it. */
  @SuppressWarnings("unchecked")
  public static Inventory read(Path file) throws IOException {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    try {
      Map<String, Object> root = (Map<String, Object>) Json.parse(text);
      List<Leaf> leaves = new ArrayList<>();
      int n = 0;
      for (Object o : (List<Object>) root.get("leaves")) {
        Map<String, Object> m = (Map<String, Object>) o;
        Map<String, String> properties = new LinkedHashMap<>();
        for (Map.Entry<String, Object> p : ((Map<String, Object>) m.get("properties")).entrySet()) {
          properties.put(p.getKey(), (String) p.getValue());
        }
        List<String> path = new ArrayList<>();
        for (Object p : (List<Object>) m.get("path")) {
          path.add((String) p);
        }
        String where = file + ": leaves[" + n++ + "]";
        leaves.add(
            new Leaf(
                (String) m.get("bean"),
                properties,
                path,
                (String) m.get("attribute"),
                (String) m.get("description"),
                value(where, (String) m.get("type"), m.get("value"))));
      }
      return new Inventory(file.toString(), leaves);
    } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
      throw new IOException(
          file + ": not an inventory written by 'dump' (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The value as recorded: {@code dump} writes the Java type's simple name and the value as text; a
   * hand-written inventory may give a JSON number or boolean and leave the type out.
   */
  private static Object value(String where, String type, Object recorded) {
    if (recorded == null) {
      throw new IllegalArgumentException(where + ": no value");
    }
    String text = String.valueOf(recorded);
    if (type == null) {
      if (recorded instanceof Boolean) {
        return recorded;
      } else if (recorded instanceof Json.Num) {
        type = text.matches("-?[0-9]+") ? "Long" : "Double";
      } else {
        type = "String";
      }
    }
    switch (type) {
      case "Long":
        return Long.valueOf(text);
      case "Integer":
        return Integer.valueOf(text);
      case "Short":
        return Short.valueOf(text);
      case "Byte":
        return Byte.valueOf(text);
      case "Double":
        return Double.valueOf(text);
      case "Float":
        return Float.valueOf(text);
      case "BigDecimal":
        return new BigDecimal(text);
      case "BigInteger":
        return new BigInteger(text);
      case "Boolean":
        return Boolean.valueOf(text);
      case "String":
        return text;
      case "AtomicLong":
        return new AtomicLong(Long.parseLong(text));
      case "AtomicInteger":
        return new AtomicInteger(Integer.parseInt(text));
      default:
        // Any other Number (LongAdder, a vendor's own class): the rules see its text and value.
        if (RecordedNumber.parses(text)) {
          return new RecordedNumber(type, text);
        }
        throw new IllegalArgumentException(where + ": unknown type " + type + " of " + text);
    }
  }
}
