package io.github.jmxprom.collector.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code metricCustomizers:}: for beans of a domain (and optionally with given key
 * properties), add attribute values as labels and/or synthetic extra metrics.
 *
 * <pre>{@code
 * metricCustomizers:
 *   - mbeanFilter: {domain: io.prometheus.jmx, properties: {type: customValue}}
 *     attributesAsLabels: [Text]
 *     extraMetrics: [{name: isActive, value: true, description: "Active flag"}]
 * }</pre>
 */
public final class MetricCustomizerConfig {

  private final String domain;
  private final Map<String, String> properties;
  private final List<String> attributesAsLabels;
  private final List<ExtraMetric> extraMetrics;

  MetricCustomizerConfig(
      String domain,
      Map<String, String> properties,
      List<String> attributesAsLabels,
      List<ExtraMetric> extraMetrics) {
    this.domain = domain;
    this.properties = Collections.unmodifiableMap(properties);
    this.attributesAsLabels = Collections.unmodifiableList(attributesAsLabels);
    this.extraMetrics = Collections.unmodifiableList(extraMetrics);
  }

  public String getDomain() {
    return domain;
  }

  /** Key properties the bean must have, compared as written (quotes included). */
  public Map<String, String> getProperties() {
    return properties;
  }

  public List<String> getAttributesAsLabels() {
    return attributesAsLabels;
  }

  public List<ExtraMetric> getExtraMetrics() {
    return extraMetrics;
  }

  /** True when a bean of this domain with these ordered key properties is selected. */
  public boolean matches(String beanDomain, Map<String, String> beanProperties) {
    if (!domain.equals(beanDomain)) {
      return false;
    }
    for (Map.Entry<String, String> required : properties.entrySet()) {
      if (!required.getValue().equals(beanProperties.get(required.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * A synthetic attribute fed through the rules. Its value is a YAML number or boolean; other
   * values are kept and, as in jmx_exporter, produce no sample.
   */
  public static final class ExtraMetric {
    private final String name;
    private final Object value;
    private final String description;

    ExtraMetric(String name, Object value, String description) {
      this.name = name;
      this.value = value;
      this.description = description;
    }

    public String getName() {
      return name;
    }

    public Object getValue() {
      return value;
    }

    public String getDescription() {
      return description;
    }
  }
}
