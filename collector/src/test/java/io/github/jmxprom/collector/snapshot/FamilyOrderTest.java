package io.github.jmxprom.collector.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Label sets and the remembered family order that hands client_java sorted data points. */
class FamilyOrderTest {

  @Test
  void labelSetsAreEqualAsTheExpositionShowsThemWhateverTheRuleOrder() {
    LabelSet ab = LabelSet.of(Arrays.asList("a", "b"), Arrays.asList("1", "2"));
    LabelSet ba = LabelSet.of(Arrays.asList("b", "a"), Arrays.asList("2", "1"));
    LabelSet other = LabelSet.of(Arrays.asList("a", "b"), Arrays.asList("1", "3"));
    assertThat(ab).isEqualTo(ba).hasSameHashCodeAs(ba).isNotEqualTo(other);
    assertThat(ab.names()).containsExactly("a", "b");
  }

  @Test
  void labelSetsThatCannotBeExposedSayWhy() {
    assertThat(LabelSet.of(Arrays.asList("a:b"), Arrays.asList("1")).problem())
        .isEqualTo(DropReason.INVALID_LABEL_NAME);
    assertThat(LabelSet.of(Arrays.asList("a", "a"), Arrays.asList("1", "2")).problem())
        .isEqualTo(DropReason.DUPLICATE_LABEL_NAME);
    assertThat(LabelSet.of(Arrays.asList("a"), Arrays.asList("1")).problem()).isNull();
  }

  @Test
  void theOrderIsTheSortedOrderAcrossScrapesWithBeansComingAndGoing() {
    Random random = new Random(11);
    FamilyOrder order = new FamilyOrder();
    List<LabelSet> previous = new ArrayList<>();
    for (int scrape = 0; scrape < 40; scrape++) {
      List<LabelSet> current = new ArrayList<>();
      for (LabelSet kept : previous) {
        int fate = random.nextInt(10);
        if (fate == 0) {
          continue; // the bean went away
        }
        // Usually the remembered instance, sometimes an equal new one (value changed shape).
        current.add(fate == 1 ? copy(kept) : kept);
      }
      for (int added = random.nextInt(scrape == 0 ? 200 : 15); added > 0; added--) {
        LabelSet fresh = labels("t" + random.nextInt(100_000), "p" + random.nextInt(20));
        if (!current.contains(fresh)) {
          current.add(fresh);
        }
      }
      Collections.shuffle(current.subList(current.size() / 2, current.size()), random);
      assertThat(applied(order.sorted("family", current), current))
          .as("scrape %d", scrape)
          .isEqualTo(sortedCopy(current));
      order.endScrape();
      previous = current;
    }
  }

  @Test
  void aFamilyAScrapeDidNotHaveIsForgotten() {
    FamilyOrder order = new FamilyOrder();
    List<LabelSet> labels = Arrays.asList(labels("b", "1"), labels("a", "1"));
    int[] first = order.sorted("family", labels);
    order.endScrape();
    order.endScrape();
    assertThat(order.sorted("family", labels)).isNotSameAs(first).containsExactly(1, 0);
  }

  private static List<LabelSet> applied(int[] indexes, List<LabelSet> labels) {
    List<LabelSet> out = new ArrayList<>();
    for (int i : indexes) {
      out.add(labels.get(i));
    }
    return out;
  }

  private static List<LabelSet> sortedCopy(List<LabelSet> labels) {
    List<LabelSet> sorted = new ArrayList<>(labels);
    sorted.sort((a, b) -> a.labels().compareTo(b.labels()));
    return sorted;
  }

  private static LabelSet labels(String topic, String partition) {
    return LabelSet.of(Arrays.asList("topic", "partition"), Arrays.asList(topic, partition));
  }

  private static LabelSet copy(LabelSet labels) {
    return LabelSet.of(labels.names(), labels.values());
  }
}
