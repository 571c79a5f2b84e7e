package io.github.jmxprom.standalone.probe;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.jmx.MBeanServerSource;
import io.github.jmxprom.collector.jmx.RemoteJmxSource;
import java.io.IOException;
import javax.management.MBeanServerConnection;

/**
 * A {@code pid:<n>} target: the JVM's local management agent, found through the Attach API on the
 * first connection and then read like any remote JVM (same reuse and back-off, by a {@link
 * RemoteJmxSource} on the agent's address).
 *
 * <pre>{@code
 * MBeanServerSource source = new LocalJvmSource(4242, moduleConfig);
 * MBeanServerConnection connection = source.connection();   // attaches once
 * }</pre>
 */
public final class LocalJvmSource implements MBeanServerSource {

  private final long pid;
  private final CollectorConfig config;
  private RemoteJmxSource agent;

  /** Credentials and TLS settings of {@code config} are used as for a remote target. */
  public LocalJvmSource(long pid, CollectorConfig config) {
    this.pid = pid;
    this.config = config;
  }

  @Override
  public synchronized MBeanServerConnection connection() throws IOException {
    if (agent == null) {
      // The agent's address stays valid for the life of the JVM: attach only once.
      agent = new RemoteJmxSource(config.forTarget(LocalJvms.connectorAddress(pid)));
    }
    return agent.connection();
  }

  @Override
  public synchronized MBeanServerConnection connectionIfOpen() {
    return agent == null ? null : agent.connectionIfOpen();
  }

  @Override
  public synchronized void connectionFailed() {
    if (agent != null) {
      agent.connectionFailed();
    }
  }

  @Override
  public String describe() {
    return "pid:" + pid;
  }

  @Override
  public synchronized void close() {
    if (agent != null) {
      agent.close();
    }
  }
}
