package io.github.jmxprom.runtime;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * {@code jmx_exporter_build_info{name, version}}: which exporter serves the metrics, under the
 * family name jmx_exporter uses so existing "exporter version" panels keep working. The name is the
 * jar's {@code Implementation-Title} (e.g. {@code jmxprom-javaagent}).
 *
 * <pre>{@code
 * registry.register(BuildInfo.of(Agent.class));
 * }</pre>
 */
public final class BuildInfo implements MultiCollector {

  /** The family name, as client_java stores an info metric (without {@code _info}). */
  public static final String FAMILY = "jmx_exporter_build";

  private final String name;
  private final String version;

  public BuildInfo(String name, String version) {
    this.name = name;
    this.version = version;
  }

  /** Reads name and version from the manifest of the jar that holds {@code entryClass}. */
  public static BuildInfo of(Class<?> entryClass) {
    Package p = entryClass.getPackage();
    String title = p == null ? null : p.getImplementationTitle();
    String version = p == null ? null : p.getImplementationVersion();
    return new BuildInfo(title == null ? "unknown" : title, version == null ? "unknown" : version);
  }

  public String getName() {
    return name;
  }

  public String getVersion() {
    return version;
  }

  @Override
  public MetricSnapshots collect() {
    return MetricSnapshots.of(
        InfoSnapshot.builder()
            .name(FAMILY)
            .help("JMX Exporter build information")
            .dataPoint(
                InfoSnapshot.InfoDataPointSnapshot.builder()
                    .labels(Labels.of("name", name, "version", version))
                    .build())
            .build());
  }
}
