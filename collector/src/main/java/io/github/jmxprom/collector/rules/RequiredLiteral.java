package io.github.jmxprom.collector.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Pieces of text that every input a pattern matches must contain, found by reading the pattern
 * conservatively, so the engine can reject most inputs with {@code indexOf} before running the
 * regex. {@code kafka.server<type=(.+), name=(.+)PerSec><>Count} needs {@code server<type=}, {@code
 * , name=}, {@code PerSec} and {@code ><>Count}; an input without one of them cannot match,
 * whatever the regex engine would do with the rest.
 *
 * <p>Only top-level text is read: groups and character classes are skipped as a whole, a quantifier
 * removes the character it applies to, and any alternation ({@code |}) or inline flag such as
 * {@code (?i)} gives nothing from that point on. So the result is never wrong, only sometimes
 * incomplete.
 *
 * <pre>{@code
 * RequiredLiteral.all("kafka.server<type=(.+)><>Value"); // ["kafka", "server<type=", "><>Value"]
 * RequiredLiteral.of("a|b");                             // null
 * }</pre>
 */
public final class RequiredLiteral {

  private static final int MINIMUM_LENGTH = 3;
  private static final Pattern INLINE_FLAGS = Pattern.compile("^\\(\\?[a-zA-Z-]+\\)");

  private RequiredLiteral() {}

  /** The longest required literal of at least three characters, or null. */
  public static String of(String pattern) {
    String best = null;
    for (String literal : all(pattern)) {
      if (best == null || literal.length() > best.length()) {
        best = literal;
      }
    }
    return best;
  }

  /** Every required literal of at least three characters, possibly none. */
  public static List<String> all(String pattern) {
    List<String> literals = new ArrayList<>();
    if (pattern == null || pattern.indexOf('|') >= 0) {
      return literals;
    }
    StringBuilder run = new StringBuilder();
    int i = 0;
    int n = pattern.length();
    scan:
    while (i < n) {
      char c = pattern.charAt(i);
      switch (c) {
        case '\\':
          if (i + 1 >= n) {
            break scan;
          }
          char next = pattern.charAt(i + 1);
          if (Character.isLetterOrDigit(next)) {
            // \w, \d, \Q, back references and other constructs: not a literal.
            end(run, literals);
          } else {
            run.append(next);
          }
          i += 2;
          break;
        case '*':
        case '+':
        case '?':
          dropLast(run);
          end(run, literals);
          i++;
          break;
        case '{':
          dropLast(run);
          end(run, literals);
          int close = pattern.indexOf('}', i);
          if (close < 0) {
            break scan;
          }
          i = close + 1;
          break;
        case '.':
        case '^':
        case '$':
          end(run, literals);
          i++;
          break;
        case '[':
          end(run, literals);
          i = skipClass(pattern, i);
          if (i < 0) {
            break scan;
          }
          break;
        case '(':
          end(run, literals);
          if (INLINE_FLAGS.matcher(pattern.substring(i)).find()) {
            break scan; // (?i) and friends change how the rest matches
          }
          i = skipGroup(pattern, i);
          if (i < 0) {
            break scan;
          }
          break;
        case ')':
        case ']':
        case '}':
          break scan;
        default:
          run.append(c);
          i++;
      }
    }
    end(run, literals);
    return literals;
  }

  private static void dropLast(StringBuilder run) {
    if (run.length() > 0) {
      run.setLength(run.length() - 1);
    }
  }

  private static void end(StringBuilder run, List<String> literals) {
    if (run.length() >= MINIMUM_LENGTH) {
      literals.add(run.toString());
    }
    run.setLength(0);
  }

  /** Index after the group opening at {@code start}, or -1 when it cannot be read safely. */
  private static int skipGroup(String pattern, int start) {
    int depth = 0;
    int i = start;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '[') {
        i = skipClass(pattern, i);
        if (i < 0) {
          return -1;
        }
      } else {
        if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
          if (depth == 0) {
            return i + 1;
          }
        }
        i++;
      }
    }
    return -1;
  }

  /** Index after the character class opening at {@code start}, or -1. */
  private static int skipClass(String pattern, int start) {
    int depth = 0;
    int i = start;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[') {
        depth++;
        i++;
        // A ']' right after '[' or '[^' is a literal bracket, not the end.
        if (i < pattern.length() && pattern.charAt(i) == '^') {
          i++;
        }
        if (i < pattern.length() && pattern.charAt(i) == ']') {
          i++;
        }
        continue;
      }
      if (c == ']') {
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      }
      i++;
    }
    return -1;
  }
}
