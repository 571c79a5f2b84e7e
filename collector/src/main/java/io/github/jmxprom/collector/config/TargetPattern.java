package io.github.jmxprom.collector.config;

import java.util.regex.Pattern;

/**
 * One {@code allowedTargets:} glob: {@code *} stands for any run of characters (also none), {@code
 * ?} for one character, everything else for itself. The whole target must match, as written in
 * {@code /probe?target=} (after trimming).
 *
 * <pre>{@code
 * TargetPattern local = TargetPattern.compile("127.0.0.1:*");
 * local.matches("127.0.0.1:9999");  // true
 * local.matches("10.0.0.1:9999");   // false
 * }</pre>
 */
public final class TargetPattern {

  private final String glob;
  private final Pattern regex;

  private TargetPattern(String glob, Pattern regex) {
    this.glob = glob;
    this.regex = regex;
  }

  /** Compiles a glob; every string is a valid glob. */
  public static TargetPattern compile(String glob) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        appendLiteral(regex, literal);
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    appendLiteral(regex, literal);
    return new TargetPattern(glob, Pattern.compile(regex.toString(), Pattern.DOTALL));
  }

  private static void appendLiteral(StringBuilder regex, StringBuilder literal) {
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
      literal.setLength(0);
    }
  }

  public boolean matches(String target) {
    return regex.matcher(target).matches();
  }

  /** The glob as written. */
  @Override
  public String toString() {
    return glob;
  }
}
