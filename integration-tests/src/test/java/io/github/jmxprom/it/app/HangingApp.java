package io.github.jmxprom.it.app;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * {@code java ... HangingApp <dir> <seconds>}: the {@link App} plus five fine beans {@code
 * it.hostile:type=Fine,n=<i>} and three beans {@code it.hostile:type=Hung,n=<i>} whose getter
 * blocks for as long as the file {@code <dir>/hang-<i>} exists (forever, unless a test deletes it),
 * and {@code it.hostile.y:type=<60 x's>} (value 7), a bean name on which a rule such as {@code
 * (.*x){12}y} backtracks catastrophically.
 */
public final class HangingApp {

  public interface ValueMBean {
    int getValue() throws InterruptedException;
  }

  /** A bean whose getter returns {@code value}, after waiting while {@code hangFile} exists. */
  public static final class Value implements ValueMBean {
    private final int value;
    private final Path hangFile;

    Value(int value, Path hangFile) {
      this.value = value;
      this.hangFile = hangFile;
    }

    @Override
    public int getValue() throws InterruptedException {
      while (hangFile != null && Files.exists(hangFile)) {
        Thread.sleep(50);
      }
      return value;
    }
  }

  /** The type of the bean a backtracking rule chokes on. */
  public static final String LONG_NAME = "x".repeat(60);

  private HangingApp() {}

  public static void main(String[] args) throws Exception {
    Path dir = Paths.get(args[0]);
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    for (int i = 0; i < 5; i++) {
      server.registerMBean(new Value(i, null), new ObjectName("it.hostile:type=Fine,n=" + i));
    }
    for (int i = 1; i <= 3; i++) {
      server.registerMBean(
          new Value(100 + i, dir.resolve("hang-" + i)),
          new ObjectName("it.hostile:type=Hung,n=" + i));
    }
    server.registerMBean(new Value(7, null), new ObjectName("it.hostile.y:type=" + LONG_NAME));
    App.run(Integer.parseInt(args[1]), () -> {});
  }
}
