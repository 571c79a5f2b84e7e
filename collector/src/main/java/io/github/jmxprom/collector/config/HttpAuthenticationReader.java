package io.github.jmxprom.collector.config;

import io.github.jmxprom.collector.config.HttpServerConfig.BasicAuthentication;
import io.github.jmxprom.collector.config.HttpServerConfig.PasswordAlgorithm;
import io.github.jmxprom.collector.config.HttpServerConfig.PluginAuthentication;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code httpServer.authentication}: {@code basic} or {@code plugin}. jmx_exporter lets
 * {@code plugin} silently win over {@code basic} and ignores keys the chosen algorithm does not
 * use; here both are errors, because a key that has no effect is a key the author got wrong.
 */
final class HttpAuthenticationReader {

  /** Default PBKDF2 {@code keyLength}, in bits. */
  static final int DEFAULT_KEY_LENGTH = 128;

  private static final List<String> KEYS = Arrays.asList("basic", "plugin");
  private static final List<String> BASIC_KEYS =
      Arrays.asList(
          "username", "algorithm", "password", "passwordHash", "salt", "iterations", "keyLength");
  private static final List<String> PLUGIN_KEYS = Arrays.asList("class", "subjectAttributeName");

  private final Variables variables;
  private final List<String> warnings;
  private BasicAuthentication basic;
  private PluginAuthentication plugin;

  HttpAuthenticationReader(Variables variables, List<String> warnings) {
    this.variables = variables;
    this.warnings = warnings;
  }

  void read(ConfigNode node) {
    Map<String, ConfigNode> keys = node.mapping(KEYS);
    ConfigNode basicNode = keys.get("basic");
    ConfigNode pluginNode = keys.get("plugin");
    if (basicNode != null && pluginNode != null) {
      throw pluginNode.error(
          "give either 'basic' or 'plugin', not both (jmx_exporter would ignore 'basic')");
    }
    if (basicNode != null) {
      basic = basic(basicNode);
    } else if (pluginNode != null) {
      plugin = plugin(pluginNode);
    } else {
      throw node.error("expected 'basic' or 'plugin'; remove 'authentication' for none");
    }
  }

  /** The basic authentication read, or null. */
  BasicAuthentication basic() {
    return basic;
  }

  /** The plugin authentication read, or null. */
  PluginAuthentication plugin() {
    return plugin;
  }

  private BasicAuthentication basic(ConfigNode node) {
    Map<String, ConfigNode> keys = node.mapping(BASIC_KEYS);
    ConfigNode usernameNode = SectionValues.required(node, keys, "username", "");
    String username = variables.resolve(usernameNode);
    if (username.trim().isEmpty()) {
      throw usernameNode.error("must not be empty");
    }
    PasswordAlgorithm algorithm = PasswordAlgorithm.PLAINTEXT;
    if (keys.containsKey("algorithm")) {
      algorithm = algorithm(keys.get("algorithm"));
    }
    if (algorithm == PasswordAlgorithm.PLAINTEXT) {
      rejectKeys(
          keys,
          "only used with a hashing algorithm; set algorithm (e.g. SHA-256 or"
              + " PBKDF2WithHmacSHA256) or remove this key",
          "passwordHash",
          "salt",
          "iterations",
          "keyLength");
      String password =
          SectionValues.secret(SectionValues.required(node, keys, "password", ""), variables);
      return new BasicAuthentication(username, algorithm, password, null, null, 0, 0);
    }
    String name = algorithm.getConfigName();
    rejectKeys(
        keys,
        "only used with algorithm plaintext; " + name + " checks passwordHash and salt instead",
        "password");
    String hint = " (algorithm " + name + " needs passwordHash and salt)";
    ConfigNode hashNode = SectionValues.required(node, keys, "passwordHash", hint);
    byte[] hash = hex(hashNode);
    String salt = SectionValues.secret(SectionValues.required(node, keys, "salt", hint));
    if (algorithm.isPbkdf2()) {
      return pbkdf2(keys, username, algorithm, hashNode, hash, salt);
    }
    rejectKeys(keys, "only used by the PBKDF2 algorithms, not " + name, "iterations", "keyLength");
    if (hash.length != algorithm.digestBytes()) {
      throw hashNode.error(
          String.format(
              "a %s hash has %d hex digits, this one has %d",
              name, algorithm.digestBytes() * 2, hash.length * 2));
    }
    return new BasicAuthentication(username, algorithm, null, hash, salt, 0, 0);
  }

