package io.github.jmxprom.collector.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * One value of the YAML tree together with its key path and position, so that every error can say
 * where it is. Values are read with the same YAML 1.1 rules snakeyaml's {@code Yaml.load} uses
 * (jmx_exporter reads files that way), but types are checked instead of cast.
 */
final class ConfigNode {

  private final String source;
  private final String path;
  private final Node node;
  // The key this value belongs to and the mapping's path, for errors about the key itself.
  private final Node keyNode;
  private final String parentPath;

  ConfigNode(String source, String path, Node node) {
    this(source, path, node, null, path);
  }

  private ConfigNode(String source, String path, Node node, Node keyNode, String parentPath) {
    this.source = source;
    this.path = path;
    this.node = node;
    this.keyNode = keyNode;
    this.parentPath = parentPath;
  }

  String path() {
    return path;
  }

  String source() {
    return source;
  }

  boolean isNull() {
    return node == null || Tag.NULL.equals(node.getTag());
  }

  boolean isMapping() {
    return node instanceof MappingNode;
  }

  boolean isSequence() {
    return node instanceof SequenceNode;
  }

  boolean isScalar() {
    return node instanceof ScalarNode && !isNull();
  }

  /** The mapping's entries by key, after checking keys are known, unique strings. */
  Map<String, ConfigNode> mapping(Collection<String> knownKeys) {
    Map<String, ConfigNode> entries = anyMapping();
    for (String key : entries.keySet()) {
      if (!knownKeys.contains(key)) {
        ConfigNode entry = entries.get(key);
        String suggestion = Suggestions.closest(key, knownKeys);
        throw entry.errorAtKey(
            "unknown key"
                + (suggestion == null
                    ? "; known keys are " + String.join(", ", knownKeys)
                    : ", did you mean '" + suggestion + "'?"));
      }
    }
    return entries;
  }

