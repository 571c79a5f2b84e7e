package io.github.jmxprom.collector.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.config.MetricType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The remembered starts of a family's sample lines: right text, kept while the samples stay. */
class SampleLinesTest {

  private final FamilyOrder order = new FamilyOrder();
  private final LabelSet b = LabelSet.of(Arrays.asList("topic"), Arrays.asList("b"));
  private final LabelSet a = LabelSet.of(Arrays.asList("topic"), Arrays.asList("a\"q"));

  @Test
  void theLinesAreNameLabelsAndASpaceInExpositionOrder() {
    Family family = assemble(MetricType.COUNTER, b, a);
    SampleLines lines = family.sampleLines(true);
    assertThat(line(lines, 0)).isEqualTo("bytes_total{topic=\"a\\\"q\"} ");
    assertThat(line(lines, 1)).isEqualTo("bytes_total{topic=\"b\"} ");
    assertThat(line(family.sampleLines(false), 1)).isEqualTo("bytes{topic=\"b\"} ");
  }

  @Test
  void theyAreKeptWhileTheFamilyHasTheSameSamplesAndMadeAnewWhenItChanges() {
    SampleLines first = assemble(MetricType.GAUGE, b, a).sampleLines(false);
    assertThat(assemble(MetricType.GAUGE, b, a).sampleLines(false)).isSameAs(first);
    LabelSet c = LabelSet.of(Arrays.asList("topic"), Arrays.asList("c"));
    SampleLines grown = assemble(MetricType.GAUGE, b, a, c).sampleLines(false);
    assertThat(grown).isNotSameAs(first);
    assertThat(line(grown, 2)).isEqualTo("bytes{topic=\"c\"} ");
  }

  @Test
  void aFamilyWithoutRememberedOrderHasNone() {
    SnapshotAssembler once = new SnapshotAssembler(Collections.emptySet());
    once.add(sample(MetricType.GAUGE, a));
    assertThat(once.build().get(0).sampleLines(false)).isNull();
  }

  private Family assemble(MetricType type, LabelSet... sets) {
    SnapshotAssembler assembler = new SnapshotAssembler(Collections.emptySet(), order);
    for (LabelSet set : sets) {
      assembler.add(sample(type, set));
    }
    List<Family> families = assembler.build();
    order.endScrape();
    return families.get(0);
  }

  private static Sample sample(MetricType type, LabelSet labels) {
    return new Sample("bytes", type, "help", labels, 1.0, "d<type=X><>", "Bytes", "1");
  }

  private static String line(SampleLines lines, int i) {
    return new String(lines.text(), lines.start(i), lines.length(i), StandardCharsets.UTF_8);
  }
}
