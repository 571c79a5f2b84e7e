package io.github.jmxprom.it.app;

import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;

/**
 * The beans the test app publishes:
 *
 * <ul>
 *   <li>{@code io.github.jmxprom.it:type=Heartbeat}: {@code Beats}, one more every heartbeat;
 *   <li>{@code io.github.jmxprom.it:type=Identity}: {@code Pid}, this process, so a test can tell
 *       which JVM's beans an exporter read;
 *   <li>{@code io.github.jmxprom.it:type=Pool,name=buffers}: {@code Usage}, a composite with {@code
 *       used} and {@code max};
 *   <li>{@code Catalina:type=GlobalRequestProcessor,name="http-nio-8080"}: Tomcat's request
 *       counters, {@code requestCount} rising with the heartbeat.
 * </ul>
 */
public final class AppMBeans {

  public static final String HEARTBEAT = "io.github.jmxprom.it:type=Heartbeat";
  public static final String IDENTITY = "io.github.jmxprom.it:type=Identity";
  public static final String POOL = "io.github.jmxprom.it:type=Pool,name=buffers";
  public static final String CATALINA =
      "Catalina:type=GlobalRequestProcessor,name=\"http-nio-8080\"";

  /** The {@code max} of the pool composite. */
  public static final long POOL_MAX = 4096;

  private final AtomicLong beats = new AtomicLong();

  private AppMBeans() {}

  public static AppMBeans register(MBeanServer server) throws JMException {
    AppMBeans beans = new AppMBeans();
    server.registerMBean(
        FixedAttributes.builder("heartbeats of the test app")
            .attribute("Beats", long.class, beans.beats::get)
            .attribute("Name", String.class, () -> "it-app")
            .build(),
        new ObjectName(HEARTBEAT));
    long pid = ProcessHandle.current().pid();
    server.registerMBean(
        FixedAttributes.builder("which JVM this is")
            .attribute("Pid", long.class, () -> pid)
            .build(),
        new ObjectName(IDENTITY));
    CompositeType usage = usageType();
    server.registerMBean(
        FixedAttributes.builder("a pool with a composite attribute")
            .attribute("Usage", CompositeData.class, () -> usage(usage, beans.beats.get()))
            .build(),
        new ObjectName(POOL));
    server.registerMBean(
        FixedAttributes.builder("like Tomcat's GlobalRequestProcessor")
            .attribute("requestCount", int.class, () -> (int) beans.beats.get())
            .attribute("errorCount", int.class, () -> 0)
            .attribute("bytesSent", long.class, () -> beans.beats.get() * 512)
            .attribute("maxTime", long.class, () -> 17L)
            .build(),
        new ObjectName(CATALINA));
    return beans;
  }

  /** One heartbeat: the rising values rise. */
  public void beat() {
    beats.incrementAndGet();
  }

  private static CompositeType usageType() throws OpenDataException {
    return new CompositeType(
        "Usage",
        "used and max",
        new String[] {"used", "max"},
        new String[] {"bytes in use", "bytes at most"},
        new OpenType<?>[] {SimpleType.LONG, SimpleType.LONG});
  }

  private static CompositeData usage(CompositeType type, long beats) {
    try {
      return new CompositeDataSupport(
          type, new String[] {"used", "max"}, new Object[] {beats % POOL_MAX, POOL_MAX});
    } catch (OpenDataException e) {
      throw new IllegalStateException(e);
    }
  }
}
