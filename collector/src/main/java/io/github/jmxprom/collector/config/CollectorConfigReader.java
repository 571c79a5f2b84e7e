package io.github.jmxprom.collector.config;

import java.net.MalformedURLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXServiceURL;

/** Reads the top-level collector keys; rules and customizers are read by {@link RuleReader}. */
final class CollectorConfigReader {

  static final List<String> TOP_LEVEL_KEYS =
      Collections.unmodifiableList(
          Arrays.asList(
              "startDelaySeconds",
              "hostPort",
              "jmxUrl",
              "username",
              "password",
              "ssl",
              "lowercaseOutputName",
              "lowercaseOutputLabelNames",
              "inferCounterTypeFromName",
              "includeObjectNames",
              "whitelistObjectNames",
              "excludeObjectNames",
              "blacklistObjectNames",
              "excludeJvmMetrics",
              "includeObjectNameAttributes",
              "excludeObjectNameAttributes",
              "autoExcludeObjectNameAttributes",
              "rules",
              "metricCustomizers",
              "httpServer",
              "openTelemetry",
              "jvmMetricNames"));

  private static final List<String> SSL_KEYS =
      Arrays.asList("enabled", "keyStore", "trustStore", "protocols", "ciphers");
  private static final List<String> STORE_KEYS = Arrays.asList("filename", "type", "password");

  private final String source;
  private final Variables variables;

  CollectorConfigReader(String source, Variables variables) {
    this.source = source;
    this.variables = variables;
  }

  CollectorConfig read(ConfigNode root) {
    List<String> known = new ArrayList<>(TOP_LEVEL_KEYS);
    known.addAll(ProbeConfigReader.KEYS);
    Map<String, ConfigNode> keys = root.mapping(known);
    CollectorConfig.Builder b = new CollectorConfig.Builder();
    b.source = source;

    ConfigNode delay = keys.get("startDelaySeconds");
    if (delay != null) {
      b.startDelaySeconds = delay.integer();
      if (b.startDelaySeconds < 0) {
        throw delay.error("must be 0 or more seconds, got " + b.startDelaySeconds);
      }
    }
    readTarget(keys, b);
    readCredentials(keys, b);
    readCollection(keys, b);
    if (keys.containsKey("httpServer")) {
      b.httpServer = HttpServerConfig.read(keys.get("httpServer"), variables);
      b.warnings.addAll(b.httpServer.getWarnings());
    }
    if (keys.containsKey("openTelemetry")) {
      b.openTelemetryPresent = true;
      b.openTelemetry = OpenTelemetryConfig.read(keys.get("openTelemetry"));
    }
    b.probe = new ProbeConfigReader(this).read(keys, b.warnings);
    return b.build();
  }

  /**
   * Reads one entry of {@code modules:}: any collector key except those that name a target or
   * belong to the whole exporter. Its warnings go to {@code warnings} (the file's list, printed
   * once at start) instead of the module's own.
   */
  CollectorConfig readModule(ConfigNode node, List<String> warnings) {
    if (!node.isMapping()) {
      throw node.error(
          "expected a mapping of collector keys (rules, username, ...), got " + node.describe());
    }
    for (Map.Entry<String, ConfigNode> entry : node.anyMapping().entrySet()) {
      String refusal = ProbeConfigReader.moduleRefusal(entry.getKey());
      if (refusal != null) {
        throw entry.getValue().errorAtKey(refusal);
      }
    }
    List<String> known = new ArrayList<>(TOP_LEVEL_KEYS);
    known.removeAll(ProbeConfigReader.NOT_IN_MODULES);
    Map<String, ConfigNode> keys = node.mapping(known);
    CollectorConfig.Builder b = new CollectorConfig.Builder();
    b.source = source;
    readCredentials(keys, b);
    readCollection(keys, b);
    warnings.addAll(b.warnings);
    b.warnings.clear();
    return b.build();
  }

