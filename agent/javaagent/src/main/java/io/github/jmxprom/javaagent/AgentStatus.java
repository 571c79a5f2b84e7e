package io.github.jmxprom.javaagent;

import java.nio.file.Path;

/**
 * What the agent tells tools about itself through system properties of the JVM it runs in, which
 * {@code attach}, {@code list} and {@code detach} read over the Attach API ({@code
 * VirtualMachine.getSystemProperties()}): the address it serves, its version and config file while
 * it runs, and the reason when its last start failed.
 *
 * <pre>{@code
 * System.getProperty(AgentStatus.ADDRESS); // "127.0.0.1:9404" while the exporter runs
 * }</pre>
 *
 * <p>The names are a contract between releases: the {@code attach} command of one release reads
 * what the agent of another wrote, and the entry class {@link JmxPromAgent} sets {@link #ERROR}
 * itself when it cannot load the agent.
 */
public final class AgentStatus {

  /** {@code host:port} served, set while the exporter runs. */
  public static final String ADDRESS = "jmxprom.agent.address";

  /** The bound HTTP port, set while the exporter runs (-1: OpenTelemetry push only). */
  public static final String PORT = "jmxprom.agent.port";

  public static final String VERSION = "jmxprom.agent.version";
  public static final String CONFIG = "jmxprom.agent.config";

  /** Why the last start failed; cleared at each start. */
  public static final String ERROR = "jmxprom.agent.error";

  /** Set while a start is on its way (on the start thread, or delayed by startDelaySeconds). */
  public static final String STATE = "jmxprom.agent.state";

  private AgentStatus() {}

  /** A start on its way: {@code starting on host:port} or {@code starting in 30 s on ...}. */
  public static void starting(String state) {
    System.clearProperty(ERROR);
    System.setProperty(STATE, state);
  }

  public static void started(String address, int port, Path config, String version) {
    System.clearProperty(ERROR);
    System.clearProperty(STATE);
    System.setProperty(ADDRESS, address);
    System.setProperty(PORT, Integer.toString(port));
    System.setProperty(CONFIG, config.toString());
    System.setProperty(VERSION, version == null ? "unknown" : version);
  }

  public static void failed(String message) {
    System.clearProperty(STATE);
    System.setProperty(ERROR, message);
  }

  public static void stopped() {
    System.clearProperty(ADDRESS);
    System.clearProperty(PORT);
    System.clearProperty(CONFIG);
    System.clearProperty(VERSION);
    System.clearProperty(STATE);
    System.clearProperty(ERROR);
  }
}
