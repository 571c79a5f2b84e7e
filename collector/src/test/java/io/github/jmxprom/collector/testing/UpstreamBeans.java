package io.github.jmxprom.collector.testing;

import java.util.Date;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scalar test MBeans of jmx_exporter's collector unit tests (reference §6.1) and the example
 * application's {@code autoIncrementing} bean (§6.2), with the same ObjectNames and values.
 */
public final class UpstreamBeans {

  /** Characters tried in {@code io.prometheus.jmx.test:type=Colliding<c>Name}. */
  public static final String COLLIDING_CHARS = " -.A1_";

  private static final AtomicInteger AUTO_INCREMENTING = new AtomicInteger();

  private UpstreamBeans() {}

  /** Restarts the counter of {@code io.prometheus.jmx:type=autoIncrementing} at 1. */
  public static void resetAutoIncrementing() {
    AUTO_INCREMENTING.set(0);
  }

  /** An int attribute {@code Value}. */
  public interface ValueMBean {
    int getValue();
  }

  /** A float attribute {@code Value}. */
  public interface FloatValueMBean {
    float getValue();
  }

  /** An int attribute {@code Total}. */
  public interface TotalValueMBean {
    int getTotal();
  }

  /** An int attribute {@code ActiveCount}. */
  public interface CassandraMBean {
    int getActiveCount();
  }

  /** An int attribute with a lower-case first letter: {@code replaceBlockOpMinTime}. */
  public interface HadoopMBean {
    int getreplaceBlockOpMinTime();
  }

  /** The enum of {@link StateMBean}. */
  public enum State {
    RUNNING,
    STOPPED
  }

  /** An enum attribute {@code State}. */
  public interface StateMBean {
    State getState();
  }

  /** An int attribute {@code RequestCount}. */
  public interface ServletMBean {
    int getRequestCount();
  }

  /** Two boolean attributes {@code True} and {@code False}. */
  public interface BoolMBean {
    boolean getTrue();

    boolean getFalse();
  }

  /** A Date attribute {@code LastExchangeFailureTimestamp}. */
  public interface CamelMBean {
    Date getLastExchangeFailureTimestamp();
  }

  /** An Integer {@code Value} and a String {@code Text}. */
  public interface CustomValueMBean {
    Integer getValue();

    String getText();
  }

  /** A String attribute {@code Text}. */
  public interface StringValueMBean {
    String getText();
  }

  /** A Date attribute {@code Timestamp}. */
  public interface DateValueMBean {
    Date getTimestamp();
  }

  /** An attribute {@code NullValue} that is always null. */
  public interface NullValueMBean {
    Object getNullValue();
  }

  /** An int[] attribute {@code Scores}. */
  public interface ArrayValueMBean {
    int[] getScores();
  }

  /** Optional attributes, one present and one empty. */
  public interface OptionalValueMBean {
    Optional<Integer> getOptionalPresent();

    Optional<Integer> getOptionalEmpty();
  }

  /** A value of a class jmx_exporter does not know (stands in for java.awt.Point). */
  public static final class Location {
    final int x;
    final int y;

    Location(int x, int y) {
      this.x = x;
      this.y = y;
    }

    @Override
    public String toString() {
      return "Location[" + x + "," + y + "]";
    }
  }

  /** An attribute of an unsupported class. */
  public interface UnsupportedTypeMBean {
    Location getLocation();
  }

  /** The beans, ObjectName string to MBean. */
  public static Beans beans() {
    Beans beans = new Beans();
    for (char c : COLLIDING_CHARS.toCharArray()) {
      beans.add(
          "io.prometheus.jmx.test:type=Colliding" + c + "Name",
          Beans.standard(ValueMBean.class, () -> 345));
    }
    beans.add(
        "io.prometheus.jmx.test:type=Total-Value",
        Beans.standard(TotalValueMBean.class, () -> 345));
    beans.add(
        "io.prometheus.jmx.test:type=Total.Value",
        Beans.standard(TotalValueMBean.class, () -> 345));
    beans.add(
        "org.apache.cassandra.concurrent:type=CONSISTENCY-MANAGER",
        Beans.standard(CassandraMBean.class, () -> 100));
    beans.add(
        "org.apache.cassandra.metrics:type=Compaction,name=CompletedTasks",
        Beans.standard(FloatValueMBean.class, () -> 0.2f));
    beans.add(
        "hadoop:service=DataNode,name=DataNodeActivity-ams-hdd001-50010",
        Beans.standard(HadoopMBean.class, () -> 200));
    beans.add(
        "org.bean.enum:type=StateMetrics", Beans.standard(StateMBean.class, () -> State.RUNNING));
    beans.add(
        "Catalina:j2eeType=Servlet,WebModule=//localhost/host-manager,name=HTMLHostManager,"
            + "J2EEApplication=none,J2EEServer=none",
        Beans.standard(ServletMBean.class, () -> 1));
    beans.add(
        "boolean:Type=Test",
        Beans.standard(
            BoolMBean.class,
            new BoolMBean() {
              @Override
              public boolean getTrue() {
                return true;
              }

              @Override
              public boolean getFalse() {
                return false;
              }
            }));
    beans.add(
        "org.apache.camel:context=my-camel-context,type=routes,name=\"my-route-name\"",
        Beans.standard(CamelMBean.class, () -> new Date(1573285945111L)));
    beans.add(
        "io.prometheus.jmx:type=customValue",
        Beans.standard(
            CustomValueMBean.class,
            new CustomValueMBean() {
              @Override
              public Integer getValue() {
                return 345;
              }

              @Override
              public String getText() {
                return "value";
              }
            }));
    beans.add(
        "io.prometheus.jmx:type=stringValue",
        Beans.standard(StringValueMBean.class, () -> "value"));
    beans.add(
        "kafka.consumer:type=consumer-node-metrics,client-id=my-app-consumer,node-id=node-1",
        new MapBean()
            .with("request-rate", 2)
            .declare("request-rate", "double", "Request rate")
            .with("request-total", 123)
            .declare("request-total", "double", "Request total"));
    beans.add(
        "io.prometheus.jmx.test:type=dateValue",
        Beans.standard(DateValueMBean.class, () -> new Date(1700000000000L)));
    beans.add(
        "io.prometheus.jmx.test:type=nullValue", Beans.standard(NullValueMBean.class, () -> null));
    beans.add(
        "io.prometheus.jmx.test:type=arrayValue",
        Beans.standard(ArrayValueMBean.class, () -> new int[] {1, 2, 3}));
    beans.add(
        "io.prometheus.jmx.test:type=optionalValue",
        Beans.standard(
            OptionalValueMBean.class,
            new OptionalValueMBean() {
              @Override
              public Optional<Integer> getOptionalPresent() {
                return Optional.of(42);
              }

              @Override
              public Optional<Integer> getOptionalEmpty() {
                return Optional.empty();
              }
            }));
    beans.add(
        "io.prometheus.jmx.test:type=unsupportedType",
        Beans.standard(UnsupportedTypeMBean.class, () -> new Location(10, 20)));
    beans.add(
        "io.prometheus.jmx:type=autoIncrementing",
        Beans.standard(ValueMBean.class, AUTO_INCREMENTING::incrementAndGet));
    return beans;
  }
}
