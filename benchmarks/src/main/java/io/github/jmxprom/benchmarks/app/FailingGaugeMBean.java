package io.github.jmxprom.benchmarks.app;

/** A bean with one getter that always throws and one that works. */
public interface FailingGaugeMBean {
  Object getValue();

  long getCount();
}
