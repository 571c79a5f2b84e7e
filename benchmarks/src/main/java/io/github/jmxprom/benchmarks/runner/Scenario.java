package io.github.jmxprom.benchmarks.runner;

import java.util.ArrayList;
import java.util.List;

/**
 * One comparison: how the exporters run (agent in the target JVM, or standalone over RMI), how many
 * MBeans the target has, and which config they get.
 */
record Scenario(String id, String title, boolean standalone, int mbeans, String config) {

  static final String KAFKA_RULES = "kafka-rules.yaml";
  static final String NO_RULES = "no-rules.yaml";

  static List<Scenario> of(Options options) {
    List<Scenario> scenarios = new ArrayList<>();
    for (String id : options.scenarios()) {
      scenarios.add(
          switch (id) {
            case "agent-rules" ->
                new Scenario(id, "Agent, Kafka rules", false, options.n(), KAFKA_RULES);
            case "agent-norules" ->
                new Scenario(id, "Agent, no rules", false, options.n(), NO_RULES);
            case "agent-rules-large" ->
                new Scenario(id, "Agent, Kafka rules", false, options.nLarge(), KAFKA_RULES);
            case "standalone-rules" ->
                new Scenario(
                    id, "Standalone over RMI, Kafka rules", true, options.n(), KAFKA_RULES);
            default -> throw new IllegalArgumentException(id);
          });
    }
    return scenarios;
  }

  /** The large scenario warms up less: one jmx_exporter scrape there takes tens of seconds. */
  boolean large() {
    return id.equals("agent-rules-large");
  }

  String label() {
    return title + ", N=" + String.format("%,d", mbeans);
  }
}
