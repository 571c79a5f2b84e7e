package io.github.jmxprom.javaagent;

import io.github.jmxprom.runtime.Exporter;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The agent argument {@code [host:]port:config.yaml}, parsed exactly as jmx_exporter parses it: the
 * host is a name or IPv4 address ({@code [\w.-]+}) or a bracketed IPv6 address, the port has 1 to 5
 * digits, and the rest is the config path (Windows paths such as {@code
 * 8181:C:\jmxprom\tomcat.yaml} work because the port must be digits).
 *
 * <pre>{@code
 * AgentArguments a = AgentArguments.parse("[::1]:9404:/etc/jmxprom/kafka.yaml");
 * a.getHost(); // "::1"
 * }</pre>
 */
public final class AgentArguments {

  static final String USAGE =
      "-javaagent:jmxprom-javaagent.jar=[host:]port:path/to/config.yaml"
          + " (e.g. =9404:/etc/jmxprom/config.yaml or =127.0.0.1:9404:config.yaml)";

  private final String host;
  private final int port;
  private final Path configFile;

  private AgentArguments(String host, int port, Path configFile) {
    this.host = host;
    this.port = port;
    this.configFile = configFile;
  }

  /** Parses the text after {@code =}; throws IllegalArgumentException with a usage hint. */
  public static AgentArguments parse(String arguments) {
    if (arguments == null || arguments.trim().isEmpty()) {
      throw new IllegalArgumentException("no arguments; expected " + USAGE);
    }
    String text = arguments.trim();
    String[] form = form(text);
    if (form == null) {
      // Like jmx_exporter: a lone config path means "no HTTP, OpenTelemetry push only"; the
      // config must then have an openTelemetry: section (checked when it is loaded).
      if (digitsEnd(text, 0) == text.length()) {
        throw new IllegalArgumentException(
            "\"" + text + "\" looks like a port without a config file; expected " + USAGE);
      }
      if (looksLikeMistypedPort(text)) {
        throw new IllegalArgumentException(
            "cannot read the agent arguments \"" + arguments + "\"; expected " + USAGE);
      }
      return new AgentArguments(null, 0, path(text));
    }
    String host = form[0];
    if (host != null && host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(form[1]);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "port " + port + " in \"" + arguments + "\" is out of range 1-65535");
    }
    return new AgentArguments(host, port, path(form[2]));
  }

  /**
   * {host or null, port, config} as the groups of {@code
   * ^(?:((?:[\w.-]+)|(?:\[.+])):)?(\d{1,5}):(.+)$} (DOTALL) would capture them, or null when it
   * would not match. The expression first tries a host: a name ({@code [\w.-]+}, which cannot
   * contain the colon after it) or a bracketed address ending at the last {@code ]:} that leaves a
   * valid port and config; then no host.
   */
  private static String[] form(String text) {
    if (!text.isEmpty() && text.charAt(0) == '[') {
      for (int close = text.lastIndexOf(']');
          close >= 2;
          close = text.lastIndexOf(']', close - 1)) {
        String[] rest = portAndConfig(text, close + 1);
        if (rest != null) {
          return new String[] {text.substring(0, close + 1), rest[0], rest[1]};
        }
      }
    } else {
      int end = 0;
      while (end < text.length() && isHostChar(text.charAt(end))) {
        end++;
      }
      String[] rest = end > 0 ? portAndConfig(text, end) : null;
      if (rest != null) {
        return new String[] {text.substring(0, end), rest[0], rest[1]};
      }
    }
    String[] rest = portAndConfig(text, -1);
    return rest == null ? null : new String[] {null, rest[0], rest[1]};
  }

  /**
   * {port, config} for {@code :(\d{1,5}):(.+)$} at {@code colon} ({@code (\d{1,5}):(.+)$} at the
   * start when it is -1), else null.
   */
  private static String[] portAndConfig(String text, int colon) {
    if (colon >= 0 && (colon >= text.length() || text.charAt(colon) != ':')) {
      return null;
    }
    int start = colon + 1;
    int end = digitsEnd(text, start);
    int digits = end - start;
    if (digits < 1 || digits > 5 || end + 1 >= text.length() || text.charAt(end) != ':') {
      return null;
    }
    return new String[] {text.substring(start, end), text.substring(end + 1)};
  }

  /** Where the run of ASCII digits ({@code \d}) from {@code start} ends. */
  private static int digitsEnd(String text, int start) {
    int end = start;
    while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
      end++;
    }
    return end == start ? -1 : end;
  }

  /** {@code [\w.-]}: an ASCII letter or digit, '_', '.' or '-'. */
  private static boolean isHostChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '.'
        || c == '-';
  }

  private static Path path(String text) {
    try {
      return Paths.get(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a valid file path", e);
    }
  }

  /**
   * {@code 123456:c.yaml} or {@code host:c.yaml} are mistakes, not config paths: a file name rarely
   * contains a colon unless it is a Windows drive ({@code C:\...}).
   */
  private static boolean looksLikeMistypedPort(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      return false;
    }
    boolean windowsDrive =
        colon == 1
            && Character.isLetter(text.charAt(0))
            && text.length() > 2
            && (text.charAt(2) == '\\' || text.charAt(2) == '/');
    return !windowsDrive;
  }

  /** The address to listen on, or null for all interfaces. */
  public String getHost() {
    return host;
  }

  /** The HTTP port, or 0 when only a config was given (OpenTelemetry push only). */
  public int getPort() {
    return port;
  }

  public Path getConfigFile() {
    return configFile;
  }

  /** {@code host:port} for messages, {@code 0.0.0.0:port} without a host. */
  public String address() {
    return Exporter.address(host, port);
  }
}
