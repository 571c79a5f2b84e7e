package io.github.jmxprom.runtime.http;

/**
 * The HTTP endpoint could not start for a reason outside the configuration file: the port is taken,
 * the host name does not resolve or is not an address of this machine. The message is one line
 * meant for the person starting the exporter and never contains a password.
 *
 * <pre>{@code
 * try {
 *   server = ExporterHttpServer.start(config, null, 9404, registry);
 * } catch (ConfigException | ExporterStartException e) {
 *   System.err.println("jmxprom: not started: " + e.getMessage());
 * }
 * }</pre>
 */
public final class ExporterStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception with a complete, user-facing message. */
  public ExporterStartException(String message) {
    super(message);
  }

  /** Creates an exception with a complete, user-facing message and its cause. */
  public ExporterStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
