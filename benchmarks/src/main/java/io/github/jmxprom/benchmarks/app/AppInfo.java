package io.github.jmxprom.benchmarks.app;

/** Fixed version strings and a fixed start time (a real clock would differ between JVMs). */
public final class AppInfo implements AppInfoMBean {

  @Override
  public String getVersion() {
    return "3.7.0";
  }

  @Override
  public String getCommitId() {
    return "2ae524ed625438c5";
  }

  @Override
  public Long getStartTimeMs() {
    return 1_700_000_000_000L;
  }
}
