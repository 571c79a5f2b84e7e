package io.github.jmxprom.standalone.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.collector.config.JmxTarget;
import io.github.jmxprom.collector.jmx.MBeanServerSource;
import io.github.jmxprom.runtime.TargetCollectors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerFactory;
import org.junit.jupiter.api.Test;

/** The probe pool: reuse per (target, module), idle closing, the size bound. */
class TargetPoolTest {

  static final long MINUTE = 60_000_000_000L;

  final AtomicLong clock = new AtomicLong(1_000);
  final List<String> opened = new ArrayList<>();
  final List<String> closed = new ArrayList<>();
  final CollectorConfig config = ConfigLoader.load("excludeJvmMetrics: true\n");

  TargetPool pool(int maxTargets) {
    return new TargetPool(
        (target, module, now) -> {
          String name = module + " " + target;
          opened.add(name);
          return new PooledTarget(
              name, TargetCollectors.remote(config, c -> new FakeSource(name)), now);
        },
        5 * MINUTE,
        maxTargets,
        clock::get);
  }

  @Test
  void aTargetIsOpenedOnceAndReusedByLaterProbes() {
    TargetPool pool = pool(10);

    PooledTarget first = pool.acquire(JmxTarget.parse("127.0.0.1:9999"), "kafka");
    PooledTarget again = pool.acquire(JmxTarget.parse(" 127.0.0.1:9999 "), "kafka");

    assertThat(again).isSameAs(first);
    assertThat(opened).containsExactly("kafka 127.0.0.1:9999");
    assertThat(pool.size()).isOne();
  }

  @Test
  void eachModuleOfATargetHasItsOwnConnection() {
    TargetPool pool = pool(10);

    PooledTarget kafka = pool.acquire(JmxTarget.parse("127.0.0.1:9999"), "kafka");
    PooledTarget plain = pool.acquire(JmxTarget.parse("127.0.0.1:9999"), "default");

    assertThat(plain).isNotSameAs(kafka);
    assertThat(pool.size()).isEqualTo(2);
  }

  @Test
  void targetsNotProbedForTheIdleTimeAreClosed() {
    TargetPool pool = pool(10);
    PooledTarget idle = pool.acquire(JmxTarget.parse("h:1"), "default");
    clock.addAndGet(3 * MINUTE);
    PooledTarget busy = pool.acquire(JmxTarget.parse("h:2"), "default");
    clock.addAndGet(3 * MINUTE);
    pool.acquire(JmxTarget.parse("h:2"), "default");

    assertThat(pool.closeIdle()).isOne();

    assertThat(closed).containsExactly("default h:1");
    assertThat(pool.size()).isOne();
    assertThat(pool.acquire(JmxTarget.parse("h:2"), "default")).isSameAs(busy);
    assertThat(pool.acquire(JmxTarget.parse("h:1"), "default"))
        .as("opened again on the next probe")
        .isNotSameAs(idle);
  }

  @Test
  void beyondTheBoundTheLeastRecentlyProbedIsClosed() {
    TargetPool pool = pool(2);
    pool.acquire(JmxTarget.parse("h:1"), "default");
    pool.acquire(JmxTarget.parse("h:2"), "default");
    pool.acquire(JmxTarget.parse("h:1"), "default");

    pool.acquire(JmxTarget.parse("h:3"), "default");

    assertThat(closed).containsExactly("default h:2");
    assertThat(pool.size()).isEqualTo(2);
  }

  @Test
  void closingThePoolClosesEveryConnection() {
    TargetPool pool = pool(10);
    pool.acquire(JmxTarget.parse("h:1"), "default");
    pool.acquire(JmxTarget.parse("h:2"), "default");

    pool.close();

    assertThat(closed).containsExactlyInAnyOrder("default h:1", "default h:2");
    assertThatThrownBy(() -> pool.acquire(JmxTarget.parse("h:1"), "default"))
        .isInstanceOf(IllegalStateException.class);
  }

  /** A local MBeanServer that records when it is closed. */
  final class FakeSource implements MBeanServerSource {
    private final String name;
    private final MBeanServerConnection server = MBeanServerFactory.newMBeanServer();

    FakeSource(String name) {
      this.name = name;
    }

    @Override
    public MBeanServerConnection connection() {
      return server;
    }

    @Override
    public void connectionFailed() {}

    @Override
    public String describe() {
      return name;
    }

    @Override
    public void close() {
      closed.add(name);
    }
  }
}
