package io.github.jmxprom.it.app;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * {@code java ... ManyBeansApp <dir> <beans> <seconds>}: the {@link App} plus {@code beans} beans
 * {@code it.load:type=Bean,n=<i>} and {@code it.load:type=Reads}, whose {@code Count} tells how
 * often it was read (once per collection). When the file {@code <dir>/gc} appears it runs a full
 * GC, prints {@code HEAP AFTER GC <bytes>} and deletes the file.
 */
public final class ManyBeansApp {

  public interface ValueMBean {
    long getValue();
  }

  public interface ReadsMBean {
    long getCount();
  }

  public static final class Value implements ValueMBean {
    private final long value;

    Value(long value) {
      this.value = value;
    }

    @Override
    public long getValue() {
      return value;
    }
  }

  public static final class Reads implements ReadsMBean {
    private final AtomicLong reads = new AtomicLong();

    @Override
    public long getCount() {
      return reads.incrementAndGet();
    }
  }

  private ManyBeansApp() {}

  public static void main(String[] args) throws Exception {
    Path dir = Paths.get(args[0]);
    int beans = Integer.parseInt(args[1]);
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    for (int i = 0; i < beans; i++) {
      server.registerMBean(new Value(i), new ObjectName("it.load:type=Bean,n=" + i));
    }
    server.registerMBean(new Reads(), new ObjectName("it.load:type=Reads"));
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    Path gc = dir.resolve("gc");
    App.run(
        Integer.parseInt(args[2]),
        () -> {
          if (Files.exists(gc)) {
            System.gc();
            System.out.println("HEAP AFTER GC " + memory.getHeapMemoryUsage().getUsed());
            try {
              Files.delete(gc);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        });
  }
}