  /**
   * What the MBeans are turned into: names, filters, rules (the same at top level and in modules).
   */
  private void readCollection(Map<String, ConfigNode> keys, CollectorConfig.Builder b) {
    b.lowercaseOutputName = optionalBool(keys.get("lowercaseOutputName"), false);
    b.lowercaseOutputLabelNames = optionalBool(keys.get("lowercaseOutputLabelNames"), false);
    b.inferCounterTypeFromName = optionalBool(keys.get("inferCounterTypeFromName"), false);
    b.excludeJvmMetrics = optionalBool(keys.get("excludeJvmMetrics"), false);
    if (keys.containsKey("jvmMetricNames")) {
      b.jvmMetricNaming = JvmMetricNaming.parse(keys.get("jvmMetricNames"));
    }
    b.autoExcludeObjectNameAttributes =
        optionalBool(keys.get("autoExcludeObjectNameAttributes"), true);

    b.includeObjectNames =
        objectNames(keys, "includeObjectNames", "whitelistObjectNames", b.warnings);
    List<ObjectName> excludes =
        objectNames(keys, "excludeObjectNames", "blacklistObjectNames", b.warnings);
    b.excludeObjectNames = excludes == null ? new ArrayList<ObjectName>() : excludes;
    if (keys.containsKey("includeObjectNameAttributes")) {
      b.includeObjectNameAttributes = attributeMap(keys.get("includeObjectNameAttributes"));
    }
    if (keys.containsKey("excludeObjectNameAttributes")) {
      b.excludeObjectNameAttributes = attributeMap(keys.get("excludeObjectNameAttributes"));
    }

    RuleReader rules = new RuleReader(b.warnings);
    ConfigNode rulesNode = keys.get("rules");
    if (rulesNode == null) {
      b.rules.add(RuleConfig.defaultRule());
    } else {
      b.rules.addAll(rules.readRules(rulesNode));
    }
    if (keys.containsKey("metricCustomizers")) {
      b.metricCustomizers.addAll(rules.readCustomizers(keys.get("metricCustomizers")));
    }
  }

  private void readTarget(Map<String, ConfigNode> keys, CollectorConfig.Builder b) {
    ConfigNode hostPort = keys.get("hostPort");
    ConfigNode jmxUrl = keys.get("jmxUrl");
    if (hostPort != null && jmxUrl != null) {
      throw jmxUrl.error("give either hostPort or jmxUrl, not both");
    }
    if (hostPort != null) {
      b.jmxUrl = "service:jmx:rmi:///jndi/rmi://" + hostPort(hostPort) + "/jmxrmi";
    } else if (jmxUrl != null && !jmxUrl.isNull()) {
      b.jmxUrl = jmxUrl.string().trim();
      if (!b.jmxUrl.isEmpty()) {
        try {
          new JMXServiceURL(b.jmxUrl);
        } catch (MalformedURLException e) {
          throw jmxUrl.error(
              "not a JMX service URL ("
                  + e.getMessage()
                  + "); expected e.g. service:jmx:rmi:///jndi/rmi://host:9999/jmxrmi");
        }
      }
    }
  }

  private void readCredentials(Map<String, ConfigNode> keys, CollectorConfig.Builder b) {
    if (keys.containsKey("username")) {
      b.username = variables.resolve(keys.get("username"));
    }
    if (keys.containsKey("password")) {
      b.password = variables.resolve(keys.get("password"));
    }
    if (keys.containsKey("ssl")) {
      b.ssl = ssl(keys.get("ssl"));
    }
  }

