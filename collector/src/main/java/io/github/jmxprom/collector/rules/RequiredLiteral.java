package io.github.jmxprom.collector.rules;

/**
 * A piece of text that every input a pattern matches must contain, found by reading the pattern
 * conservatively, so the engine can reject most inputs with {@code indexOf} before running the
 * regex. {@code kafka.server<type=(.+), name=(.+)PerSec} must contain {@code server<type=}; an
 * input without it cannot match, whatever the regex engine would do with the rest.
 *
 * <p>Only the part before the first group or character class is read, and any pattern with an
 * alternation ({@code |}) gives nothing, so the result is never wrong, only sometimes absent.
 *
 * <pre>{@code
 * RequiredLiteral.of("kafka.server<type=(.+)><>Value"); // "server<type="
 * RequiredLiteral.of("a|b");                            // null
 * }</pre>
 */
public final class RequiredLiteral {

  private static final int MINIMUM_LENGTH = 3;

  private RequiredLiteral() {}

  /** The longest required literal run of at least three characters, or null. */
  public static String of(String pattern) {
    if (pattern == null || pattern.indexOf('|') >= 0) {
      return null;
    }
    String best = "";
    StringBuilder run = new StringBuilder();
    int i = 0;
    int n = pattern.length();
    while (i < n) {
      char c = pattern.charAt(i);
      if (c == '\\') {
        if (i + 1 >= n) {
          break;
        }
        char next = pattern.charAt(i + 1);
        if (Character.isLetterOrDigit(next)) {
          // \w, \d, \Q, back references, octal and other constructs: not a literal.
          best = longer(best, run);
          run.setLength(0);
        } else {
          run.append(next);
        }
        i += 2;
      } else if (c == '*' || c == '+' || c == '?' || c == '{') {
        // A quantifier makes the character before it optional or repeated: drop it.
        if (run.length() > 0) {
          run.setLength(run.length() - 1);
        }
        best = longer(best, run);
        run.setLength(0);
        if (c == '{') {
          break; // do not try to read {n,m}; what came before is kept
        }
        i++;
      } else if (c == '.' || c == '^' || c == '$') {
        best = longer(best, run);
        run.setLength(0);
        i++;
      } else if (c == '(' || c == '[' || c == ')' || c == ']' || c == '}') {
        break; // groups, classes and flags: stop reading, keep what came before
      } else {
        run.append(c);
        i++;
      }
    }
    best = longer(best, run);
    return best.length() >= MINIMUM_LENGTH ? best : null;
  }

  private static String longer(String best, StringBuilder run) {
    return run.length() > best.length() ? run.toString() : best;
  }
}
