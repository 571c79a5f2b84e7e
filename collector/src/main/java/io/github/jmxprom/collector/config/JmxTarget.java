package io.github.jmxprom.collector.config;

import java.net.MalformedURLException;
import javax.management.remote.JMXServiceURL;

/**
 * A JVM to scrape, as {@code /probe?target=} and {@code targets:} name it: {@code host:port} (the
 * RMI registry's {@code /jmxrmi}, as {@code hostPort:} means it), a full {@code service:jmx:} URL,
 * or {@code pid:<n>}, a JVM on this host reached through the Attach API.
 *
 * <pre>{@code
 * JmxTarget kafka = JmxTarget.parse("127.0.0.1:9999");
 * kafka.getJmxUrl();   // service:jmx:rmi:///jndi/rmi://127.0.0.1:9999/jmxrmi
 * JmxTarget local = JmxTarget.parse("pid:4242");
 * local.isLocalPid();  // true, local.getPid() == 4242
 * }</pre>
 */
public final class JmxTarget {

  /** The prefix of a local JVM target. */
  public static final String PID_PREFIX = "pid:";

  private static final String URL_PREFIX = "service:jmx:";

  private final String text;
  private final String jmxUrl;
  private final long pid;

  private JmxTarget(String text, String jmxUrl, long pid) {
    this.text = text;
    this.jmxUrl = jmxUrl;
    this.pid = pid;
  }

  /**
   * Parses a target.
   *
   * @throws IllegalArgumentException with a message saying what is wrong and which forms exist
   */
  public static JmxTarget parse(String target) {
    String text = target == null ? "" : target.trim();
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty target; " + FORMS);
    }
    if (text.startsWith(URL_PREFIX)) {
      try {
        new JMXServiceURL(text);
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException(
            "\"" + text + "\" is not a JMX service URL (" + e.getMessage() + ")", e);
      }
      return new JmxTarget(text, text, 0);
    }
    if (text.startsWith(PID_PREFIX)) {
      return new JmxTarget(text, "", pid(text));
    }
    return new JmxTarget(text, "service:jmx:rmi:///jndi/rmi://" + hostPort(text) + "/jmxrmi", 0);
  }

  private static final String FORMS = "expected host:port, service:jmx:... or pid:<process id>";

  private static long pid(String text) {
    String digits = text.substring(PID_PREFIX.length());
    if (!digits.matches("[0-9]{1,18}") || Long.parseLong(digits) == 0) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not pid:<process id> (a positive whole number)");
    }
    return Long.parseLong(digits);
  }

  /**
   * Checks {@code host:port}; the host is a name, an IPv4 address or an IPv6 address in brackets,
   * and nothing that could make the URL built from it point elsewhere ({@code /}, {@code @}).
   */
  private static String hostPort(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("\"" + text + "\": " + FORMS);
    }
    String host = text.substring(0, colon);
    String port = text.substring(colon + 1);
    boolean bracketed = host.startsWith("[") && host.endsWith("]") && host.length() > 2;
    String bare = bracketed ? host.substring(1, host.length() - 1) : host;
    if (!(bracketed ? bare.matches("[0-9A-Fa-f:.%a-zA-Z]+") : bare.matches("[A-Za-z0-9._-]+"))) {
      throw new IllegalArgumentException(
          "\"" + text + "\": \"" + host + "\" is not a host name or address; " + FORMS);
    }
    if (!port.matches("[0-9]{1,5}")
        || Integer.parseInt(port) < 1
        || Integer.parseInt(port) > 65535) {
      throw new IllegalArgumentException(
          "\"" + text + "\": port \"" + port + "\" is not a number in 1-65535");
    }
    return text;
  }

  /** True for {@code pid:<n>}: no JMX port, reached through the Attach API. */
  public boolean isLocalPid() {
    return pid > 0;
  }

  /** The process id of a {@code pid:} target, else 0. */
  public long getPid() {
    return pid;
  }

  /** The JMX service URL of a remote target; "" for a {@code pid:} target. */
  public String getJmxUrl() {
    return jmxUrl;
  }

  /** The target as written (trimmed): the text allow-list patterns and pool keys use. */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JmxTarget && ((JmxTarget) other).text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