  private static String hostPort(ConfigNode node) {
    // A plain 12:34 is a YAML 1.1 sexagesimal number, so insist on text.
    String text = node.string().trim();
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw node.error("expected host:port, e.g. localhost:9999, got \"" + text + "\"");
    }
    String port = text.substring(colon + 1);
    int portNumber;
    try {
      portNumber = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw node.error("port \"" + port + "\" is not a number");
    }
    if (portNumber < 1 || portNumber > 65535) {
      throw node.error("port " + portNumber + " is out of range 1-65535");
    }
    return text;
  }

  private JmxSslConfig ssl(ConfigNode node) {
    if (node.isScalar()) {
      return node.bool() ? withDefaults(true) : JmxSslConfig.DISABLED;
    }
    Map<String, ConfigNode> keys = node.mapping(SSL_KEYS);
    boolean enabled = optionalBool(keys.get("enabled"), true);
    return new JmxSslConfig(
        enabled,
        store(keys.get("keyStore")),
        store(keys.get("trustStore")),
        stringListOrCsv(keys.get("protocols")),
        stringListOrCsv(keys.get("ciphers")));
  }

  private static JmxSslConfig withDefaults(boolean enabled) {
    return new JmxSslConfig(
        enabled, null, null, Collections.<String>emptyList(), Collections.<String>emptyList());
  }

  private JmxSslConfig.StoreConfig store(ConfigNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    Map<String, ConfigNode> keys = node.mapping(STORE_KEYS);
    ConfigNode filename = keys.get("filename");
    if (filename == null) {
      throw node.error("missing key 'filename'");
    }
    ConfigNode type = keys.get("type");
    ConfigNode password = keys.get("password");
    return new JmxSslConfig.StoreConfig(
        filename.string(),
        type == null ? null : type.string(),
        password == null ? null : variables.resolve(password));
  }

  static List<String> stringListOrCsv(ConfigNode node) {
    List<String> result = new ArrayList<>();
    if (node == null || node.isNull()) {
      return result;
    }
    if (node.isSequence()) {
      for (ConfigNode item : node.sequence()) {
        String value = item.string().trim();
        if (!value.isEmpty()) {
          result.add(value);
        }
      }
      return result;
    }
    for (String part : node.string().split(",")) {
      if (!part.trim().isEmpty()) {
        result.add(part.trim());
      }
    }
    return result;
  }

  static boolean optionalBool(ConfigNode node, boolean defaultValue) {
    return node == null ? defaultValue : node.bool();
  }

  private static List<ObjectName> objectNames(
      Map<String, ConfigNode> keys, String key, String legacyKey, List<String> warnings) {
    ConfigNode node = keys.get(key);
    ConfigNode legacy = keys.get(legacyKey);
    if (node != null && legacy != null) {
      // jmx_exporter silently ignores the legacy key in this case; say so.
      warnings.add(
          legacy.source()
              + ": "
              + legacyKey
              + " is ignored because "
              + key
              + " is also set; merge them into "
              + key);
    }
    List<ObjectName> legacyNames = legacy == null ? null : objectNameList(legacy);
    return node != null ? objectNameList(node) : legacyNames;
  }

  private static List<ObjectName> objectNameList(ConfigNode node) {
    List<ObjectName> result = new ArrayList<>();
    for (ConfigNode item : node.sequence()) {
      result.add(objectName(item));
    }
    return result;
  }

  static ObjectName objectName(ConfigNode node) {
    String text = node.string();
    try {
      return new ObjectName(text);
    } catch (MalformedObjectNameException e) {
      throw node.error(
          "not a valid ObjectName pattern (" + e.getMessage() + "); expected e.g. \"java.lang:*\"");
    }
  }

  private static Map<ObjectName, Set<String>> attributeMap(ConfigNode node) {
    Map<ObjectName, Set<String>> result = new java.util.LinkedHashMap<>();
    if (node.isNull()) {
      return result;
    }
    for (Map.Entry<String, ConfigNode> entry : node.anyMapping().entrySet()) {
      ObjectName name;
      try {
        name = new ObjectName(entry.getKey());
      } catch (MalformedObjectNameException e) {
        throw entry
            .getValue()
            .keyError(
                "key \""
                    + entry.getKey()
                    + "\" is not a valid ObjectName ("
                    + e.getMessage()
                    + ")");
      }
      Set<String> attributes = new LinkedHashSet<>();
      for (ConfigNode attribute : entry.getValue().sequence()) {
        attributes.add(attribute.string());
      }
      Set<String> existing = result.get(name);
      if (existing != null) {
        attributes.addAll(existing);
      }
      result.put(name, Collections.unmodifiableSet(attributes));
    }
    return result;
  }
}
