package io.github.jmxprom.collector.rules;

import io.github.jmxprom.collector.jmx.BeanContext;
import io.github.jmxprom.collector.snapshot.LabelSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * DecisionCache.Key key = new DecisionCache.Key("kafka.server<type=X><>", "Count", "1234");
 * cache.get(bean, key, description); // the same decision as for "Count: 5678"
 * }</pre>
 */
final class DecisionCache {

  private static final Pattern QUANTIFIER = Pattern.compile("\\{\\d+(,\\d*)?}");

  private volatile int scrape;

  /** The decision for a leaf of this bean, if one was made for the same attribute description. */
  Decision get(BeanContext bean, Key key, String description) {
    Shard shard = shard(bean, false);
    if (shard == null) {
      return null;
    }
    Decision decision;
    synchronized (shard) {
      decision = shard.decisions.get(key);
    }
    if (decision == null || !same(decision.description, description)) {
      return null;
    }
    decision.lastUsed = scrape;
    return decision;
  }

  /**
   * {@code labels}, or an equal label set that an earlier decision for the same leaf (another shape
   * of its value) holds: the same instance keeps the leaf's place in its family's remembered order
   * ({@code FamilyOrder}) when its value changes shape. Scans the bean's few decisions; runs only
   * when a new decision is made.
   */
  LabelSet stable(BeanContext bean, Key key, LabelSet labels) {
    Shard shard = shard(bean, false);
    if (shard == null || labels.problem() != null) {
      return labels; // equality is defined for labels that can be exposed only
    }
    synchronized (shard) {
      for (Map.Entry<Key, Decision> known : shard.decisions.entrySet()) {
        Decision decision = known.getValue();
        if (decision.match != null
            && decision.match.labels != null
            && known.getKey().sameLeaf(key)
            && decision.match.labels.problem() == null
            && decision.match.labels.equals(labels)) {
          return decision.match.labels;
        }
      }
    }
    return labels;
  }

  void put(BeanContext bean, Key key, Decision decision) {
    Shard shard = shard(bean, true);
    int current = scrape;
    decision.lastUsed = current;
    synchronized (shard) {
      shard.decisions.put(key, decision);
      if (current - shard.sweptAt >= SWEEP_EVERY) {
        // Values that changed shape leave decisions behind: forget those no scrape used lately.
        shard.decisions.values().removeIf(d -> current - d.lastUsed >= SWEEP_EVERY);
        shard.sweptAt = current;
      }
    }
  }

  /**
   * The decisions of one bean, kept in its {@link BeanContext}: they go with the bean, and a lookup
   * touches a handful of entries that were made together instead of a table as large as the tree.
   */
  private Shard shard(BeanContext bean, boolean create) {
    Object memory = bean.getRuleMemory();
    if (memory instanceof Shard && ((Shard) memory).owner == this) {
      return (Shard) memory;
    }
    if (!create) {
      return null;
    }
    // A bean seen by another engine (the config was reloaded) starts afresh with this one.
    Shard shard = new Shard(this, scrape);
    bean.setRuleMemory(shard);
    return shard;
  }

  /** Scrapes after which a bean's unused decisions are forgotten, when it next makes one. */
  static final int SWEEP_EVERY = 8;

  /** Ends a scrape. */
  void endScrape() {
    scrape++;
  }

  private static final class Shard {
    final DecisionCache owner;
    final Map<Key, Decision> decisions = new HashMap<>(4);
    int sweptAt;

    Shard(DecisionCache owner, int scrape) {
      this.owner = owner;
      this.sweptAt = scrape;
    }
  }

  private static boolean same(String a, String b) {
    return a == null ? b == null : a.equals(b);
  }

  /** The text with the digits 1-9 replaced by 0 (the same instance when it has none). */
  static String shape(String text) {
    int n = text.length();
    int first = -1;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= '1' && c <= '9') {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return text;
    }
    char[] chars = text.toCharArray();
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

  /**
   * A leaf's shape: the pattern input in its parts, with the value's digits 1-9 as 0. Kept in parts
   * so that no input string is joined for a leaf whose decision is known; the bean name is the same
   * string for all of a bean's attributes, and the attribute names come from the MBeanInfo, so
   * their hashes are usually computed already.
   */
  static final class Key {
    private final String beanName;
    private final String attribute;
    private final String valueShape;
    private final int hash;

    Key(String beanName, String attribute, String valueText) {
      this.beanName = beanName;
      this.attribute = attribute;
      this.valueShape = shape(valueText);
      this.hash = (beanName.hashCode() * 31 + attribute.hashCode()) * 31 + valueShape.hashCode();
    }

    /** Whether both are the same leaf, whatever the shape of its value. */
    boolean sameLeaf(Key other) {
      return attribute.equals(other.attribute) && beanName.equals(other.beanName);
    }

    @Override
    public boolean equals(Object other) {
      if (!(other instanceof Key)) {
        return false;
      }
      Key that = (Key) other;
      return hash == that.hash
          && valueShape.equals(that.valueShape)
          && attribute.equals(that.attribute)
          && beanName.equals(that.beanName);
    }

    @Override
    public int hashCode() {
      return hash;
    }
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