  private BasicAuthentication pbkdf2(
      Map<String, ConfigNode> keys,
      String username,
      PasswordAlgorithm algorithm,
      ConfigNode hashNode,
      byte[] hash,
      String salt) {
    int iterations = algorithm.defaultIterations();
    ConfigNode iterationsNode = keys.get("iterations");
    if (iterationsNode != null) {
      iterations = SectionValues.integer(iterationsNode, 1);
      if (iterations < algorithm.defaultIterations()) {
        // jmx_exporter logs the same warning; a low count is legal, just weak.
        warnings.add(
            SectionValues.warning(
                iterationsNode,
                String.format(
                    "%d is below the %d recommended for %s; a stolen hash is easier to crack",
                    iterations, algorithm.defaultIterations(), algorithm.getConfigName())));
      }
    }
    int keyLength = DEFAULT_KEY_LENGTH;
    ConfigNode keyLengthNode = keys.get("keyLength");
    if (keyLengthNode != null) {
      keyLength = SectionValues.integer(keyLengthNode, 1);
    }
    // keyLength is in bits; a value equal to the byte length is jmx_exporter's older form.
    if (hash.length * 8 != keyLength && hash.length != keyLength) {
      throw (keyLengthNode == null ? hashNode : keyLengthNode)
          .error(
              String.format(
                  "passwordHash has %d bits (%d hex digits) but keyLength is %d%s; they must"
                      + " match",
                  hash.length * 8,
                  hash.length * 2,
                  keyLength,
                  keyLengthNode == null ? " (the default)" : ""));
    }
    return new BasicAuthentication(username, algorithm, null, hash, salt, iterations, keyLength);
  }

  /** Fails on the first of {@code unused} that is present: keys the algorithm would ignore. */
  private static void rejectKeys(Map<String, ConfigNode> keys, String problem, String... unused) {
    for (String key : unused) {
      if (keys.containsKey(key)) {
        throw keys.get(key).error(problem);
      }
    }
  }

  private static PasswordAlgorithm algorithm(ConfigNode node) {
    String text = SectionValues.nonBlank(node).trim();
    List<String> names = new ArrayList<>();
    for (PasswordAlgorithm algorithm : PasswordAlgorithm.values()) {
      // Only plaintext ignores case, as in jmx_exporter.
      if (algorithm == PasswordAlgorithm.PLAINTEXT
          ? algorithm.getConfigName().equalsIgnoreCase(text)
          : algorithm.getConfigName().equals(text)) {
        return algorithm;
      }
      names.add(algorithm.getConfigName());
    }
    String suggestion = Suggestions.closest(text, names);
    throw node.error(
        "unsupported algorithm \""
            + text
            + "\""
            + (suggestion == null
                ? "; supported are " + String.join(", ", names)
                : ", did you mean '" + suggestion + "'?"));
  }

  /** Decodes hex digits, optionally separated by colons ({@code 02:56:48...}), case ignored. */
  private static byte[] hex(ConfigNode node) {
    // Errors describe the value but never show it: the hash is a secret too.
    String text = SectionValues.secret(node).trim();
    StringBuilder digits = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ':') {
        continue;
      }
      if (hexValue(c) < 0) {
        throw node.error(
            "expected hexadecimal digits (0-9, a-f), optionally separated by ':'; character "
                + (i + 1)
                + " is neither");
      }
      digits.append(c);
    }
    if (digits.length() == 0) {
      throw node.error("must not be empty");
    }
    if (digits.length() % 2 != 0) {
      throw node.error(
          "has an odd number of hex digits ("
              + digits.length()
              + "); every byte takes two, so one is missing or extra");
    }
    byte[] bytes = new byte[digits.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (hexValue(digits.charAt(2 * i)) * 16 + hexValue(digits.charAt(2 * i + 1)));
    }
    return bytes;
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static PluginAuthentication plugin(ConfigNode node) {
    Map<String, ConfigNode> keys = node.mapping(PLUGIN_KEYS);
    ConfigNode classNode =
        SectionValues.required(
            node, keys, "class", " (the fully qualified name of the Authenticator subclass)");
    String className = SectionValues.nonBlank(classNode).trim();
    if (!isClassName(className)) {
      throw classNode.error(
          "not a Java class name: \""
              + className
              + "\"; expected e.g. com.example.TokenAuthenticator");
    }
    String subjectAttributeName = null;
    if (keys.containsKey("subjectAttributeName")) {
      subjectAttributeName = SectionValues.nonBlank(keys.get("subjectAttributeName"));
    }
    return new PluginAuthentication(className, subjectAttributeName);
  }

  private static boolean isClassName(String name) {
    for (String part : name.split("\\.", -1)) {
      if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))) {
        return false;
      }
      for (int i = 1; i < part.length(); i++) {
        if (!Character.isJavaIdentifierPart(part.charAt(i))) {
          return false;
        }
      }
    }
    return true;
  }
}
