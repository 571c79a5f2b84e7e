package io.github.jmxprom.collector.snapshot;

import java.nio.charset.StandardCharsets;

/**
 * The start of every sample line of a family, as the text formats write it: the name (with {@code
 * _total} for a counter's samples), the label text and a space, all of a family's lines in one
 * array in exposition order. Remembered with the family's sort order while its samples stay the
 * same, so a scrape writes each line from one contiguous block plus its value, instead of visiting
 * every sample's label set (a cache miss or two per sample, a tenth of a large scrape's CPU).
 *
 * <pre>{@code
 * SampleLines lines = family.sampleLines(true);
 * for (int i = 0; i < family.size(); i++) {
 *   out.write(lines.text(), lines.start(i), lines.length(i));
 *   writeValue(family.getValue(i));
 * }
 * }</pre>
 */
public final class SampleLines {

  private static final byte[] TOTAL = "_total".getBytes(StandardCharsets.US_ASCII);

  final String name;
  final boolean counter;
  private final byte[] text;
  private final int[] ends;

  private SampleLines(String name, boolean counter, byte[] text, int[] ends) {
    this.name = name;
    this.counter = counter;
    this.text = text;
    this.ends = ends;
  }

  static SampleLines of(String name, boolean counter, LabelSet[] labels) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    int prefix = nameBytes.length + (counter ? TOTAL.length : 0);
    int size = 0;
    for (LabelSet set : labels) {
      size += prefix + set.text().length + 1;
    }
    byte[] text = new byte[size];
    int[] ends = new int[labels.length];
    int at = 0;
    for (int i = 0; i < labels.length; i++) {
      System.arraycopy(nameBytes, 0, text, at, nameBytes.length);
      at += nameBytes.length;
      if (counter) {
        System.arraycopy(TOTAL, 0, text, at, TOTAL.length);
        at += TOTAL.length;
      }
      byte[] labelText = labels[i].text();
      System.arraycopy(labelText, 0, text, at, labelText.length);
      at += labelText.length;
      text[at++] = ' ';
      ends[i] = at;
    }
    return new SampleLines(name, counter, text, ends);
  }

  /** All lines' starts, one after the other. */
  public byte[] text() {
    return text;
  }

  /** Where sample {@code i}'s line start begins in {@link #text()}. */
  public int start(int i) {
    return i == 0 ? 0 : ends[i - 1];
  }

  /** The length of sample {@code i}'s line start. */
  public int length(int i) {
    return ends[i] - start(i);
  }
}
