package io.github.jmxprom.collector.config;

import java.io.File;
import java.util.Map;

/**
 * {@code ${NAME}} and {@code ${file:PATH}} substitution for secrets. Only a value that is wholly
 * {@code ${...}} is replaced: {@code ${NAME}}, as jmx_exporter does it, by the trimmed environment
 * variable {@code NAME}, which must be set and not blank; {@code ${file:PATH}} by the trimmed text
 * of that file (see {@link SecretFile}), a relative {@code PATH} being taken from {@code
 * directory}. {@code pre${X}} and {@code ${}} stay literal. A secret is never part of a message.
 */
final class Variables {

  private static final String FILE = "file:";

  private final Map<String, String> environment;
  private final File directory;

  /** Relative {@code ${file:PATH}} paths are taken from the working directory. */
  Variables(Map<String, String> environment) {
    this(environment, null);
  }

  /**
   * Relative {@code ${file:PATH}} paths are taken from {@code directory}, or if null the working
   * directory.
   */
  Variables(Map<String, String> environment, File directory) {
    this.environment = environment;
    this.directory = directory;
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
    if (name.startsWith(FILE)) {
      return file(node, trimmed, name.substring(FILE.length()).trim());
    }
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

  private String file(ConfigNode node, String reference, String path) {
    if (path.isEmpty()) {
      throw node.error("empty path in " + reference + "; write ${file:/path/to/the/secret}");
    }
    File file = new File(path);
    if (!file.isAbsolute()) {
      file = directory == null ? file.getAbsoluteFile() : new File(directory, path);
    }
    return SecretFile.read(node, file);
  }
}
