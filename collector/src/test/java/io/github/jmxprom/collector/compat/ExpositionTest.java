package io.github.jmxprom.collector.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jmxprom.collector.compat.Exposition.Family;
import io.github.jmxprom.collector.compat.Exposition.Sample;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ExpositionTest {

  private static final String TEXT =
      """
      # HELP b_total Help with \\\\ backslash and \\n newline
      # TYPE b_total counter
      b_total{z="2",a="x\\"y\\\\z\\nw"} 1.0
      b_total{a="first"} 2.0
      # TYPE a untyped
      a NaN
      a{le="+Inf"} +Inf 1700000000000
      # a comment
      c -Inf
      """;

  @Test
  void parsesFamiliesSortedWithUnescapedHelpAndLabelValues() {
    Exposition exposition = Exposition.parse(TEXT);

    assertThat(exposition.families().keySet()).containsExactly("a", "b_total", "c");
    Family counter = exposition.family("b_total");
    assertThat(counter.type()).isEqualTo("counter");
    assertThat(counter.help()).isEqualTo("Help with \\ backslash and \n newline");
    assertThat(counter.samples())
        .containsExactly(
            new Sample("b_total", labels("a", "first"), 2.0),
            new Sample("b_total", labels("a", "x\"y\\z\nw", "z", "2"), 1.0));
    assertThat(exposition.family("a").samples())
        .containsExactly(
            new Sample("a", labels(), Double.NaN),
            new Sample("a", labels("le", "+Inf"), Double.POSITIVE_INFINITY));
    assertThat(exposition.family("c").type()).isNull();
    assertThat(exposition.family("c").samples())
        .containsExactly(sample("c", Double.NEGATIVE_INFINITY));
  }

  @Test
  void equalityIgnoresLineOrderButNotValuesTypesOrHelp() {
    String reordered =
        """
        c -Inf
        # TYPE a untyped
        a{le="+Inf"} +Inf
        a NaN
        # TYPE b_total counter
        # HELP b_total Help with \\\\ backslash and \\n newline
        b_total{a="first"} 2.0
        b_total{a="x\\"y\\\\z\\nw",z="2"} 1.0
        """;

    assertThat(Exposition.parse(reordered)).isEqualTo(Exposition.parse(TEXT));
    assertThat(Exposition.parse(TEXT.replace("a NaN", "a 0.0")))
        .isNotEqualTo(Exposition.parse(TEXT));
    assertThat(Exposition.parse(TEXT.replace("counter", "gauge")))
        .isNotEqualTo(Exposition.parse(TEXT));
  }

  @Test
  void diffNamesMissingAndUnexpectedFamiliesAndLines() {
    Exposition expected = Exposition.parse(TEXT);
    Exposition actual =
        Exposition.parse(
            TEXT.replace("b_total{a=\"first\"} 2.0", "b_total{a=\"first\"} 3.0")
                .replace("# TYPE a untyped", "# TYPE a gauge")
                .replace("c -Inf", "d 1.0"));

    assertThat(Exposition.diff(expected, expected)).isEmpty();
    assertThat(Exposition.diff(expected, actual))
        .isEqualTo(
            """
            ~ family a
            -   # TYPE untyped
            +   # TYPE gauge
            ~ family b_total
            -   b_total{a="first"} 2.0
            +   b_total{a="first"} 3.0
            - missing family c
            -   c -Inf
            + unexpected family d
            +   d 1.0
            """);
  }

  @Test
  void toTextRoundTrips() {
    Exposition exposition = Exposition.parse(TEXT);

    assertThat(Exposition.parse(exposition.toText())).isEqualTo(exposition);
    assertThat(exposition.toText()).contains("b_total{a=\"x\\\"y\\\\z\\nw\",z=\"2\"} 1.0\n");
  }

  @Test
  void filterKeepsAcceptedFamilies() {
    assertThat(Exposition.parse(TEXT).filter(name -> name.startsWith("b")).families())
        .containsOnlyKeys("b_total");
  }

  @Test
  void rejectsMalformedInputNamingTheLine() {
    assertThatThrownBy(() -> Exposition.parse("a{b=\"c} 1"))
        .hasMessageStartingWith("line 1: unterminated label value");
    assertThatThrownBy(() -> Exposition.parse("# TYPE a gauge\na 1\n# TYPE a gauge\na 2"))
        .hasMessageStartingWith("line 3: family a appears twice");
    assertThatThrownBy(() -> Exposition.parse("a 1 2 3")).hasMessageContaining("line 1");
  }

  private static Sample sample(String name, double value) {
    return new Sample(name, labels(), value);
  }

  private static TreeMap<String, String> labels(String... pairs) {
    TreeMap<String, String> labels = new TreeMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      labels.put(pairs[i], pairs[i + 1]);
    }
    return labels;
  }
}
