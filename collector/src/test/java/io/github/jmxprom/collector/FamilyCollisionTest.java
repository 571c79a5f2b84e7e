package io.github.jmxprom.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.testing.MapBean;
import java.util.List;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Samples that share a name but disagree on type, help or label names never fail a scrape: the
 * family is served, resolved the same way whatever the order the beans were registered in (type:
 * untyped; help: the first bean's in jmx_exporter's bean order; labels: each sample its own), and
 * type, label-name and help conflicts are counted in {@code jmx_scrape_family_conflicts{conflict}}
 * (help only when a rule's {@code help:} is involved, since default helps differ by bean).
 */
class FamilyCollisionTest {

  private static final String YAML =
      """
      rules:
      - pattern: 'col<type=A><>Value'
        name: shared
        type: GAUGE
        help: help of A
        labels: {source: a}
      - pattern: 'col<type=B><>Value'
        name: shared_total
        type: COUNTER
        help: help of B
        labels: {origin: b}
      """;

  @Test
  void sameNameWithDifferentTypeHelpAndLabelNamesIsServedUntypedAndCounted() throws Exception {
    MBeanServer server = server("A", "B");

    String text = Scrapes.text(Scrapes.collector(YAML, server).collect(), true);

    assertThat(family(text, "shared"))
        .containsExactlyInAnyOrder(
            "# TYPE shared untyped", "shared{source=\"a\"} 1.0", "shared{origin=\"b\"} 2.0");
    assertThat(text)
        .contains("jmx_scrape_error 0.0\n")
        .contains("jmx_scrape_family_conflicts{conflict=\"type\"} 1.0\n")
        .contains("jmx_scrape_family_conflicts{conflict=\"help\"} 1.0\n")
        .contains("jmx_scrape_family_conflicts{conflict=\"label_names\"} 1.0\n");
  }

  @Test
  void twoRulesWithDifferentHelpsForOneNameServeTheFirstAndCountAHelpConflict() throws Exception {
    String yaml =
        """
        rules:
        - pattern: 'col<type=A><>Value'
          name: helped
          help: written for A
          labels: {type: A}
        - pattern: 'col<type=B><>Value'
          name: helped
          help: written for B
          labels: {type: B}
        """;

    for (MBeanServer server : new MBeanServer[] {server("A", "B"), server("B", "A")}) {
      String text = Scrapes.text(Scrapes.collector(yaml, server).collect(), true);

      assertThat(text)
          .contains(
              """
              # HELP helped written for A
              # TYPE helped untyped
              helped{type="A"} 1.0
              helped{type="B"} 2.0
              """)
          .doesNotContain("written for B")
          .contains("jmx_scrape_family_conflicts{conflict=\"help\"} 1.0\n")
          .doesNotContain("conflict=\"type\"", "conflict=\"label_names\"");
    }
  }

  @Test
  void aRulesHelpAndADefaultHelpForOneNameAreAHelpConflict() throws Exception {
    String yaml =
        """
        rules:
        - pattern: 'col<type=A><>Value'
          name: mixed
          help: written for A
          labels: {type: A}
        - pattern: 'col<type=B><>Value'
          name: mixed
          labels: {type: B}
        """;

    String text = Scrapes.text(Scrapes.collector(yaml, server("A", "B")).collect(), true);

    assertThat(text)
        .contains("# HELP mixed written for A\n")
        .contains("jmx_scrape_family_conflicts{conflict=\"help\"} 1.0\n");
  }

  @Test
  void theSameHelpFromTwoRulesIsNoConflict() throws Exception {
    String yaml =
        """
        rules:
        - pattern: 'col<type=A><>Value'
          name: agreed
          help: one text
          labels: {type: A}
        - pattern: 'col<type=B><>Value'
          name: agreed
          help: one text
          labels: {type: B}
        """;

    String text = Scrapes.text(Scrapes.collector(yaml, server("A", "B")).collect(), true);

    assertThat(text).contains("# HELP agreed one text\n").doesNotContain("family_conflicts");
  }

  @Test
  void theResolutionDoesNotDependOnRegistrationOrderNorOnTheScrape() throws Exception {
    JmxCollector ab = Scrapes.collector(YAML, server("A", "B"));
    JmxCollector ba = Scrapes.collector(YAML, server("B", "A"));

    String first = Scrapes.text(ab.collect(), false);

    assertThat(first).containsOnlyOnce("# HELP shared ");
    assertThat(Scrapes.text(ba.collect(), false)).isEqualTo(first);
    for (int i = 0; i < 5; i++) {
      assertThat(Scrapes.text(ab.collect(), false)).isEqualTo(first);
    }
  }

  @Test
  void sameNameAndLabelsFromTwoBeansKeepsBothWithObjectnameAndCountsNothingDropped()
      throws Exception {
    String yaml =
        """
        rules:
        - pattern: 'col<type=(\\w)><>Value'
          name: same
        """;

    String text = Scrapes.text(Scrapes.collector(yaml, server("A", "B")).collect(), true);

    assertThat(text)
        .contains("same{_objectname=\"col<type=A><>Value\"} 1.0\n")
        .contains("same{_objectname=\"col<type=B><>Value\"} 2.0\n")
        .contains("jmx_scrape_dropped_samples_total{reason=\"duplicate_sample\"} 0.0\n")
        .doesNotContain("jmx_scrape_family_conflicts");
  }

  @Test
  void noConflictMetricWhenFamiliesAgreeAndOnlyTheirDefaultHelpsDiffer() throws Exception {
    String yaml =
        """
        rules:
        - pattern: 'col<type=(\\w)><>Value'
          name: agreeing
          labels: {type: $1}
        """;

    String text = Scrapes.text(Scrapes.collector(yaml, server("A", "B")).collect(), true);

    assertThat(text)
        .as("default helps name each bean, so they differ, and that is no conflict")
        .contains(
            "# HELP agreeing Attribute exposed for management col:name=null,type=A,attribute=Value\n")
        .contains("agreeing{type=\"A\"} 1.0\n")
        .doesNotContain("family_conflicts");
  }

  private static MBeanServer server(String... types) throws Exception {
    MBeanServer server = MBeanServerFactory.newMBeanServer();
    for (String type : types) {
      server.registerMBean(
          new MapBean().with("Value", type.equals("A") ? 1 : 2),
          new ObjectName("col:type=" + type));
    }
    return server;
  }

  /** The lines of one family, without its HELP line. */
  private static List<String> family(String text, String name) {
    return text.lines()
        .filter(
            l ->
                l.startsWith(name + "{")
                    || l.startsWith(name + " ")
                    || l.endsWith(" " + name + " untyped"))
        .toList();
  }
}
