package io.github.jmxprom.collector.config;

import java.util.Map;

/**
 * {@code ${NAME}} substitution for secrets, as jmx_exporter does it: only a value that is wholly
 * {@code ${NAME}} is replaced, by the trimmed environment variable {@code NAME}, which must be set
 * and not blank. {@code pre${X}} and {@code ${}} stay literal.
 */
final class Variables {

  private final Map<String, String> environment;

  Variables(Map<String, String> environment) {
    this.environment = environment;
  }

  String resolve(ConfigNode node) {
    String raw = node.isNull() ? "" : node.string();
    String trimmed = raw.trim();
    if (!trimmed.startsWith("${") || !trimmed.endsWith("}") || trimmed.length() <= 3) {
      return raw;
    }
    String name = trimmed.substring(2, trimmed.length() - 1).trim();
    if (name.isEmpty()) {
      throw node.error("empty environment variable name in " + raw);
    }
    String value = environment.get(name);
    if (value == null || value.trim().isEmpty()) {
      throw node.error(
          "environment variable "
              + name
              + " is "
              + (value == null ? "not set" : "empty")
              + "; set it before starting the exporter or write the value in the file");
    }
    return value.trim();
  }
}
