package io.github.jmxprom.javaagent;

import io.github.jmxprom.runtime.Exporter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final Pattern FORM =
      Pattern.compile("^(?:((?:[\\w.-]+)|(?:\\[.+])):)?(\\d{1,5}):(.+)$", Pattern.DOTALL);

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
    Matcher m = FORM.matcher(arguments.trim());
    if (!m.matches()) {
      // Like jmx_exporter: a lone config path means "no HTTP, OpenTelemetry push only"; the
      // config must then have an openTelemetry: section (checked when it is loaded).
      if (arguments.trim().matches("\\d+")) {
        throw new IllegalArgumentException(
            "\""
                + arguments.trim()
                + "\" looks like a port without a config file; expected "
                + USAGE);
      }
      if (looksLikeMistypedPort(arguments.trim())) {
        throw new IllegalArgumentException(
            "cannot read the agent arguments \"" + arguments + "\"; expected " + USAGE);
      }
      return new AgentArguments(null, 0, path(arguments.trim()));
    }
    String host = m.group(1);
    if (host != null && host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = Integer.parseInt(m.group(2));
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "port " + port + " in \"" + arguments + "\" is out of range 1-65535");
    }
    return new AgentArguments(host, port, path(m.group(3)));
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
