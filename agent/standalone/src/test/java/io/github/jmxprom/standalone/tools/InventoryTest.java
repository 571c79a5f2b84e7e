package io.github.jmxprom.standalone.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What dump writes, read back, is what the walk handed over: same leaves, same explanation. */
class InventoryTest {

  /** Every scalar type a standard MBean can hand over. */
  public interface ScalarsMBean {
    long getLong();

    int getInt();

    short getShort();

    byte getByte();

    double getDouble();

    double getNotANumber();

    float getFloat();

    BigDecimal getBigDecimal();

    BigInteger getBigInteger();

    boolean getFlag();

    String getText();

    AtomicLong getAtomicLong();

    AtomicInteger getAtomicInteger();

    LongAdder getAdder();

    TimeUnit getUnit();
  }

  /** The values. */
  public static final class Scalars implements ScalarsMBean {
    @Override
    public long getLong() {
      return Long.MAX_VALUE;
    }

    @Override
    public int getInt() {
      return -7;
    }

    @Override
    public short getShort() {
      return 3;
    }

    @Override
    public byte getByte() {
      return 2;
    }

    @Override
    public double getDouble() {
      return 0.1;
    }

    @Override
    public double getNotANumber() {
      return Double.NaN;
    }

    @Override
    public float getFloat() {
      return 1.5f;
    }

    @Override
    public BigDecimal getBigDecimal() {
      return new BigDecimal("12345678901234567890.5");
    }

    @Override
    public BigInteger getBigInteger() {
      return new BigInteger("123456789012345678901234567890");
    }

    @Override
    public boolean getFlag() {
      return true;
    }

    @Override
    public String getText() {
      return "a \"quoted\" \\ line\nnext\ttab é ✓";
    }

    @Override
    public AtomicLong getAtomicLong() {
      return new AtomicLong(99);
    }

    @Override
    public AtomicInteger getAtomicInteger() {
      return new AtomicInteger(-1);
    }

    @Override
    public LongAdder getAdder() {
      LongAdder adder = new LongAdder();
      adder.add(41);
      adder.increment();
      return adder;
    }

    @Override
    public TimeUnit getUnit() {
      return TimeUnit.SECONDS;
    }
  }

  /** A composite item. */
  public static final class Usage {
    private final long used;
    private final long max;

    public Usage(long used, long max) {
      this.used = used;
      this.max = max;
    }

    public long getUsed() {
      return used;
    }

    public long getMax() {
      return max;
    }
  }

  /** Composite and tabular values, as MXBeans make them. */
  public interface OpenMXBean {
    Usage getUsage();

    Map<String, Long> getCounts();

    Map<String, Usage> getPools();

    Date getStarted();
  }

  /** The values. */
  public static final class Open implements OpenMXBean {
    @Override
    public Usage getUsage() {
      return new Usage(10, 100);
    }

    @Override
    public Map<String, Long> getCounts() {
      Map<String, Long> counts = new LinkedHashMap<>();
      counts.put("a", 1L);
      counts.put("b,c", 2L);
      return counts;
    }

    @Override
    public Map<String, Usage> getPools() {
      Map<String, Usage> pools = new LinkedHashMap<>();
      pools.put("eden", new Usage(5, 50));
      return pools;
    }

    @Override
    public Date getStarted() {
      return new Date(1_700_000_000_123L);
    }
  }

  @TempDir Path dir;

  private final MBeanServer server = MBeanServerFactory.newMBeanServer();

  InventoryTest() throws Exception {
    server.registerMBean(new Scalars(), new ObjectName("test:type=Scalars,name=all"));
    server.registerMBean(new Open(), new ObjectName("test:type=Open"));
  }

  @Test
  void everyLeafTypeRoundTripsThroughTheFile() throws Exception {
    CollectorConfig config = ConfigLoader.load("includeObjectNames: ['test:*']\n");
    Inventory live = Inventory.fromConnection("live", server, config);
    Path file = dir.resolve("inventory.json");
    live.write(file);
    Inventory read = Inventory.read(file);

    List<String> liveLeaves = leaves(live);
    assertThat(liveLeaves).hasSize(22);
    assertThat(leaves(read)).containsExactlyElementsOf(liveLeaves);
    assertThat(liveLeaves)
        .contains(
            "test:name=all,type=Scalars {type=Scalars, name=all} [] Adder LongAdder 42 = 42.0",
            "test:name=all,type=Scalars {type=Scalars, name=all} [] Unit String SECONDS = NaN",
            "test:type=Open {type=Open, key=b,c} [] Counts Long 2 = 2.0",
            "test:type=Open {type=Open, key=eden} [Pools] used Long 5 = 5.0",
            "test:type=Open {type=Open} [Usage] max Long 100 = 100.0",
            "test:type=Open {type=Open} [] Started Double 1.700000000123E9 = 1.700000000123E9");

    // Written again, the leaves are the same (the source is now the file): nothing is lost.
    Path again = dir.resolve("again.json");
    read.write(again);
    assertThat(Files.readString(again))
        .startsWith("{\"source\": " + Json.quote(file.toString()) + ",\n")
        .endsWith(Files.readString(file).substring(Files.readString(file).indexOf('\n')));
  }

