package io.github.jmxprom.it.harness;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts child JVMs and stops them after each test ({@link #perTest()}, an instance field) or after
 * the test class ({@link #perClass()}, a static field), by their own PIDs. When a test fails the
 * output of every child is printed, which is what a failure report needs. A shutdown hook stops
 * whatever is left if the test JVM itself is stopped.
 *
 * <pre>{@code
 * @RegisterExtension final ChildJvms jvms = ChildJvms.perTest();
 * ...
 * ChildJvm app = jvms.start(ChildJvm.app("app").mainClass(App.class));
 * }</pre>
 */
public final class ChildJvms implements AfterEachCallback, AfterAllCallback {

  private static final List<ChildJvm> EVERY_CHILD = new ArrayList<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  synchronized (EVERY_CHILD) {
                    EVERY_CHILD.forEach(ChildJvm::destroy);
                  }
                },
                "stop-child-jvms"));
  }

  private final boolean perClass;
  private final List<ChildJvm> started = new ArrayList<>();

  private ChildJvms(boolean perClass) {
    this.perClass = perClass;
  }

  /** Children stopped after each test. */
  public static ChildJvms perTest() {
    return new ChildJvms(false);
  }

  /** Children shared by the tests of a class, stopped after the last one. */
  public static ChildJvms perClass() {
    return new ChildJvms(true);
  }

  public ChildJvm start(ChildJvm.Builder builder) {
    ChildJvm child = builder.start();
    synchronized (this) {
      started.add(child);
    }
    synchronized (EVERY_CHILD) {
      EVERY_CHILD.add(child);
    }
    return child;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stopAll(context);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stopAll(context);
  }

  private void stopAll(ExtensionContext context) {
    List<ChildJvm> children;
    synchronized (this) {
      children = new ArrayList<>(started);
      started.clear();
    }
    for (ChildJvm child : children) {
      child.destroy();
      synchronized (EVERY_CHILD) {
        EVERY_CHILD.remove(child);
      }
    }
    if (context.getExecutionException().isPresent()) {
      for (ChildJvm child : children) {
        System.out.println(child.dump());
      }
    }
  }
}
