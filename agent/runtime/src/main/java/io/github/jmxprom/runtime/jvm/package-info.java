/**
 * JVM and process metrics read through any {@link javax.management.MBeanServerConnection}, with the
 * family names of client_java 1.x {@code JvmMetrics} or 0.x {@code simpleclient_hotspot}. Only
 * platform MXBean attributes and operations are used, never this JVM's own {@code
 * ManagementFactory} getters or {@code /proc}, so the same code reports the agent's own JVM and a
 * remote one.
 *
 * <p>Where the output differs from client_java 1.10 and why:
 *
 * <ul>
 *   <li>No {@code process_resident_memory_bytes}: client_java reads {@code /proc/self/status}; no
 *       MXBean attribute holds the resident set size.
 *   <li>{@code process_virtual_memory_bytes} is {@code CommittedVirtualMemorySize}, which HotSpot
 *       reads from {@code /proc/self/stat} on Linux (the same number as client_java's {@code
 *       VmSize}); also produced on other Unix systems, never on Windows (there it is the commit
 *       charge).
 *   <li>{@code jvm_memory_pool_allocated_bytes_total} listens to GC notifications through the
 *       connection from the first scrape of each connection on (client_java: from registration),
 *       and starts from each pool's usage after its last collection rather than from zero.
 *   <li>{@code jvm_runtime_info} / {@code jvm_info} come from the monitored JVM's {@code
 *       SystemProperties}, read once per connection.
 *   <li>Native memory tracking is checked once per connection (client_java: once per JVM).
 *   <li>A collector with {@code CollectionCount} -1 and a process with {@code ProcessCpuTime} -1
 *       (undefined) are left out instead of exported as negative values.
 *   <li>In the 0.x names, families shared with 1.x carry their 1.x unit (visible only as an
 *       OpenMetrics {@code # UNIT} line).
 * </ul>
 */
package io.github.jmxprom.runtime.jvm;
