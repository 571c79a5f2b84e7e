package io.github.jmxprom.collector.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/** Our scalar construction gives exactly what snakeyaml's SafeConstructor gives. */
class YamlScalarsTest {

  static Stream<String> forms() {
    return Stream.of(
        // text
        "abc",
        "'abc'",
        "\"abc\"",
        "kafka.server<type=(.+)><>Value",
        "'$1'",
        "\"$4:$5\"",
        "GAUGE",
        "a b c",
        "'5'",
        "\"true\"",
        "'~'",
        "\"\"",
        "''",
        "ünïcödé",
        "${JMX_PASSWORD}",
        // null
        "",
        "~",
        "null",
        "Null",
        "NULL",
        "nULL",
        // booleans and what only looks like them
        "true",
        "True",
        "TRUE",
        "tRUE",
        "false",
        "False",
        "FALSE",
        "yes",
        "Yes",
        "YES",
        "yEs",
        "no",
        "No",
        "NO",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
        "y",
        "n",
        "Y",
        "N",
        "t",
        "f",
        "!!bool true",
        "!!bool yes",
        "!!bool OFF",
        "!!bool 'yes'",
        "!!bool 'tRuE'",
        "!!bool 'maybe'",
        "!!bool ''",
        // whole numbers
        "0",
        "-0",
        "+0",
        "1",
        "-1",
        "+1",
        "7",
        "42",
        "-42",
        "+42",
        "1000",
        "2147483647",
        "2147483648",
        "-2147483648",
        "-2147483649",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "123456789012345678",
        "1234567890123456789",
        "12345678901234567890123",
        "999999999999999999",
        "-999999999999999999",
        "00",
        "007",
        "010",
        "08",
        "0o17",
        "0x1F",
        "0x1f",
        "-0x1F",
        "0xFFFFFFFF",
        "0xFFFFFFFFFFFFFFFFF",
        "0b101",
        "-0b101",
        "1_000",
        "1_000_000",
        "_1",
        "1__0",
        "0_7",
        "1:30",
        "-1:30",
        "1:30:15",
        "190:20:30",
        "1:60",
        "!!int '12'",
        "!!int 12",
        "!!int '-7'",
        // floats
        "1.0",
        "1.5",
        "-1.5",
        "+1.5",
        "0.0",
        "-0.0",
        "1.",
        "-1.",
        ".5",
        "-.5",
        "+.5",
        "1e5",
        "1.0e5",
        "1.0E5",
        "1.0e+5",
        "1.0e-5",
        "-1.0e-5",
        "1.0e",
        "1.e3",
        "01.5",
        "1_000.5",
        "1.000_5",
        "1:30.5",
        "-1:30.5",
        ".inf",
        "-.inf",
        "+.inf",
        ".Inf",
        ".INF",
        ".nan",
        ".NaN",
        ".NAN",
        "1.7976931348623157e308",
        "1.0e400",
        "-1.0e400",
        "4.9e-324",
        "0.1234567890123456789",
        "123456789012345678901234567890.5",
        "!!float '1.5'",
        "!!float 2",
        "!!float '-0.0'",
        // timestamps, binary and other explicit tags
        "2001-12-14",
        "2001-12-14t21:59:43.10-05:00",
        "2001-12-14 21:59:43.10 -5",
        "!!str 5",
        "!!str true",
        "!!str",
        "!!null ''",
        "!!binary aGVsbG8=",
        // sequences and mappings (the config reader asks for scalars and checks the kind first)
        "[1, 2]",
        "{a: 1}",
        "=");
  }

  @ParameterizedTest
  @MethodSource("forms")
  void constructsEveryScalarAsSnakeyaml(String form) {
    Node node = valueOf("v: " + form);
    Object ours;
    Object theirs;
    try {
      theirs = new SnakeyamlConstructor().construct(node);
    } catch (RuntimeException e) {
      theirs = e.getClass().getName() + ": " + e.getMessage();
    }
    try {
      ours = YamlScalars.construct(node);
    } catch (RuntimeException e) {
      ours = e.getClass().getName() + ": " + e.getMessage();
    }
    assertThat(describe(ours)).as(form).isEqualTo(describe(theirs));
  }

