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
    if (!node.isNull() && !node.isScalar()) {
      throw node.error("expected text, got " + node.describe());
    }
    Object scalar = node.isNull() ? "" : node.scalarObject();
    if (!(scalar instanceof String)) {
      // Not node.string(): its message would print the value, and this may be a password.
      throw node.error("expected text; put the value in quotes");
    }
    String raw = (String) scalar;
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
