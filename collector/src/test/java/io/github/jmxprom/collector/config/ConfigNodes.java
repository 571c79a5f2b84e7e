package io.github.jmxprom.collector.config;

import java.io.StringReader;
import org.yaml.snakeyaml.Yaml;

/** Builds {@link ConfigNode}s from YAML text for tests; errors name the file {@code test.yaml}. */
final class ConfigNodes {

  private ConfigNodes() {}

  /** The document's root node. */
  static ConfigNode parse(String yaml) {
    return new ConfigNode("test.yaml", "", new Yaml().compose(new StringReader(yaml)));
  }

  /** A top-level key's value, e.g. {@code section(yaml, "httpServer")}; null when absent. */
  static ConfigNode section(String yaml, String key) {
    return parse(yaml).anyMapping().get(key);
  }
}
