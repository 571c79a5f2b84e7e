package io.github.jmxprom.collector.rules;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * Remembers what the rules decided for each leaf, so a leaf whose value changed but kept its
 * <em>shape</em> is not matched again. This is what makes a scrape with a long rule list cost about
 * as much as one without rules.
 *
 * <p>Why this is exact: the shape of a pattern input is the input with every digit {@code 1}–{@code
 * 9} replaced by {@code 0}. When no pattern can tell one digit from another ({@link
 * #digitsUniform}: no digit written in the pattern, no escapes that name characters by code, no
 * back-references), the regex engine takes the same steps on two inputs of the same shape, so every
 * rule matches or fails alike, with the same group positions. A match is remembered only when all
 * of its groups lie before the value, so its name, labels and help are the same text too; a rule
 * whose groups capture the value (say {@code Value: (\d+)}) is simply evaluated every time. Rules
 * with {@code cache: true} (which have their own cache and self-metric) and beans with {@code
 * attributesAsLabels} labels are not remembered here.
 *
 * <pre>{@code
 * DecisionCache cache = new DecisionCache();
 * String key = DecisionCache.shape("kafka.server<type=X><>Count: 1234", 28); // "...Count: 0000"
 * }</pre>
 */
final class DecisionCache {

  private static final Pattern QUANTIFIER = Pattern.compile("\\{\\d+(,\\d*)?}");

  private final Map<String, Decision> decisions = new ConcurrentHashMap<>();
  private volatile int scrape;

  /** The decision for a key, if one was made for the same attribute description. */
  Decision get(String key, String description) {
    Decision decision = decisions.get(key);
    if (decision == null || !same(decision.description, description)) {
      return null;
    }
    decision.lastUsed = scrape;
    return decision;
  }

  void put(String key, Decision decision) {
    decision.lastUsed = scrape;
    decisions.put(key, decision);
  }

  /** Ends a scrape: forgets decisions the scrape did not use (beans gone, values reshaped). */
  void endScrape() {
    int current = scrape;
    for (Iterator<Decision> it = decisions.values().iterator(); it.hasNext(); ) {
      if (it.next().lastUsed != current) {
        it.remove();
      }
    }
    scrape = current + 1;
  }

  private static boolean same(String a, String b) {
    return a == null ? b == null : a.equals(b);
  }

  /** The input with the digits 1-9 from {@code valueStart} on replaced by 0. */
  static String shape(String input, int valueStart) {
    int n = input.length();
    int first = -1;
    for (int i = valueStart; i < n; i++) {
      char c = input.charAt(i);
      if (c >= '1' && c <= '9') {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return input;
    }
    char[] chars = input.toCharArray();
    for (int i = first; i < n; i++) {
      if (chars[i] >= '1' && chars[i] <= '9') {
        chars[i] = '0';
      }
    }
    return new String(chars);
  }

  /**
   * True when no group of the match reaches into the value, which starts at {@code valueStart}:
   * then the captured text is the same for every value of the same shape.
   */
  static boolean groupsBefore(MatchResult match, int valueStart) {
    for (int g = 1; g <= match.groupCount(); g++) {
      if (match.end(g) > valueStart) {
        return false;
      }
    }
    return true;
  }

  /** True when decisions can be remembered for these rules (see the class comment). */
  static boolean usable(List<CompiledRule> rules) {
    for (CompiledRule rule : rules) {
      if (rule.config.isCache() || !digitsUniform(rule.config.getPatternSource())) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when the pattern treats the ten ASCII digits alike: it contains no digit (except as the
   * count of a {@code {n,m}} quantifier) and no escape that names a character by its code (hex,
   * Unicode, octal, control or named escapes), a Unicode property ({@code \p}), a back-reference
   * ({@code \1}, {@code \k}) or a grapheme ({@code \X}). Everything that remains (literals, {@code
   * .}, {@code \d}, {@code \w}, {@code \s}, classes and ranges without digits at their ends,
   * boundaries) either accepts all ten digits or none. Conservative: a pattern it cannot read is
   * reported as not uniform.
   */
  static boolean digitsUniform(String pattern) {
    if (pattern == null) {
      return true;
    }
    if (pattern.contains("[]") || pattern.contains("[^]")) {
      return false; // a ']' that may be literal: class depth below would be a guess
    }
    int n = pattern.length();
    boolean quoted = false;
    int classDepth = 0;
    for (int i = 0; i < n; i++) {
      char c = pattern.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < n && pattern.charAt(i + 1) == 'E') {
          quoted = false;
          i++;
        } else if (isDigit(c)) {
          return false;
        }
        continue;
      }
      if (c == '\\') {
        if (i + 1 >= n) {
          return false;
        }
        char next = pattern.charAt(++i);
        if (next == 'Q') {
          quoted = true;
        } else if (Character.isLetterOrDigit(next) && "dDwWsStnrfaebBhHvVAzZGR".indexOf(next) < 0) {
          return false;
        }
      } else if (c == '[') {
        classDepth++;
      } else if (c == ']' && classDepth > 0) {
        classDepth--;
      } else if (c == '{' && classDepth == 0) {
        // Outside a class Java reads '{' only as a quantifier ("illegal repetition" otherwise).
        int close = pattern.indexOf('}', i);
        if (close < 0 || !QUANTIFIER.matcher(pattern.substring(i, close + 1)).matches()) {
          return false;
        }
        i = close;
      } else if (isDigit(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** What the rules decided for one leaf shape: a match (rule and result) or no match. */
  static final class Decision {
    final CompiledRule rule;
    final RuleEngine.Match match;
    final String description;
    volatile int lastUsed;

    Decision(CompiledRule rule, RuleEngine.Match match, String description) {
      this.rule = rule;
      this.match = match;
      this.description = description;
    }
  }
}
