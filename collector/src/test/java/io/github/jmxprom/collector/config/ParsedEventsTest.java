package io.github.jmxprom.collector.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/** Composing replayed events gives the node tree, or the error, composing from the parser gives. */
class ParsedEventsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "# only a comment\n",
        "a: 1\nb: [x, 'y', 2.5]\nc: {d: ~}\n",
        "base: &b {type: GAUGE}\nrule:\n  <<: *b\n  name: x\n",
        "rules:\n- pattern: 'a'\n  labels:\n    k: v\n- pattern: b\n",
        "a: 1\n---\nb: 2\n",
        "a: *missing\nb: [\n",
        "a: [1, 2\n",
        "a: 'open\n",
        "a: 1\n  b: 2\n",
        "a: 1\na: 2\n",
        "\"tab\\tin\": x\n",
        "a: !!int 5\nb: !custom x\n",
        "? [complex, key]\n: value\n",
      })
  void composesAsFromTheParser(String yaml) {
    assertThat(compose(yaml, true)).isEqualTo(compose(yaml, false));
  }

  private static String compose(String yaml, boolean replayed) {
    LoaderOptions options = new LoaderOptions();
    ParserImpl parser = new ParserImpl(new StreamReader(new StringReader(yaml)), options);
    try {
      if (replayed) {
        ParsedEvents.Parsed parsed = ParsedEvents.read(parser);
        return tree(new Composer(parsed.events, parsed.resolver, options).getSingleNode());
      }
      return tree(new Composer(parser, new Resolver(), options).getSingleNode());
    } catch (RuntimeException e) {
      return e.getClass().getName() + ": " + e.getMessage();
    }
  }

  /** Kind, tag, position and value of every node (Node.toString prints identity hashes). */
  private static String tree(Node node) {
    if (node == null) {
      return "none";
    }
    String head =
        node.getNodeId() + " " + node.getTag() + " @" + ConfigNode.position(node.getStartMark());
    if (node instanceof ScalarNode) {
      return head + " '" + ((ScalarNode) node).getValue() + "'";
    }
    StringBuilder out = new StringBuilder(head).append(" [");
    if (node instanceof MappingNode) {
      for (NodeTuple tuple : ((MappingNode) node).getValue()) {
        out.append(tree(tuple.getKeyNode())).append(" = ").append(tree(tuple.getValueNode()));
        out.append("; ");
      }
    } else {
      for (Node item : ((SequenceNode) node).getValue()) {
        out.append(tree(item)).append("; ");
      }
    }
    return out.append("]").toString();
  }
}