  @Test
  void constructsEveryScalarOfTheSampleConfigsAsSnakeyaml() throws Exception {
    List<Node> scalars = new ArrayList<>();
    try (Stream<java.nio.file.Path> files =
        java.nio.file.Files.list(java.nio.file.Paths.get("..", "config-samples"))) {
      for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files::iterator) {
        collectScalars(compose(java.nio.file.Files.readString(file)), scalars);
      }
    }
    assertThat(scalars).hasSizeGreaterThan(100);
    SnakeyamlConstructor snakeyaml = new SnakeyamlConstructor();
    for (Node scalar : scalars) {
      assertThat(describe(YamlScalars.construct(scalar)))
          .isEqualTo(describe(snakeyaml.construct(scalar)));
    }
  }

  @Test
  void flattensMergeKeysAsSnakeyaml() {
    String yaml =
        "base: &b {type: GAUGE, help: h}\n"
            + "rule:\n  <<: *b\n  name: x\n"
            + "many:\n  <<: [*b, {cache: true}]\n  type: COUNTER\n";
    MappingNode ours = (MappingNode) compose(yaml);
    MappingNode theirs = (MappingNode) compose(yaml);
    for (int i = 0; i < ours.getValue().size(); i++) {
      MappingNode a = (MappingNode) ours.getValue().get(i).getValueNode();
      MappingNode b = (MappingNode) theirs.getValue().get(i).getValueNode();
      YamlScalars.flatten(a);
      new SnakeyamlConstructor().flatten(b);
      assertThat(keysAndValues(a)).isEqualTo(keysAndValues(b));
    }
  }

  @Test
  void keepsMappingsWithoutMergeKeysAsTheyAre() {
    MappingNode mapping = (MappingNode) compose("a: 1\nb: two\n");
    List<NodeTuple> before = new ArrayList<>(mapping.getValue());
    YamlScalars.flatten(mapping);
    assertThat(mapping.getValue()).isEqualTo(before);
    assertThat(new Yaml().<Object>load("a: 1\nb: two\n").toString()).isEqualTo("{a=1, b=two}");
  }

  private static List<String> keysAndValues(MappingNode mapping) {
    List<String> result = new ArrayList<>();
    for (NodeTuple tuple : mapping.getValue()) {
      result.add(
          YamlScalars.construct(tuple.getKeyNode())
              + "="
              + YamlScalars.construct(tuple.getValueNode()));
    }
    return result;
  }

  private static void collectScalars(Node node, List<Node> into) {
    if (node instanceof MappingNode) {
      for (NodeTuple tuple : ((MappingNode) node).getValue()) {
        collectScalars(tuple.getKeyNode(), into);
        collectScalars(tuple.getValueNode(), into);
      }
    } else if (node instanceof org.yaml.snakeyaml.nodes.SequenceNode) {
      for (Node item : ((org.yaml.snakeyaml.nodes.SequenceNode) node).getValue()) {
        collectScalars(item, into);
      }
    } else if (node instanceof org.yaml.snakeyaml.nodes.ScalarNode) {
      into.add(node);
    }
  }

  /** The class and value, so that 1 (Integer) and 1 (Long), 0.0 and -0.0 differ. */
  private static String describe(Object value) {
    if (value instanceof byte[]) {
      return "byte[] " + new String((byte[]) value, java.nio.charset.StandardCharsets.UTF_8);
    }
    if (value instanceof Double) {
      return "Double " + Double.doubleToRawLongBits((Double) value);
    }
    return value == null ? "null" : value.getClass().getName() + " " + value;
  }

  private static Node valueOf(String yaml) {
    return ((MappingNode) compose(yaml)).getValue().get(0).getValueNode();
  }

  private static Node compose(String yaml) {
    LoaderOptions options = new LoaderOptions();
    return new Composer(
            new ParserImpl(new StreamReader(new StringReader(yaml)), options),
            new Resolver(),
            options)
        .getSingleNode();
  }

  private static final class SnakeyamlConstructor extends SafeConstructor {
    SnakeyamlConstructor() {
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
