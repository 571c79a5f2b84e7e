package io.github.jmxprom.collector.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Value readers for the {@code httpServer} and {@code openTelemetry} sections. jmx_exporter reads
 * those sections through lenient converters ({@code "5"} is a number, {@code "yes"} a boolean), so
 * files written for it use such spellings; these readers accept them too, and everything else gets
 * the same strict checks as the rest of the file. Secrets never appear in an error message.
 */
final class SectionValues {

  private SectionValues() {}

  /** A string that is not empty or only spaces. */
  static String nonBlank(ConfigNode node) {
    String value = node.string();
    if (value.trim().isEmpty()) {
      throw node.error("must not be empty");
    }
    return value;
  }

  /**
   * A password, hash, salt or header value. Only a YAML string is accepted: an unquoted {@code
   * 123456} or {@code yes} would reach us as a number or boolean whose text may differ from what
   * was written ({@code 0x10}, {@code 1_000}, {@code on}), and the usual "quote it" message would
   * print the secret.
   */
  static String secret(ConfigNode node) {
    if (node.isNull()) {
      throw node.error("must not be empty");
    }
    if (!node.isScalar()) {
      throw node.error("expected a string, got " + node.describe());
    }
    String value;
    try {
      value = node.string();
    } catch (ConfigException notAString) {
      throw node.error(
          "expected a string; put the value in quotes so that YAML keeps it exactly as written"
              + " (the value is not shown because it is secret)");
    }
    if (value.trim().isEmpty()) {
      throw node.error("must not be empty");
    }
    return value;
  }

  /** A secret that may also be written as {@code ${ENVIRONMENT_VARIABLE}}. */
  static String secret(ConfigNode node, Variables variables) {
    secret(node);
    return variables.resolve(node);
  }

  /**
   * A whole number of at least {@code minimum}. A quoted number such as {@code "5"} is accepted
   * because jmx_exporter parses these keys with {@code Integer.parseInt(value.toString())}.
   */
  static int integer(ConfigNode node, int minimum) {
    int value = lenientInteger(node);
    if (value < minimum) {
      throw node.error("must be at least " + minimum + ", got " + value);
    }
    return value;
  }

  private static int lenientInteger(ConfigNode node) {
    try {
      return node.integer();
    } catch (ConfigException notAnInteger) {
      if (node.isScalar()) {
        String text = node.scalarText().trim();
        if (text.matches("[-+]?[0-9]+")) {
          try {
            return Integer.parseInt(text);
          } catch (NumberFormatException tooLarge) {
            // reported below as not a whole number
          }
        }
      }
      throw notAnInteger;
    }
  }

  /**
   * A boolean, also written as a string or number: {@code true/yes/on/1} or {@code false/no/off/0},
   * any case. jmx_exporter accepts exactly these for its HTTP and OpenTelemetry switches, so
   * configs in the wild contain {@code mutualTLS: "true"} or {@code 1}; their meaning is not in
   * doubt, so refusing them would only break drop-in replacement.
   */
  static boolean bool(ConfigNode node) {
    if (node.isScalar()) {
      String text = node.scalarText().trim().toLowerCase(Locale.ROOT);
      if (text.equals("true") || text.equals("yes") || text.equals("on") || text.equals("1")) {
        return true;
      }
      if (text.equals("false") || text.equals("no") || text.equals("off") || text.equals("0")) {
        return false;
      }
    }
    throw node.error("expected true or false, got " + node.describe());
  }

  /**
   * Protocol or cipher suite names, as a YAML list or a comma-separated string. jmx_exporter only
   * splits strings (a list becomes {@code "[a, b]"}); we accept both, as the top-level {@code ssl}
   * section does.
   */
  static List<String> names(ConfigNode node) {
    if (node.isMapping()) {
      throw node.error("expected a list or a comma-separated string, got a mapping");
    }
    List<String> result = new ArrayList<>();
    if (node.isSequence()) {
      for (ConfigNode item : node.sequence()) {
        result.add(nonBlank(item).trim());
      }
    } else if (!node.isNull()) {
      for (String part : node.string().split(",", -1)) {
        if (!part.trim().isEmpty()) {
          result.add(part.trim());
        }
      }
    }
    if (result.isEmpty()) {
      throw node.error("empty; remove the key to use the JVM's defaults");
    }
    return Collections.unmodifiableList(result);
  }

  /** A mapping of non-empty strings to non-empty strings; values may be secrets. */
  static Map<String, String> stringMap(ConfigNode node, boolean secretValues) {
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigNode> entry : node.anyMapping().entrySet()) {
      ConfigNode value = entry.getValue();
      if (entry.getKey().trim().isEmpty()) {
        throw value.error("empty key");
      }
      result.put(entry.getKey(), secretValues ? secret(value) : nonBlank(value));
    }
    return Collections.unmodifiableMap(result);
  }

  /** The key's path and position prefixed to a warning, formatted like an error message. */
  static String warning(ConfigNode node, String problem) {
    return node.error(problem).getMessage();
  }

  /** The value for a key that must be present. */
  static ConfigNode required(
      ConfigNode parent, Map<String, ConfigNode> keys, String key, String hint) {
    ConfigNode value = keys.get(key);
    if (value == null) {
      throw parent.error("missing key '" + key + "'" + hint);
    }
    return value;
  }
}
