package io.github.jmxprom.standalone.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON the inventory file needs: objects (keeping key order), arrays, strings, numbers
 * as their source text, booleans and null. Hand-written because the standalone jar carries no JSON
 * library and an inventory must round-trip exactly (numbers stay text until their recorded type
 * parses them).
 *
 * <pre>{@code
 * Object tree = Json.parse("{\"a\": [1, \"x\"]}"); // {a=[1, x]} with 1 as the String "1"
 * Json.quote("say \"hi\"");                         // "\"say \\\"hi\\\"\""
 * }</pre>
 */
final class Json {

  /** A number as written in the file. */
  static final class Num {
    final String text;

    Num(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  private final String s;
  private int i;

  private Json(String s) {
    this.s = s;
  }

  /** Parses a whole document; throws IllegalArgumentException naming the offset. */
  static Object parse(String text) {
    Json p = new Json(text);
    Object v = p.value();
    p.ws();
    if (p.i != text.length()) {
      throw p.error("trailing text");
    }
    return v;
  }

  static String quote(String v) {
    StringBuilder b = new StringBuilder("\"");
    for (int k = 0; k < v.length(); k++) {
      char c = v.charAt(k);
      switch (c) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        case '\n':
          b.append("\\n");
          break;
        case '\r':
          b.append("\\r");
          break;
        case '\t':
          b.append("\\t");
          break;
        default:
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    return b.append('"').toString();
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at offset " + i);
  }

  private void ws() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private Object value() {
    ws();
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    char c = s.charAt(i);
    if (c == '{') {
      return object();
    } else if (c == '[') {
      return array();
    } else if (c == '"') {
      return string();
    } else if (s.startsWith("true", i)) {
      i += 4;
      return Boolean.TRUE;
    } else if (s.startsWith("false", i)) {
      i += 5;
      return Boolean.FALSE;
    } else if (s.startsWith("null", i)) {
      i += 4;
      return null;
    }
    int start = i;
    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    if (start == i) {
      throw error("unexpected '" + c + "'");
    }
    return new Num(s.substring(start, i));
  }

  private Map<String, Object> object() {
    Map<String, Object> map = new LinkedHashMap<>();
    i++;
    ws();
    if (i < s.length() && s.charAt(i) == '}') {
      i++;
      return map;
    }
    while (true) {
      ws();
      String key = string();
      ws();
      expect(':');
      map.put(key, value());
      ws();
      if (i < s.length() && s.charAt(i) == ',') {
        i++;
      } else {
        expect('}');
        return map;
      }
    }
  }

  private List<Object> array() {
    List<Object> list = new ArrayList<>();
    i++;
    ws();
    if (i < s.length() && s.charAt(i) == ']') {
      i++;
      return list;
    }
    while (true) {
      list.add(value());
      ws();
      if (i < s.length() && s.charAt(i) == ',') {
        i++;
      } else {
        expect(']');
        return list;
      }
    }
  }

  private void expect(char c) {
    if (i >= s.length() || s.charAt(i) != c) {
      throw error("expected '" + c + "'");
    }
    i++;
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      if (i >= s.length()) {
        throw error("unterminated string");
      }
      char c = s.charAt(i++);
      if (c == '"') {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = s.charAt(i++);
      switch (e) {
        case 'n':
          b.append('\n');
          break;
        case 'r':
          b.append('\r');
          break;
        case 't':
          b.append('\t');
          break;
        case 'b':
          b.append('\b');
          break;
        case 'f':
          b.append('\f');
          break;
        case 'u':
          b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
          break;
        default:
          b.append(e);
      }
    }
  }
}
