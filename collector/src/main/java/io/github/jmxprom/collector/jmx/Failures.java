package io.github.jmxprom.collector.jmx;

/**
 * One line that says what went wrong with a JMX call. RMI wraps the useful part ("Connection
 * refused", "Invalid username or password") in several layers and multi-line messages; this keeps
 * the first line of the top message and names the root cause.
 *
 * <pre>{@code
 * LOG.warning("scrape failed: " + Failures.describe(e));
 * }</pre>
 */
public final class Failures {

  private Failures() {}

  /** The root cause in words: RMI wraps "connection refused" in several layers. */
  public static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String top = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (root == e) {
      return firstLine(top);
    }
    String cause =
        root.getMessage() == null
            ? root.getClass().getSimpleName()
            : root.getClass().getSimpleName() + ": " + root.getMessage();
    String first = firstLine(top);
    return first.contains(cause) ? first : first + " (cause: " + cause + ")";
  }

  static String firstLine(String text) {
    int newline = text.indexOf('\n');
    int semicolon = text.indexOf("; nested exception");
    int end = text.length();
    if (newline >= 0) {
      end = Math.min(end, newline);
    }
    if (semicolon >= 0) {
      end = Math.min(end, semicolon);
    }
    return text.substring(0, end);
  }
}
