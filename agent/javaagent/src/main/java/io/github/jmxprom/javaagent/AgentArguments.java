package io.github.jmxprom.javaagent;

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
      throw new IllegalArgumentException(
          "cannot read the agent arguments \"" + arguments + "\"; expected " + USAGE);
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
    Path config;
    try {
      config = Paths.get(m.group(3));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("\"" + m.group(3) + "\" is not a valid file path", e);
    }
    return new AgentArguments(host, port, config);
  }

  /** The address to listen on, or null for all interfaces. */
  public String getHost() {
    return host;
  }

  public int getPort() {
    return port;
  }

  public Path getConfigFile() {
    return configFile;
  }

  /** {@code host:port} for messages, {@code 0.0.0.0:port} without a host. */
  public String address() {
    String h = host == null ? "0.0.0.0" : host;
    return (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
  }
}
