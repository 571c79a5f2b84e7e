package io.github.jmxprom.collector.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.collector.config.MetricType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The assembler's {@link SnapshotAssembler.Trace} tells, for every sample added, exactly one
 * outcome: served in which family with which labels (its own, or with {@code _objectname}), or
 * dropped and why, naming the sample a duplicate repeats. With or without a trace the families
 * built and the drops counted are the same.
 */
class AssemblerTraceTest {

  private static Sample sample(String name, MetricType type, double value, String... labels) {
    return sample("d<type=" + name + ">", name, type, value, labels);
  }

  /** A sample from the attribute {@code A} of {@code bean} (its pattern input's start). */
  private static Sample sample(
      String bean, String name, MetricType type, double value, String... labels) {
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (int i = 0; i < labels.length; i += 2) {
      names.add(labels[i]);
      values.add(labels[i + 1]);
    }
    return new Sample(name, type, "", LabelSet.of(names, values), value, bean, "A", value);
  }

  /** The samples of one scrape that hit every outcome. */
  private static List<Sample> samples() {
    return Arrays.asList(
        sample("requests", MetricType.COUNTER, 3, "code", "200"),
        sample("size_total", MetricType.GAUGE, 42),
        sample("evictions", MetricType.COUNTER, -1),
        sample("jmx_scrape_error", MetricType.GAUGE, 5),
        sample("d<type=A>", "same", MetricType.GAUGE, 1, "a", "x"),
        sample("d<type=B>", "same", MetricType.GAUGE, 2, "a", "x"),
        // Same name, labels and bean as the one before: the same even with _objectname.
        sample("d<type=B>", "same", MetricType.GAUGE, 3, "a", "x"),
        sample("bad", MetricType.GAUGE, 1, "a-b", "x"));
  }

  private static final class Recorder implements SnapshotAssembler.Trace {
    final List<String> events = new ArrayList<>();
    final List<Sample> seen = new ArrayList<>();

    @Override
    public void served(Sample sample, String family, MetricType type, LabelSet labels) {
      seen.add(sample);
      events.add("served " + sample.getValue() + " in " + family + " " + type + " " + labels);
    }

    @Override
    public void dropped(Sample sample, String family, DropReason reason, Sample same) {
      seen.add(sample);
      events.add(
          "dropped "
              + sample.getValue()
              + " of "
              + family
              + " "
              + reason.label()
              + (same == null ? "" : " like " + same.getValue()));
    }
  }

  @Test
  void everySampleGetsOneOutcome() {
    SnapshotAssembler assembler =
        new SnapshotAssembler(new HashSet<>(Collections.singleton("jmx_scrape_error")));
    Recorder trace = new Recorder();
    assembler.setTrace(trace);
    List<Sample> samples = samples();
    samples.forEach(assembler::add);
    assembler.build();

    assertThat(trace.events)
        .containsExactlyInAnyOrder(
            "served 3.0 in requests COUNTER {code=\"200\"}",
            "served 42.0 in size GAUGE {}",
            "dropped -1.0 of evictions negative_counter",
            "dropped 5.0 of jmx_scrape_error name_clash",
            "served 1.0 in same GAUGE {a=\"x\",_objectname=\"d<type=A>A\"}",
            "served 2.0 in same GAUGE {a=\"x\",_objectname=\"d<type=B>A\"}",
            "dropped 3.0 of same duplicate_sample like 2.0",
            "dropped 1.0 of bad invalid_label_name");
    assertThat(trace.seen).hasSameSizeAs(samples).containsExactlyInAnyOrderElementsOf(samples);
  }

  @Test
  void aTraceChangesNeitherTheFamiliesNorTheCounts() {
    SnapshotAssembler plain =
        new SnapshotAssembler(new HashSet<>(Collections.singleton("jmx_scrape_error")));
    SnapshotAssembler traced =
        new SnapshotAssembler(new HashSet<>(Collections.singleton("jmx_scrape_error")));
    traced.setTrace(new Recorder());
    samples().forEach(plain::add);
    samples().forEach(traced::add);

    assertThat(describe(traced.build())).isEqualTo(describe(plain.build()));
    assertThat(traced.getDropped()).isEqualTo(plain.getDropped());
  }

  private static List<String> describe(List<Family> families) {
    List<String> out = new ArrayList<>();
    for (Family family : families) {
      for (int i = 0; i < family.size(); i++) {
        out.add(
            family.getName() + " " + family.getType() + family.getLabels(i) + family.getValue(i));
      }
    }
    return out;
  }
}
