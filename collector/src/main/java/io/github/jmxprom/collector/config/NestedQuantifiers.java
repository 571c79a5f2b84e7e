package io.github.jmxprom.collector.config;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Finds the shape of regex that backtracks catastrophically: a group repeated more than once
 * ({@code *}, {@code +}, {@code {n,}}, {@code {n,m}} with m &gt; 1, {@code {n}} with n &gt; 1) that
 * itself contains an unbounded quantifier ({@code *}, {@code +}, {@code {n,}}), such as {@code
 * (.*x){12}y}, {@code (a+)+b} or {@code (\w+,?)*}. Only a warning at load: such a pattern is valid
 * and jmx_exporter accepts it; at scrape time {@code BoundedMatch} gives up on inputs it would take
 * too long on. Possessive repetitions ({@code (a+)++}) and atomic groups ({@code (?>...)}) do not
 * backtrack and are not reported. Character classes, escapes and {@code \Q...\E} are skipped.
 *
 * <pre>{@code
 * String group = NestedQuantifiers.find("(.*x){12}y"); // "(.*x){12}"
 * }</pre>
 */
final class NestedQuantifiers {

  private NestedQuantifiers() {}

  /** An open group: where it starts, whether it is atomic, whether it holds an unbounded one. */
  private static final class Group {
    final int start;
    final boolean atomic;
    boolean unbounded;

    Group(int start, boolean atomic) {
      this.start = start;
      this.atomic = atomic;
    }
  }

  /**
   * The first repeated group that contains an unbounded quantifier, with its quantifier; or null.
   */
  static String find(String regex) {
    Deque<Group> open = new ArrayDeque<>();
    int i = 0;
    int n = regex.length();
    while (i < n) {
      char c = regex.charAt(i);
      if (c == '\\') {
        if (i + 1 < n && regex.charAt(i + 1) == 'Q') {
          int end = regex.indexOf("\\E", i + 2);
          i = end < 0 ? n : end + 2;
        } else {
          i += 2;
        }
        i = afterQuantifier(regex, i, open);
        continue;
      }
      if (c == '[') {
        i = afterClass(regex, i);
        i = afterQuantifier(regex, i, open);
        continue;
      }
      if (c == '(') {
        open.push(new Group(i, regex.startsWith("(?>", i)));
        i++;
        continue;
      }
      if (c == ')') {
        Group group = open.isEmpty() ? null : open.pop();
        int after = i + 1;
        int repeat = repetition(regex, after);
        if (group != null && group.unbounded && !group.atomic && repeat > 0) {
          int end = after + repeat;
          if (end < n && regex.charAt(end) == '+') {
            // Possessive: never gives back what it took, so it does not backtrack.
          } else {
            return regex.substring(group.start, end);
          }
        }
        if (group != null && group.unbounded && !open.isEmpty()) {
          open.peek().unbounded = true;
        }
        i = afterQuantifier(regex, after, open);
        continue;
      }
      i = afterQuantifier(regex, i + 1, open);
    }
    return null;
  }

  /**
   * Skips a quantifier at {@code i} (and its lazy or possessive mark); an unbounded one marks the
   * innermost open group.
   */
  private static int afterQuantifier(String regex, int i, Deque<Group> open) {
    if (i >= regex.length()) {
      return i;
    }
    char c = regex.charAt(i);
    int length;
    boolean unbounded;
    if (c == '*' || c == '+') {
      length = 1;
      unbounded = true;
    } else if (c == '?') {
      length = 1;
      unbounded = false;
    } else if (c == '{') {
      int close = regex.indexOf('}', i);
      String inside = close < 0 ? "" : regex.substring(i + 1, close);
      if (!inside.matches("[0-9]+(,[0-9]*)?")) {
        return i; // a literal brace
      }
      length = close - i + 1;
      unbounded = inside.endsWith(",");
    } else {
      return i;
    }
    if (unbounded && !open.isEmpty()) {
      open.peek().unbounded = true;
    }
    int end = i + length;
    if (end < regex.length() && (regex.charAt(end) == '?' || regex.charAt(end) == '+')) {
      end++;
    }
    return end;
  }

  /** The length of a quantifier at {@code i} that repeats more than once; 0 for none. */
  private static int repetition(String regex, int i) {
    if (i >= regex.length()) {
      return 0;
    }
    char c = regex.charAt(i);
    if (c == '*' || c == '+') {
      return 1;
    }
    if (c != '{') {
      return 0;
    }
    int close = regex.indexOf('}', i);
    if (close < 0) {
      return 0;
    }
    String inside = regex.substring(i + 1, close);
    if (!inside.matches("[0-9]+(,[0-9]*)?")) {
      return 0;
    }
    int comma = inside.indexOf(',');
    boolean repeats;
    if (comma < 0) {
      repeats = Long.parseLong(inside) > 1;
    } else {
      String max = inside.substring(comma + 1);
      repeats = max.isEmpty() || Long.parseLong(max) > 1;
    }
    return repeats ? close - i + 1 : 0;
  }

  /** The index after the character class that starts at {@code i} (nested classes included). */
  private static int afterClass(String regex, int i) {
    int depth = 0;
    int j = i;
    int n = regex.length();
    while (j < n) {
      char c = regex.charAt(j);
      if (c == '\\') {
        j += 2;
        continue;
      }
      if (c == '[') {
        depth++;
        j++;
        // A ']' right after '[' or '[^' is a literal.
        if (j < n && regex.charAt(j) == '^') {
          j++;
        }
        if (j < n && regex.charAt(j) == ']') {
          j++;
        }
        continue;
      }
      if (c == ']') {
        depth--;
        j++;
        if (depth == 0) {
          return j;
        }
        continue;
      }
      j++;
    }
    return n;
  }
}