  /** The mapping's entries by key, any key allowed (for user-named maps such as labels). */
  Map<String, ConfigNode> anyMapping() {
    if (!isMapping()) {
      throw error("expected a mapping (key: value lines), got " + describe());
    }
    MappingNode mappingNode = (MappingNode) node;
    checkDuplicateKeys(mappingNode);
    YamlScalars.flatten(mappingNode);
    Map<String, ConfigNode> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mappingNode.getValue()) {
      String key = key(tuple.getKeyNode());
      entries.put(
          key, new ConfigNode(source, child(key), tuple.getValueNode(), tuple.getKeyNode(), path));
    }
    return entries;
  }

  // Before flattening: snakeyaml's merge handling silently keeps the last of duplicate keys.
  private void checkDuplicateKeys(MappingNode mappingNode) {
    Map<String, Node> firstKeys = new LinkedHashMap<>();
    for (NodeTuple tuple : mappingNode.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (Tag.MERGE.equals(keyNode.getTag())) {
        continue;
      }
      String key = key(keyNode);
      Node first = firstKeys.get(key);
      if (first != null) {
        throw new ConfigNode(source, child(key), keyNode)
            .error("duplicate key (first defined at " + position(first.getStartMark()) + ")");
      }
      firstKeys.put(key, keyNode);
    }
  }

  private String key(Node keyNode) {
    if (!(keyNode instanceof ScalarNode) || Tag.NULL.equals(keyNode.getTag())) {
      throw new ConfigNode(source, path, keyNode).error("keys must be strings");
    }
    Object constructed = YamlScalars.construct(keyNode);
    if (!(constructed instanceof String)) {
      String written = ((ScalarNode) keyNode).getValue();
      throw new ConfigNode(source, child(written), keyNode)
          .error(
              "keys must be text, got "
                  + describeValue(constructed)
                  + "; quote it: \""
                  + written
                  + "\"");
    }
    return (String) constructed;
  }

  /** An error about this entry's key (not its value), positioned at the key. */
  ConfigException keyError(String problem) {
    String parent = parentPath;
    Node at = keyNode != null ? keyNode : node;
    String where = at == null ? "" : " (" + position(at.getStartMark()) + ")";
    return new ConfigException(source + ": " + parent + ": " + problem + where);
  }

  List<ConfigNode> sequence() {
    if (!isSequence()) {
      throw error("expected a list, got " + describe());
    }
    List<Node> items = ((SequenceNode) node).getValue();
    List<ConfigNode> result = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      result.add(new ConfigNode(source, path + "[" + i + "]", items.get(i)));
    }
    return Collections.unmodifiableList(result);
  }

  /** A YAML string (quoted or plain text that is not a number, boolean or null). */
  String string() {
    Object value = scalarValue();
    if (!(value instanceof String)) {
      throw error("expected text, got " + describe() + "; quote it: \"" + written() + "\"");
    }
    return (String) value;
  }

  /** Any scalar as text, the way jmx_exporter's {@code String.valueOf} turns it into text. */
  String scalarText() {
    return String.valueOf(scalarValue());
  }

  boolean bool() {
    Object value = scalarValue("true or false");
    if (!(value instanceof Boolean)) {
      throw error("expected true or false, got " + describe() + unquoteHint(value));
    }
    return (Boolean) value;
  }

  int integer() {
    Object value = scalarValue("a whole number");
    if (!(value instanceof Integer)) {
      throw error("expected a whole number, got " + describe() + unquoteHint(value));
    }
    return (Integer) value;
  }

  double number() {
    Object value = scalarValue("a number");
    if (value instanceof Number) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof String) {
      try {
        return Double.parseDouble(((String) value).trim());
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw error("expected a number, got " + describe());
  }

  /** The scalar as snakeyaml constructs it (String, Integer, Long, Double, Boolean, ...). */
  Object scalarObject() {
    return scalarValue();
  }

  private Object scalarValue() {
    return scalarValue("a single value");
  }

  private Object scalarValue(String expected) {
    if (!isScalar()) {
      throw error("expected " + expected + ", got " + describe());
    }
    return YamlScalars.construct(node);
  }

  /** The scalar exactly as written in the file (before YAML turns 10:50 into 650). */
  private String written() {
    return node instanceof ScalarNode ? ((ScalarNode) node).getValue() : String.valueOf(node);
  }

  /** For a quoted "true" or "5" where a boolean or number belongs. */
  private String unquoteHint(Object value) {
    if (value instanceof String) {
      Tag plain = new Resolver().resolve(NodeId.scalar, (String) value, true);
      if (Tag.BOOL.equals(plain) || Tag.FLOAT.equals(plain)) {
        return "; remove the quotes";
      }
      if (Tag.INT.equals(plain)
          && YamlScalars.construct(plainScalar((String) value)) instanceof Integer) {
        return "; remove the quotes"; // not for 99999999999, which is too big either way
      }
    }
    return "";
  }

  private static ScalarNode plainScalar(String value) {
    return new ScalarNode(Tag.INT, value, null, null, DumperOptions.ScalarStyle.PLAIN);
  }

  String describe() {
    if (isNull()) {
      return "nothing (an empty value)";
    }
    if (isMapping()) {
      return "a mapping";
    }
    if (isSequence()) {
      return "a list";
    }
    return describeWritten(YamlScalars.construct(node));
  }

  private String describeWritten(Object value) {
    String written = written();
    if (!(value instanceof String) && !written.equals(String.valueOf(value))) {
      return written + ", which YAML reads as the " + describeValue(value);
    }
    return describeValue(value);
  }

  private static String describeValue(Object value) {
    if (value instanceof String) {
      return "the string \"" + value + "\"";
    }
    if (value instanceof Boolean) {
      return "boolean " + value;
    }
    if (value instanceof Number) {
      return "number " + value;
    }
    return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
  }

  /** An error with this entry's path, positioned at its key (e.g. for an unknown key). */
  ConfigException errorAtKey(String problem) {
    Node at = keyNode != null ? keyNode : node;
    String where = at == null ? "" : " (" + position(at.getStartMark()) + ")";
    return new ConfigException(source + ": " + path + ": " + problem + where);
  }

  /** An error about the whole document (no key path). */
  ConfigException rootError(String problem) {
    String where = node == null ? "" : " (" + position(node.getStartMark()) + ")";
    return new ConfigException(source + ": " + problem + where);
  }

  ConfigException error(String problem) {
    String where = node == null ? "" : " (" + position(node.getStartMark()) + ")";
    return new ConfigException(source + ": " + path + ": " + problem + where);
  }

  private String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static String position(Mark mark) {
    return mark == null
        ? ""
        : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }
}
