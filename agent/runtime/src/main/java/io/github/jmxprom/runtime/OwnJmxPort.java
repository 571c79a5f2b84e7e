package io.github.jmxprom.runtime;

import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import javax.management.remote.JMXServiceURL;

/**
 * Recognises a {@code hostPort}/{@code jmxUrl} that points at the JVM's own JMX port. jmx_exporter
 * 0.x configs for the agent often contain {@code hostPort: 127.0.0.1:8008} next to {@code
 * -Dcom.sun.management.jmxremote.port=8008}; reading the platform MBeanServer directly gives the
 * same MBeans without an RMI round trip (and without the JNDI trouble inside Tomcat).
 *
 * <pre>{@code
 * if (OwnJmxPort.isOwn(config.getJmxUrl(), System.getProperties())) { ... read locally ... }
 * }</pre>
 */
public final class OwnJmxPort {

  private static final String PORT_PROPERTY = "com.sun.management.jmxremote.port";

  private OwnJmxPort() {}

  /** True when the URL names this JVM's JMX remote port on a local address. */
  public static boolean isOwn(String jmxUrl, java.util.Properties systemProperties) {
    String ownPort = systemProperties.getProperty(PORT_PROPERTY);
    if (ownPort == null || jmxUrl == null || jmxUrl.isEmpty()) {
      return false;
    }
    HostAndPort target = target(jmxUrl);
    return target != null
        && String.valueOf(target.port).equals(ownPort.trim())
        && isLocal(target.host);
  }

  /** The registry host and port of an RMI JMX URL ({@code /jndi/rmi://host:port/...}). */
  static HostAndPort target(String jmxUrl) {
    JMXServiceURL url;
    try {
      url = new JMXServiceURL(jmxUrl);
    } catch (MalformedURLException e) {
      return null;
    }
    String path = url.getURLPath();
    int jndi = path.indexOf("/jndi/rmi://");
    if (jndi >= 0) {
      String rest = path.substring(jndi + "/jndi/rmi://".length());
      int slash = rest.indexOf('/');
      String hostPort = slash < 0 ? rest : rest.substring(0, slash);
      int colon = hostPort.lastIndexOf(':');
      if (colon < 0) {
        return new HostAndPort(hostPort, 1099);
      }
      try {
        return new HostAndPort(
            hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return url.getPort() > 0 ? new HostAndPort(url.getHost(), url.getPort()) : null;
  }

  static boolean isLocal(String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (bare.isEmpty() || bare.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      InetAddress address = InetAddress.getByName(bare);
      return address.isLoopbackAddress()
          || address.isAnyLocalAddress()
          || NetworkInterface.getByInetAddress(address) != null;
    } catch (UnknownHostException | SocketException e) {
      return false;
    }
  }

  static final class HostAndPort {
    final String host;
    final int port;

    HostAndPort(String host, int port) {
      this.host = host;
      this.port = port;
    }
  }
}
