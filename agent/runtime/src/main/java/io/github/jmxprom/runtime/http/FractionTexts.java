package io.github.jmxprom.runtime.http;

import java.nio.charset.StandardCharsets;

/**
 * {@code Double.toString} of sample values as ASCII bytes, remembered for values met before. Before
 * JDK 19 that method costs about a microsecond per value, a tenth of a scrape's CPU for a JVM full
 * of rates, and many series carry the same value (the same ratio, percentile or rate across
 * partitions). A small table indexed by the value's bits keeps the last text for each slot: a hit
 * is the same bits, so the same text, and never stale; a miss costs one comparison. Entries are
 * immutable, so writers on different threads share the table without locks (a lost write only costs
 * a later miss).
 *
 * <pre>{@code
 * out.write(FractionTexts.text(0.25)); // "0.25"
 * }</pre>
 */
final class FractionTexts {

  private static final int BITS = 11;
  private static final Entry[] TABLE = new Entry[1 << BITS];

  private FractionTexts() {}

  /** The bytes of {@code Double.toString(value)}. */
  static byte[] text(double value) {
    long bits = Double.doubleToRawLongBits(value);
    int slot = (int) ((bits ^ (bits >>> 29)) * 0x9E3779B97F4A7C15L >>> (64 - BITS));
    Entry entry = TABLE[slot];
    if (entry != null && entry.bits == bits) {
      return entry.text;
    }
    byte[] text = Double.toString(value).getBytes(StandardCharsets.US_ASCII);
    TABLE[slot] = new Entry(bits, text);
    return text;
  }

  private static final class Entry {
    final long bits;
    final byte[] text;

    Entry(long bits, byte[] text) {
      this.bits = bits;
      this.text = text;
    }
  }
}
