package io.github.jmxprom.collector;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.config.ConfigException;
import io.github.jmxprom.collector.config.ConfigLoader;
import io.github.jmxprom.collector.snapshot.SelfMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reloads a config file when it changes, checked at each scrape as jmx_exporter does. The new file
 * is validated completely before it is used; a bad edit keeps the last good config, is logged with
 * its key path and counted once (not at every scrape until fixed).
 */
final class ConfigWatcher {

  private static final Logger LOG = Logger.getLogger(ConfigWatcher.class.getName());

  private final Path file;
  private final SelfMetrics selfMetrics;
  private long loadedStamp;
  private long failedStamp = Long.MIN_VALUE;

  ConfigWatcher(Path file, SelfMetrics selfMetrics) {
    this.file = file;
    this.selfMetrics = selfMetrics;
    this.loadedStamp = stamp();
  }

  /** A new config if the file changed and is valid, else null. */
  synchronized CollectorConfig changedConfig() {
    long stamp = stamp();
    if (stamp == loadedStamp || stamp == failedStamp) {
      return null;
    }
    try {
      CollectorConfig config = ConfigLoader.load(file);
      loadedStamp = stamp;
      failedStamp = Long.MIN_VALUE;
      selfMetrics.reloadSucceeded();
      LOG.info("jmxprom: reloaded " + file);
      return config;
    } catch (ConfigException e) {
      failedStamp = stamp;
      selfMetrics.reloadFailed();
      LOG.log(
          Level.SEVERE,
          "jmxprom: config reload failed, keeping the previous config: {0}",
          e.getMessage());
      return null;
    }
  }

  /** Modification time and size together, so an edit within the same second is noticed too. */
  private long stamp() {
    try {
      return Files.getLastModifiedTime(file).toMillis() * 31 + Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }
}
