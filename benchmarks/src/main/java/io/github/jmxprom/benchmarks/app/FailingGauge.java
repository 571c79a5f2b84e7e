package io.github.jmxprom.benchmarks.app;

/** {@code Value} throws on every read, as a broken gauge does; {@code Count} works. */
public final class FailingGauge implements FailingGaugeMBean {

  @Override
  public Object getValue() {
    throw new IllegalStateException("gauge backend is gone");
  }

  @Override
  public long getCount() {
    return Values.count(7, 0);
  }
}
