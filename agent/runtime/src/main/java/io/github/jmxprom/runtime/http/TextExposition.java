package io.github.jmxprom.runtime.http;

import io.github.jmxprom.collector.config.MetricType;
import io.github.jmxprom.collector.snapshot.Family;
import io.github.jmxprom.collector.snapshot.LabelSet;
import io.github.jmxprom.collector.snapshot.SampleLines;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the Prometheus text format (version 0.0.4) or OpenMetrics byte for byte as client_java's
 * {@link PrometheusTextFormatWriter} and {@link OpenMetricsTextFormatWriter} do, but the JMX
 * families straight from the scrape: each sample is its name, the label text its {@link LabelSet}
 * worked out once (and keeps while the rule cache remembers it), and its value. No snapshot is
 * built, copied, validated or sorted for them, and nothing is held in memory beyond the caller's
 * buffer, so the answer can be streamed. The other families (JVM metrics, build info, self-metrics)
 * are client_java snapshots and are written by client_java's writer, in name order among the JMX
 * ones, as one sorted {@link MetricSnapshots} would be.
 *
 * <pre>{@code
 * OutputStream out = exchange.getResponseBody();
 * new TextExposition().write(out, registry.scrape(), result.getFamilies(), EscapingScheme.DEFAULT);
 * out.close();
 * }</pre>
 */
final class TextExposition {

  private static final byte[] HELP = ascii("# HELP ");
  private static final byte[] TYPE = ascii("# TYPE ");
  private static final byte[] TOTAL = ascii("_total");
  private static final byte[] COUNTER = ascii(" counter\n");
  private static final byte[] GAUGE = ascii(" gauge\n");
  private static final byte[] UNTYPED = ascii(" untyped\n");
  private static final byte[] UNKNOWN = ascii(" unknown\n");
  private static final byte[] EOF = ascii("# EOF\n");
  private static final byte[] PLUS_INF = ascii("+Inf");
  private static final byte[] MINUS_INF = ascii("-Inf");

  private final ExpositionFormatWriter delegate;
  private final boolean openMetrics;
  private final byte[] digits = new byte[20];

  /** The Prometheus text format, version 0.0.4. */
  TextExposition() {
    this(PrometheusTextFormatWriter.create());
  }

  /**
   * The format of {@code delegate}: client_java's {@link PrometheusTextFormatWriter} or {@link
   * OpenMetricsTextFormatWriter} (with whatever options it was built with, for the snapshots it
   * writes).
   */
  TextExposition(ExpositionFormatWriter delegate) {
    if (!supports(delegate)) {
      throw new IllegalArgumentException("not a text format: " + delegate);
    }
    this.delegate = delegate;
    this.openMetrics = delegate instanceof OpenMetricsTextFormatWriter;
  }

  /** Whether this writer can take {@code format}'s place. */
  static boolean supports(ExpositionFormatWriter format) {
    return format instanceof PrometheusTextFormatWriter
        || format instanceof OpenMetricsTextFormatWriter;
  }

  /**
   * Writes {@code snapshots} and {@code families} (both sorted by name, no name in both) to {@code
   * out} in chunks of 64 KiB; {@code out} is not flushed or closed.
   */
  void write(
      OutputStream out, MetricSnapshots snapshots, List<Family> families, EscapingScheme scheme)
      throws IOException {
    Sink sink = new Sink(out);
    List<MetricSnapshot> run = new ArrayList<>();
    int next = 0;
    for (MetricSnapshot snapshot : snapshots) {
      String name = snapshot.getMetadata().getPrometheusName();
      while (next < families.size() && families.get(next).getName().compareTo(name) < 0) {
        writeRun(sink, run, scheme);
        writeFamily(sink, families.get(next++));
      }
      run.add(snapshot);
    }
    writeRun(sink, run, scheme);
    while (next < families.size()) {
      writeFamily(sink, families.get(next++));
    }
    if (openMetrics) {
      sink.write(EOF);
    }
    sink.drain();
  }

  /** Consecutive client_java snapshots in one call of its writer. */
  private void writeRun(Sink out, List<MetricSnapshot> run, EscapingScheme scheme)
      throws IOException {
    if (run.isEmpty()) {
      return;
    }
    if (openMetrics) {
      // client_java ends every OpenMetrics answer with "# EOF"; here the answer goes on.
      ByteArrayOutputStream part = new ByteArrayOutputStream(4096);
      delegate.write(part, new MetricSnapshots(run), scheme);
      byte[] bytes = part.toByteArray();
      out.write(bytes, 0, bytes.length - EOF.length);
    } else {
      delegate.write(out.stream(), new MetricSnapshots(run), scheme);
    }
    run.clear();
  }

