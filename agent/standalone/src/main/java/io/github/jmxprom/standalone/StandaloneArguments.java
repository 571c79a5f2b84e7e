package io.github.jmxprom.standalone;

import io.github.jmxprom.runtime.Exporter;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * {@code [host:]port config.yaml}, as jmx_exporter's standalone takes them: the first argument is
 * split at its last {@code :} into bind address and port; an IPv6 address goes in brackets ({@code
 * [::1]:9404}).
 *
 * <pre>{@code
 * StandaloneArguments a = StandaloneArguments.parse(new String[] {"127.0.0.1:9404", "kafka.yaml"});
 * }</pre>
 */
public final class StandaloneArguments {

  static final String USAGE =
      "usage: java -jar jmxprom-standalone.jar [host:]port config.yaml\n"
          + "       java -jar jmxprom-standalone.jar config.yaml   (OpenTelemetry push only)\n"
          + "  e.g. java -jar jmxprom-standalone.jar 9404 kafka.yaml\n"
          + "  the config names the JVM to read with hostPort: host:port or jmxUrl: service:jmx:...,\n"
          + "  or has allowedTargets: to serve /probe?target=...&module=... and /sd for many JVMs";

  private final String host;
  private final int port;
  private final Path configFile;

  private StandaloneArguments(String host, int port, Path configFile) {
    this.host = host;
    this.port = port;
    this.configFile = configFile;
  }

  /** Parses the command line; throws IllegalArgumentException with the usage. */
  public static StandaloneArguments parse(String[] args) {
    if (args.length == 1) {
      // Like jmx_exporter: a config alone means OpenTelemetry push only (checked at load).
      return new StandaloneArguments(null, 0, Paths.get(args[0]));
    }
    if (args.length != 2) {
      throw new IllegalArgumentException(
          (args.length < 2 ? "too few arguments" : "too many arguments") + "\n" + USAGE);
    }
    String address = args[0].trim();
    String host = null;
    String port = address;
    int colon = address.lastIndexOf(':');
    if (colon >= 0) {
      host = address.substring(0, colon);
      port = address.substring(colon + 1);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (host.isEmpty()) {
        host = null;
      }
    }
    int portNumber;
    try {
      portNumber = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "\"" + args[0] + "\" is not [host:]port (the port must be a number)\n" + USAGE);
    }
    if (portNumber < 1 || portNumber > 65535) {
      throw new IllegalArgumentException("port " + portNumber + " is out of range 1-65535");
    }
    return new StandaloneArguments(host, portNumber, Paths.get(args[1]));
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

  /** {@code host:port} for messages. */
  public String address() {
    return Exporter.address(host, port);
  }
}
