package io.github.jmxprom.collector.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns YAML scalars into the values snakeyaml's {@code SafeConstructor} makes of them (String,
 * Integer, Long, BigInteger, Double, Boolean, null), for the forms a config file uses: plain text,
 * decimal whole numbers, decimal floats, {@code true}/{@code yes}/{@code on} and their opposites.
 * Any other form ({@code 0x1F}, {@code 1_000}, {@code 1:30}, {@code .inf}, timestamps, binary,
 * explicit tags snakeyaml would reject) goes to snakeyaml's own constructor, so the result is the
 * same in every case ({@code YamlScalarsTest} compares the two on many forms).
 *
 * <p>Why not always snakeyaml's constructor: building a {@code SafeConstructor} loads about 80
 * classes and initializes {@code java.util.logging} (its {@code TypeDescription} has a logger),
 * some 15 ms of the java agent's {@code premain} in the host application for a config that needs
 * none of it.
 */
final class YamlScalars {

  private YamlScalars() {}

  /** The value of a scalar node, as {@code SafeConstructor.constructObject} makes it. */
  static Object construct(Node node) {
    if (node instanceof ScalarNode) {
      String text = ((ScalarNode) node).getValue();
      Tag tag = node.getTag();
      if (Tag.STR.equals(tag)) {
        return text;
      }
      if (Tag.NULL.equals(tag)) {
        return null;
      }
      if (Tag.BOOL.equals(tag)) {
        Boolean value = bool(text);
        if (value != null) {
          return value;
        }
      } else if (Tag.INT.equals(tag)) {
        Number value = decimalInteger(text);
        if (value != null) {
          return value;
        }
      } else if (Tag.FLOAT.equals(tag) && isDecimalFloat(text)) {
        return Double.valueOf(text);
      }
    }
    return Fallback.CONSTRUCTOR.construct(node);
  }

  /**
   * Resolves merge keys ({@code <<: *defaults}) in {@code mapping} as {@code SafeConstructor} does
   * before it builds a map. A mapping whose keys are all plain strings, with no merge key, is left
   * as it is, as snakeyaml would leave it (the caller has rejected duplicate keys already).
   */
  static void flatten(MappingNode mapping) {
    if (!mapping.isMerged()) {
      boolean plain = true;
      for (NodeTuple tuple : mapping.getValue()) {
        Node key = tuple.getKeyNode();
        if (!(key instanceof ScalarNode) || !Tag.STR.equals(key.getTag())) {
          plain = false;
          break;
        }
      }
      if (plain) {
        return;
      }
    }
    Fallback.CONSTRUCTOR.flatten(mapping);
  }

  /** yes/no/true/false/on/off in any case, as snakeyaml's bool constructor; else null. */
  private static Boolean bool(String text) {
    String lower = lowerAscii(text);
    if (lower.equals("true") || lower.equals("yes") || lower.equals("on")) {
      return Boolean.TRUE;
    }
    if (lower.equals("false") || lower.equals("no") || lower.equals("off")) {
      return Boolean.FALSE;
    }
    return null;
  }

  private static String lowerAscii(String text) {
    if (text.length() > 5) {
      return text; // longer than any boolean word
    }
    char[] chars = text.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      if (c >= 'A' && c <= 'Z') {
        chars[i] = (char) (c + ('a' - 'A'));
      } else if (c > 0x7f) {
        return text; // no boolean word; toLowerCase would not make one either
      }
    }
    return new String(chars);
  }

  /**
   * {@code [-+]?(0|[1-9][0-9]*)} with at most 18 digits as Integer or Long (the smallest type that
   * holds it, as snakeyaml chooses), else null for snakeyaml to handle.
   */
  private static Number decimalInteger(String text) {
    int start = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
    int digits = text.length() - start;
    if (digits < 1 || digits > 18) {
      return null;
    }
    if (digits > 1 && text.charAt(start) == '0') {
      return null; // octal
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    long value = Long.parseLong(text.substring(start));
    if (text.charAt(0) == '-') {
      value = -value;
    }
    if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
      return Integer.valueOf((int) value);
    }
    return Long.valueOf(value);
  }

  /**
   * {@code [-+]?[0-9]+\.[0-9]*([eE][-+]?[0-9]+)?}: parsed by {@code Double.valueOf} exactly as
   * snakeyaml parses it (it strips the sign, parses and multiplies by -1 or 1: the same double).
   */
  private static boolean isDecimalFloat(String text) {
    int i = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
    int digits = 0;
    while (i < text.length() && isDigit(text.charAt(i))) {
      i++;
      digits++;
    }
    if (digits == 0 || i >= text.length() || text.charAt(i) != '.') {
      return false;
    }
    i++;
    while (i < text.length() && isDigit(text.charAt(i))) {
      i++;
    }
    if (i < text.length() && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
        i++;
      }
      int exponent = 0;
      while (i < text.length() && isDigit(text.charAt(i))) {
        i++;
        exponent++;
      }
      if (exponent == 0) {
        return false;
      }
    }
    return i == text.length();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** snakeyaml's constructor, built only when a scalar needs it (rare forms, errors). */
  private static final class Fallback {
    static final Constructor CONSTRUCTOR = new Constructor();
  }

  /** Exposes snakeyaml's scalar construction and merge-key flattening. */
  private static final class Constructor extends SafeConstructor {
    Constructor() {
      super(new LoaderOptions());
    }

    Object construct(Node node) {
      return constructObject(node);
    }

    void flatten(MappingNode mapping) {
      flattenMapping(mapping);
    }
  }
}