  private void writeFamily(Sink out, Family family) throws IOException {
    byte[] name = family.getName().getBytes(StandardCharsets.UTF_8);
    boolean counter = family.getType() == MetricType.COUNTER;
    if (openMetrics) {
      // OpenMetrics: TYPE before HELP, the family name without _total in both.
      out.write(TYPE);
      out.write(name);
      out.write(typeWord(family.getType()));
      writeHelp(out, name, false, family.getHelp());
    } else {
      writeHelp(out, name, counter, family.getHelp());
      out.write(TYPE);
      writeName(out, name, counter);
      out.write(typeWord(family.getType()));
    }
    SampleLines lines = family.sampleLines(counter);
    if (lines != null) {
      byte[] text = lines.text();
      for (int i = 0; i < family.size(); i++) {
        out.write(text, lines.start(i), lines.length(i));
        writeValue(out, family.getValue(i));
        out.write('\n');
      }
      return;
    }
    for (int i = 0; i < family.size(); i++) {
      writeName(out, name, counter);
      out.write(family.getLabels(i).text());
      out.write(' ');
      writeValue(out, family.getValue(i));
      out.write('\n');
    }
  }

  private void writeHelp(Sink out, byte[] name, boolean counter, String help) throws IOException {
    if (!help.isEmpty()) {
      out.write(HELP);
      writeName(out, name, counter);
      out.write(' ');
      out.write(escapeHelp(help, openMetrics));
      out.write('\n');
    }
  }

  private byte[] typeWord(MetricType type) {
    switch (type) {
      case COUNTER:
        return COUNTER;
      case GAUGE:
        return GAUGE;
      default:
        return openMetrics ? UNKNOWN : UNTYPED;
    }
  }

  private static void writeName(Sink out, byte[] name, boolean counter) throws IOException {
    out.write(name);
    if (counter) {
      out.write(TOTAL);
    }
  }

  /** As client_java writes a double: {@code +Inf}, {@code -Inf}, else {@link Double#toString}. */
  private void writeValue(Sink out, double value) throws IOException {
    long whole = (long) value;
    if (whole == value
        && whole > -10_000_000L
        && whole < 10_000_000L
        && (whole != 0 || Double.doubleToRawLongBits(value) == 0L)) {
      // Double.toString's form for these ("42.0", "-7.0"), without making a String.
      writeWhole(out, whole);
      out.write('.');
      out.write('0');
    } else if (value == Double.POSITIVE_INFINITY) {
      out.write(PLUS_INF);
    } else if (value == Double.NEGATIVE_INFINITY) {
      out.write(MINUS_INF);
    } else {
      out.write(FractionTexts.text(value));
    }
  }

  /** Writes {@code value}, whose magnitude is below ten million (so it fits in an int). */
  private void writeWhole(Sink out, long value) throws IOException {
    // int arithmetic: a 64-bit division per digit made this a tenth of a scrape's CPU.
    int rest = (int) value;
    if (rest < 0) {
      out.write('-');
      rest = -rest;
    }
    int at = digits.length;
    do {
      int next = rest / 10;
      digits[--at] = (byte) ('0' + (rest - next * 10));
      rest = next;
    } while (rest != 0);
    out.write(digits, at, digits.length - at);
  }

  /** Both formats escape backslashes and newlines in help texts; OpenMetrics also double quotes. */
  private static byte[] escapeHelp(String help, boolean quotes) {
    if (help.indexOf('\\') < 0 && help.indexOf('\n') < 0 && !(quotes && help.indexOf('"') >= 0)) {
      return help.getBytes(StandardCharsets.UTF_8);
    }
    StringBuilder escaped = new StringBuilder(help.length() + 8);
    for (int i = 0; i < help.length(); i++) {
      char c = help.charAt(i);
      if (c == '\\') {
        escaped.append("\\\\");
      } else if (c == '\n') {
        escaped.append("\\n");
      } else if (c == '"' && quotes) {
        escaped.append("\\\"");
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * The buffer everything goes through before {@code out}: not synchronized (a {@link
   * java.io.BufferedOutputStream} takes a lock for each of the four or so writes per sample), and
   * client_java's writer, which flushes when done, reaches it through {@link #stream()}, whose
   * flush stops here instead of pushing a small chunk to the socket after every run of snapshots.
   */
  private static final class Sink {
    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private int size;
    private final OutputStream stream =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            Sink.this.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            Sink.this.write(b, off, len);
          }
        };

    Sink(OutputStream out) {
      this.out = out;
    }

    OutputStream stream() {
      return stream;
    }

    void write(int b) throws IOException {
      if (size == buffer.length) {
        drain();
      }
      buffer[size++] = (byte) b;
    }

    void write(byte[] b) throws IOException {
      write(b, 0, b.length);
    }

    void write(byte[] b, int off, int len) throws IOException {
      if (len > buffer.length - size) {
        drain();
        if (len > buffer.length) {
          out.write(b, off, len);
          return;
        }
      }
      System.arraycopy(b, off, buffer, size, len);
      size += len;
    }

    void drain() throws IOException {
      if (size > 0) {
        out.write(buffer, 0, size);
        size = 0;
      }
    }
  }
}
