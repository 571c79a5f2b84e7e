package io.github.jmxprom.runtime.jvm;

import java.io.IOException;
import javax.management.JMException;
import javax.management.MBeanServerConnection;

/**
 * One independent part of the JVM metrics (heap areas, thread states, ...). An {@link IOException}
 * means the connection broke and ends the whole scrape; a {@link JMException} or runtime exception
 * (missing MBean, no permission to invoke an operation) leaves out only this part.
 */
@FunctionalInterface
interface Section {
  void read(MBeanServerConnection connection, Families out) throws IOException, JMException;
}
