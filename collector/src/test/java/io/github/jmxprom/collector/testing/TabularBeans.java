package io.github.jmxprom.collector.testing;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/**
 * Beans whose attributes are {@link javax.management.openmbean.TabularData}: the example
 * application's disk-usage tables (§6.2) and the MXBean maps of §6.1 ({@code HadoopDataNode}'s
 * nested {@code Map<String, Map<String, Long>>}, {@code ExistDb}'s map with a composite key), and a
 * table whose index column clashes with a bean property.
 */
public final class TabularBeans {

  private TabularBeans() {}

  /** A nested map attribute {@code DatanodeNetworkCounts}. */
  public interface HadoopDataNodeMXBean {
    Map<String, Map<String, Long>> getDatanodeNetworkCounts();
  }

  /** A map attribute {@code RunningQueries} keyed by a composite. */
  public interface ExistDbMXBean {
    Map<QueryKey, RunningQuery> getRunningQueries();
  }

  /** The composite key of {@link ExistDbMXBean}. */
  public static final class QueryKey implements Comparable<QueryKey> {
    private final int id;
    private final String path;

    QueryKey(int id, String path) {
      this.id = id;
      this.path = path;
    }

    public int getId() {
      return id;
    }

    public String getPath() {
      return path;
    }

    @Override
    public int compareTo(QueryKey other) {
      return path.compareTo(other.path);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof QueryKey && ((QueryKey) other).path.equals(path);
    }

    @Override
    public int hashCode() {
      return path.hashCode();
    }
  }

  /** The composite value of {@link ExistDbMXBean}. */
  public static final class RunningQuery {
    private final int id;
    private final String path;
    private final long startedAtTime;
    private final long elapsedTime;

    RunningQuery(int id, String path, long startedAtTime, long elapsedTime) {
      this.id = id;
      this.path = path;
      this.startedAtTime = startedAtTime;
      this.elapsedTime = elapsedTime;
    }

    public int getId() {
      return id;
    }

    public String getPath() {
      return path;
    }

    public long getStartedAtTime() {
      return startedAtTime;
    }

    public long getElapsedTime() {
      return elapsedTime;
    }
  }

  /** The beans, ObjectName string to MBean. */
  public static Beans beans() {
    Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
    counts.put("1.2.3.4", Map.of("networkErrors", 338L));
    Map<QueryKey, RunningQuery> queries = new TreeMap<>();
    queries.put(
        new QueryKey(1, "/db/query1.xq"),
        new RunningQuery(1, "/db/query1.xq", 1_700_000_000_000L, 81_583_877_779L));
    queries.put(
        new QueryKey(2, "/db/query2.xq"),
        new RunningQuery(2, "/db/query2.xq", 1_700_000_000_000L, 1_234L));
    return new Beans()
        .add("io.prometheus.jmx:type=tabularData", diskUsage())
        .add(
            "Hadoop:name=DataNodeInfo,service=DataNode",
            Beans.mxbean(HadoopDataNodeMXBean.class, () -> counts))
        .add(
            "org.exist.management.exist:type=ProcessReport",
            Beans.mxbean(ExistDbMXBean.class, () -> queries))
        .add("test.tabular:type=Clash,name=x", clashingTable());
  }

  /**
   * {@code test.tabular:type=Clash,name=x}: a table indexed by a column named like a bean property
   * ({@code name}), with a value column named {@code Value} (no suffix in the default export) and
   * an empty table.
   */
  static MapBean clashingTable() {
    try {
      String[] columns = {"name", "Value", "count"};
      OpenType<?>[] types = {SimpleType.STRING, SimpleType.LONG, SimpleType.INTEGER};
      CompositeType row = new CompositeType("Clash Row", "Clashing row", columns, columns, types);
      TabularType table =
          new TabularType("Clash Table", "Clashing table", row, new String[] {"name"});
      TabularDataSupport rows = new TabularDataSupport(table);
      rows.put(new CompositeDataSupport(row, columns, new Object[] {"a", 1L, 10}));
      rows.put(new CompositeDataSupport(row, columns, new Object[] {"b", 2L, 20}));
      String type = javax.management.openmbean.TabularData.class.getName();
      return new MapBean()
          .with("Rows", rows)
          .declare("Rows", type, "Rows")
          .with("Empty", new TabularDataSupport(table))
          .declare("Empty", type, "Empty");
    } catch (OpenDataException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code io.prometheus.jmx:type=tabularData}: two disk usage tables indexed by source. */
  static MapBean diskUsage() {
    try {
      String[] columns = {"source", "target", "size", "used", "avail", "pcent"};
      OpenType<?>[] types = {
        SimpleType.STRING,
        SimpleType.STRING,
        SimpleType.BIGINTEGER,
        SimpleType.BIGINTEGER,
        SimpleType.BIGINTEGER,
        SimpleType.DOUBLE
      };
      String[] descriptions = {"filesystem", "mounted on", "size", "used", "available", "use %"};
      CompositeType row =
          new CompositeType(
              "Disk Usage Row",
              "Row Type for File System Disk Space Usage Tables",
              columns,
              descriptions,
              types);
      TabularType table =
          new TabularType(
              "Disk Usage Table",
              "Tabular Type for File System Disk Space Usage Tables",
              row,
              new String[] {"source"});
      TabularDataSupport server1 = new TabularDataSupport(table);
      server1.put(new CompositeDataSupport(row, columns, diskRow("/dev/sda1", "/home", 7, 6)));
      server1.put(new CompositeDataSupport(row, columns, diskRow("/dev/sda2", "/", 14, 8)));
      TabularDataSupport server2 = new TabularDataSupport(table);
      server2.put(new CompositeDataSupport(row, columns, diskRow("/dev/sda1", "/home", 24, 13)));
      server2.put(new CompositeDataSupport(row, columns, diskRow("/dev/sda2", "/", 100, 80)));
      String type = javax.management.openmbean.TabularData.class.getName();
      return new MapBean()
          .with("Server 1 Disk Usage Table", server1)
          .declare("Server 1 Disk Usage Table", type, "File System Disk Space Usage of Server 1")
          .with("Server 2 Disk Usage Table", server2)
          .declare("Server 2 Disk Usage Table", type, "File System Disk Space Usage of Server 2");
    } catch (OpenDataException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object[] diskRow(String source, String target, int sizeGb, int usedGb) {
    BigInteger gigabyte = BigInteger.valueOf(1024).pow(3);
    return new Object[] {
      source,
      target,
      BigInteger.valueOf(sizeGb).multiply(gigabyte),
      BigInteger.valueOf(usedGb).multiply(gigabyte),
      BigInteger.valueOf(sizeGb - usedGb).multiply(gigabyte),
      (double) usedGb / (double) sizeGb
    };
  }
}
