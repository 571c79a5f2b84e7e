package io.github.jmxprom.collector.compat;

import io.github.jmxprom.collector.compat.Exposition.Family;
import io.github.jmxprom.collector.compat.Exposition.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** Reads Prometheus text format 0.0.4 into the families of an {@link Exposition}. */
final class ExpositionParser {

  private ExpositionParser() {}

  /** Parses the text; throws {@link IllegalArgumentException} naming the bad line. */
  static SortedMap<String, Family> parse(String text) {
    return new Parser().parse(text);
  }

  private static final class Parser {
    private final SortedMap<String, Family> done = new TreeMap<>();
    private String name;
    private String type;
    private String help;
    private List<Sample> samples;

    SortedMap<String, Family> parse(String text) {
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        try {
          line(lines[i]);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(
              "line " + (i + 1) + ": " + e.getMessage() + ": " + lines[i], e);
        }
      }
      close();
      return done;
    }

    private void line(String line) {
      if (line.isBlank()) {
        return;
      }
      if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
        String rest = line.substring(7);
        int space = rest.indexOf(' ');
        String family = space < 0 ? rest : rest.substring(0, space);
        String argument = space < 0 ? "" : rest.substring(space + 1);
        if (!family.equals(name) || (line.startsWith("# HELP ") ? help : type) != null) {
          open(family);
        }
        if (line.startsWith("# HELP ")) {
          help = unescape(argument, false);
        } else {
          type = argument;
        }
      } else if (!line.startsWith("#")) {
        Sample sample = new SampleReader(line).read();
        boolean belongs =
            name != null && (sample.name().equals(name) || sample.name().startsWith(name + "_"));
        if (!belongs) {
          open(sample.name());
        }
        samples.add(sample);
      }
    }

    private void open(String family) {
      close();
      if (done.containsKey(family)) {
        throw new IllegalArgumentException("family " + family + " appears twice");
      }
      name = family;
      type = null;
      help = null;
      samples = new ArrayList<>();
    }

    private void close() {
      if (name != null) {
        done.put(name, new Family(name, type, help, samples));
        name = null;
      }
    }
  }

  private static final class SampleReader {
    private final String line;
    private int pos;

    SampleReader(String line) {
      this.line = line;
    }

    Sample read() {
      String name = identifier();
      SortedMap<String, String> labels = new TreeMap<>();
      if (peek() == '{') {
        pos++;
        while (peek() != '}') {
          String label = identifier();
          expect('=');
          expect('"');
          String value = quoted();
          if (labels.put(label, value) != null) {
            throw new IllegalArgumentException("duplicate label " + label);
          }
          if (peek() == ',') {
            pos++;
          } else if (peek() != '}') {
            throw new IllegalArgumentException("expected , or } at column " + (pos + 1));
          }
        }
        pos++;
      }
      expect(' ');
      String[] rest = line.substring(pos).trim().split(" +");
      if (rest.length > 2 || rest[0].isEmpty()) {
        throw new IllegalArgumentException("expected a value and an optional timestamp");
      }
      return new Sample(name, labels, parseValue(rest[0]));
    }

    private String identifier() {
      int start = pos;
      while (pos < line.length()) {
        char c = line.charAt(pos);
        boolean ok =
            c == '_'
                || c == ':'
                || (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (pos > start && c >= '0' && c <= '9');
        if (!ok) {
          break;
        }
        pos++;
      }
      if (pos == start) {
        throw new IllegalArgumentException("expected a name at column " + (start + 1));
      }
      return line.substring(start, pos);
    }

    private String quoted() {
      int start = pos;
      while (pos < line.length()) {
        char c = line.charAt(pos);
        if (c == '\\') {
          pos += 2;
        } else if (c == '"') {
          String raw = line.substring(start, pos++);
          return unescape(raw, true);
        } else {
          pos++;
        }
      }
      throw new IllegalArgumentException("unterminated label value");
    }

    private char peek() {
      if (pos >= line.length()) {
        throw new IllegalArgumentException("unexpected end of line");
      }
      return line.charAt(pos);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw new IllegalArgumentException("expected '" + c + "' at column " + (pos + 1));
      }
      pos++;
    }
  }

  /** Undoes text-format escaping: {@code \\} and {@code \n}, plus {@code \"} in label values. */
  static String unescape(String text, boolean labelValue) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char next = text.charAt(i + 1);
        if (next == '\\' || next == 'n' || (labelValue && next == '"')) {
          out.append(next == 'n' ? '\n' : next);
          i++;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  static double parseValue(String text) {
    switch (text) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        return Double.parseDouble(text);
    }
  }
}