  @Test
  void explainOnTheReadBackInventoryEqualsExplainOnTheLiveBeans() throws Exception {
    CollectorConfig config =
        ConfigLoader.load(
            "includeObjectNames: ['test:*']\n"
                + "rules:\n"
                + "- pattern: 'test<type=Open, key=(.+)><>Counts'\n"
                + "  name: open_count\n"
                + "  labels: {key: $1}\n"
                + "- pattern: 'test<type=Scalars, name=all><>(Text|Unit): (.*)'\n"
                + "  name: scalar_info\n"
                + "  value: 1\n"
                + "  labels: {what: $1, text: $2}\n"
                + "- pattern: 'test<(.*)><(.*)>(\\w+)'\n"
                + "  name: other_$3\n");
    Inventory live = Inventory.fromConnection("live", server, config);
    Path file = dir.resolve("inventory.json");
    live.write(file);
    String fromLive = explain(config, live);
    assertThat(explain(config, Inventory.read(file))).isEqualTo(fromLive);
    assertThat(fromLive)
        .contains("open_count{key=\"b,c\"} 2 unknown")
        .contains("other_Adder 42 unknown")
        .contains("other_NotANumber NaN unknown")
        // As /metrics serves it: without the _info a name may not end in.
        .contains("scalar{text=\"SECONDS\",what=\"Unit\"} 1 unknown");
  }

  @Test
  void aHandWrittenInventoryMayUseJsonNumbersAndBooleansWithoutTypes() throws IOException {
    Path file = dir.resolve("hand.json");
    Files.writeString(
        file,
        "{\"leaves\": [\n"
            + " {\"bean\": \"a:type=B\", \"properties\": {\"type\": \"B\"}, \"path\": [],"
            + " \"attribute\": \"N\", \"value\": 12},\n"
            + " {\"bean\": \"a:type=B\", \"properties\": {\"type\": \"B\"}, \"path\": [],"
            + " \"attribute\": \"D\", \"value\": 1.5e3},\n"
            + " {\"bean\": \"a:type=B\", \"properties\": {\"type\": \"B\"}, \"path\": [],"
            + " \"attribute\": \"F\", \"value\": false},\n"
            + " {\"bean\": \"a:type=B\", \"properties\": {\"type\": \"B\"}, \"path\": [],"
            + " \"attribute\": \"S\", \"value\": \"x\"}\n"
            + "]}\n");
    assertThat(leaves(Inventory.read(file)))
        .containsExactly(
            "a:type=B {type=B} [] N Long 12 = 12.0",
            "a:type=B {type=B} [] D Double 1500.0 = 1500.0",
            "a:type=B {type=B} [] F Boolean false = NaN",
            "a:type=B {type=B} [] S String x = NaN");
  }

  @Test
  void aMalformedInventoryNamesTheFileAndTheLeaf() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(
        file,
        "{\"leaves\": [{\"bean\": \"a:type=B\", \"properties\": {}, \"path\": [],"
            + " \"attribute\": \"N\", \"type\": \"Long\", \"value\": \"x\"}]}");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Inventory.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file + ": not an inventory written by 'dump'");
    Files.writeString(
        file,
        "{\"leaves\": [{\"bean\": \"a:type=B\", \"properties\": {}, \"path\": [],"
            + " \"attribute\": \"N\", \"type\": \"Thing\", \"value\": \"x\"}]}");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Inventory.read(file))
        .hasMessageContaining("leaves[0]: unknown type Thing of x");
  }

  /** Every leaf as text: bean, properties, path, attribute, value type, value, numeric value. */
  private static List<String> leaves(Inventory inventory) {
    List<String> out = new ArrayList<>();
    inventory.replay(
        (bean, properties, path, attribute, description, value) -> {
          String type =
              value instanceof RecordedNumber
                  ? ((RecordedNumber) value).type()
                  : value.getClass().getSimpleName();
          double number = value instanceof Number ? ((Number) value).doubleValue() : Double.NaN;
          out.add(
              bean.getObjectName().getCanonicalName()
                  + " "
                  + properties
                  + " "
                  + path
                  + " "
                  + attribute
                  + " "
                  + type
                  + " "
                  + value
                  + " = "
                  + number);
        });
    return out;
  }

  private static String explain(CollectorConfig config, Inventory inventory) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Explain.explain(config, inventory, null, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
