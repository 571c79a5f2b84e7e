package io.github.jmxprom.collector.testing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanRegistration;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Beans that make exporters stumble: a bean whose MBeanInfo cannot be read, beans whose getters
 * throw, key properties and attribute names that collide once sanitised, names with reserved
 * suffixes, negative and non-finite numbers, property values that need escaping or quoting,
 * non-ASCII names, and attribute names that test snake-casing.
 */
public final class HostileBeans {

  private HostileBeans() {}

  /** A standard MBean with one good and one throwing getter. */
  public interface ThrowingGetterMBean {
    int getOk();

    int getBoom();
  }

  /**
   * The beans that break a whole jmx_exporter 1.0.1 scrape wherever they are: {@code
   * getMBeanInfo()} throwing aborts the rest of its JMX walk (partial output), and two bean
   * properties that sanitise to the same label name make the scrape throw. Differential tests
   * register them only for configs whose expectation is written down.
   */
  public static Beans breakingReference() {
    return new Beans()
        .add("test.hostile:type=BrokenInfo", new BrokenInfo())
        .add("test.collide:type=Props,a-b=1,a_b=2", new MapBean().with("Value", 8));
  }

  /** The beans jmx_exporter 1.0.1 copes with, ObjectName string to MBean. */
  public static Beans beans() {
    return new Beans()
        .add("test.hostile:type=BrokenBulkRead", new BrokenBulkRead())
        .add(
            "test.hostile:type=ThrowingGetter",
            Beans.standard(
                ThrowingGetterMBean.class,
                new ThrowingGetterMBean() {
                  @Override
                  public int getOk() {
                    return 1;
                  }

                  @Override
                  public int getBoom() {
                    throw new IllegalStateException("boom");
                  }
                }))
        .add("test.hostile:type=WriteOnly", new WriteOnly())
        .add("test.collide:a-b=1,a_b=2", new MapBean().with("Value", 7))
        .add(
            "test.suffix:type=Suffix",
            new MapBean()
                .with("Foo", 1)
                .with("Foo_total", 2)
                .with("requests_created", 3)
                .with("build_info", 4)
                .with("le_bucket", 5)
                .with("Bar_Total", 6))
        .add(
            "test.numbers:type=Numbers",
            new MapBean()
                .with("Negative", -5L)
                .with("NegativeDouble", -0.5)
                .with("NotANumber", Double.NaN)
                .with("Infinite", Double.POSITIVE_INFINITY)
                .with("MaxLong", Long.MAX_VALUE)
                .with("Decimal", new BigDecimal("12345.678"))
                .with("Huge", BigInteger.TWO.pow(70))
                .with("Small", (short) 7)
                .with("Tiny", (byte) 1)
                .with("Atomic", new AtomicLong(9))
                .with("Letter", 'c'))
        .add(
            "test.escape:type=Escape,path=\"C:\\\\temp\",quote=\"say \\\"hi\\\"\",nl=\"a\\nb\"",
            new MapBean().with("Value", 1).with("Message", "he said \"x\": done\\ok\nline2"))
        .add("test.escape:type=Quoted,name=\"a,b=c:d\"", new MapBean().with("Value", 2))
        .add("test.escape:type=EmptyQuoted,name=\"\"", new MapBean().with("Value", 3))
        .add("test.escape:type=Unicode,name=Grüße,städte=日本", new MapBean().with("Wert", 4))
        .add("test-dash.domain:type=Dashed", new MapBean().with("Value", 5))
        .add(
            "test.snake:type=Snake",
            new MapBean()
                .with("testTCPTest", 1)
                .with("TCP", 2)
                .with("_Test_Test", 3)
                .with("HTTPRequestCount", 4)
                .with("already_snake", 5)
                .with("a1B", 6)
                .with("Mixed-Case.Attr", 7));
  }

  /** {@code getMBeanInfo()} throws once the bean is registered. */
  static final class BrokenInfo extends MapBean implements MBeanRegistration {
    private volatile boolean armed;

    BrokenInfo() {
      with("Value", 1);
    }

    @Override
    public MBeanInfo getMBeanInfo() {
      if (armed) {
        throw new IllegalStateException("getMBeanInfo is broken");
      }
      return super.getMBeanInfo();
    }

    @Override
    public ObjectName preRegister(MBeanServer server, ObjectName name) {
      return name;
    }

    @Override
    public void postRegister(Boolean registrationDone) {
      armed = Boolean.TRUE.equals(registrationDone);
    }

    @Override
    public void preDeregister() {
      armed = false;
    }

    @Override
    public void postDeregister() {}
  }

  /**
   * A write-only {@code Secret} that must never be read, next to readable attributes whose
   * description is null ({@code Visible}) or empty ({@code Blank}).
   */
  static final class WriteOnly extends MapBean {
    WriteOnly() {
      with("Visible", 1)
          .declare("Visible", "int", null)
          .with("Blank", 2)
          .declare("Blank", "int", "");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
      MBeanInfo info = super.getMBeanInfo();
      MBeanAttributeInfo[] attributes = Arrays.copyOf(info.getAttributes(), 3);
      attributes[2] = new MBeanAttributeInfo("Secret", "int", "write only", false, true, false);
      return new MBeanInfo(
          info.getClassName(), info.getDescription(), attributes, null, null, null);
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
      if (attribute.equals("Secret")) {
        throw new IllegalStateException("Secret is write-only");
      }
      return super.getAttribute(attribute);
    }
  }

  /**
   * {@code getAttributes} throws, so exporters must fall back to reading one attribute at a time;
   * then {@code Broken} throws and {@code Good}, {@code Later} succeed.
   */
  static final class BrokenBulkRead extends MapBean {
    BrokenBulkRead() {
      with("Good", 1).with("Broken", 2).with("Later", 3);
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
      if (attribute.equals("Broken")) {
        throw new IllegalStateException("Broken cannot be read");
      }
      return super.getAttribute(attribute);
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
      throw new IllegalStateException("bulk read is broken");
    }
  }
}
