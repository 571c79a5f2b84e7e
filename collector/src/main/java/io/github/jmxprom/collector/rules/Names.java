package io.github.jmxprom.collector.rules;

/**
 * The name transformations jmx_exporter applies, reproduced exactly because users' dashboards
 * depend on the resulting names.
 *
 * <pre>{@code
 * Names.safeName("kafka.server-Broker");          // "kafka_server_Broker"
 * Names.snakeCase("BootstrapsDeferred");          // "bootstraps_deferred"
 * Names.stripReservedSuffixes("requests_total");  // "requests"
 * }</pre>
 */
public final class Names {

  private static final String[] RESERVED_SUFFIXES = {"_total", "_created", "_bucket", "_info"};

  private Names() {}

  /**
   * Prepends {@code _} to a leading digit, replaces every character outside {@code [a-zA-Z0-9:_]}
   * by {@code _} and collapses runs of {@code _} into one.
   */
  public static String safeName(String name) {
    StringBuilder out = new StringBuilder(name.length() + 1);
    // Character.isDigit, not ASCII only, and no underscore collapsing after the prefix: this is
    // what jmx_exporter does, so "٣x" becomes "__x" there and here.
    if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
      out.append('_');
    }
    boolean previousUnderscore = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '_' || !isLegal(c)) {
        if (!previousUnderscore) {
          out.append('_');
          previousUnderscore = true;
        }
      } else {
        out.append(c);
        previousUnderscore = false;
      }
    }
    return out.toString();
  }

  /**
   * Lower-cases the name and puts {@code _} before an upper-case letter that follows neither an
   * upper-case letter nor {@code _} ({@code testTCPTest} becomes {@code test_tcptest}).
   */
  public static String snakeCase(String name) {
    if (name.isEmpty()) {
      return name;
    }
    StringBuilder out = new StringBuilder(name.length() + 4);
    char first = name.charAt(0);
    out.append(Character.toLowerCase(first));
    boolean previousUpperOrUnderscore = Character.isUpperCase(first) || first == '_';
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean upper = Character.isUpperCase(c);
      if (upper && !previousUpperOrUnderscore) {
        out.append('_');
      }
      out.append(Character.toLowerCase(c));
      previousUpperOrUnderscore = upper || c == '_';
    }
    return out.toString();
  }

  /**
   * Removes the suffixes that the Prometheus data model reserves ({@code _total}, {@code _created},
   * {@code _bucket}, {@code _info}), repeatedly, as client_java does with every metric name; the
   * exposition adds {@code _total} back for counters. A name that is only a suffix loses its
   * underscore ({@code _total} becomes {@code total}).
   */
  public static String stripReservedSuffixes(String name) {
    String result = name;
    boolean modified = true;
    while (modified) {
      modified = false;
      for (String suffix : RESERVED_SUFFIXES) {
        if (result.equals(suffix)) {
          return suffix.substring(1);
        }
        if (result.endsWith(suffix)) {
          result = result.substring(0, result.length() - suffix.length());
          modified = true;
        }
      }
    }
    return result;
  }

  /**
   * True for a label name the Prometheus text format accepts: {@code [a-zA-Z_][a-zA-Z0-9_]*}, not
   * starting with the reserved {@code __}.
   */
  public static boolean isValidLabelName(String name) {
    if (name.isEmpty() || name.startsWith("__") || isDigit(name.charAt(0))) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == ':' || !isLegal(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isLegal(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == ':' || c == '_';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
