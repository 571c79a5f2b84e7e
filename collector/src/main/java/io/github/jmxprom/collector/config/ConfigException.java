package io.github.jmxprom.collector.config;

/**
 * A configuration the exporter cannot use. The message is meant for the person who wrote the file:
 * it names the file, the key path and what to do, e.g. {@code config.yaml: rules[2].lables: unknown
 * key, did you mean 'labels'? (line 12, column 5)}.
 *
 * <pre>{@code
 * try {
 *   CollectorConfig config = ConfigLoader.load(Paths.get("config.yaml"));
 * } catch (ConfigException e) {
 *   System.err.println(e.getMessage());
 * }
 * }</pre>
 */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates an exception with a complete, user-facing message. */
  public ConfigException(String message) {
    super(message);
  }

  /** Creates an exception with a complete, user-facing message and its cause. */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
