package io.github.jmxprom.standalone.probe;

import io.github.jmxprom.collector.config.ProbeConfig;
import io.github.jmxprom.runtime.LocalJvm;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * What {@code /sd} lists, as Prometheus HTTP service discovery groups in the blackbox exporter's
 * convention: the targets are the JMX targets themselves ({@code 127.0.0.1:9999}, {@code
 * pid:4242}), the module is the {@code __param_module} label, followed by the entry's labels;
 * discovered local JVMs carry {@code __meta_jmxprom_pid} and {@code __meta_jmxprom_main_class}.
 * Three relabel rules then move {@code __address__} into {@code __param_target} and point {@code
 * __address__} at the exporter.
 *
 * <pre>{@code
 * String json = ServiceDiscovery.toJson(new ServiceDiscovery(config.getProbe(), LocalJvms::list).groups());
 * // [{"targets":["127.0.0.1:9999"],"labels":{"__param_module":"kafka","env":"prod"}}]
 * }</pre>
 */
final class ServiceDiscovery {

  private static final Logger LOG = Logger.getLogger(ServiceDiscovery.class.getName());

  static final String MODULE_LABEL = "__param_module";
  static final String PID_LABEL = "__meta_jmxprom_pid";
  static final String MAIN_CLASS_LABEL = "__meta_jmxprom_main_class";

  /** Lists the local JVMs (the Attach API in production, a fixed list in tests). */
  interface JvmLister {
    List<LocalJvm> list() throws IOException;
  }

  private final ProbeConfig probe;
  private final JvmLister jvms;
  private String lastListingFailure;

  ServiceDiscovery(ProbeConfig probe, JvmLister jvms) {
    this.probe = probe;
    this.jvms = jvms;
  }

  /** The groups to serve now: the configured targets, then the local JVMs when enabled. */
  List<Group> groups() {
    List<Group> groups = new ArrayList<>();
    for (ProbeConfig.Target target : probe.getTargets()) {
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put(MODULE_LABEL, target.getModule());
      labels.putAll(target.getLabels());
      groups.add(new Group(target.getTarget().toString(), labels));
    }
    if (probe.isDiscoverLocalJvms()) {
      for (LocalJvm jvm : localJvms()) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MODULE_LABEL, ProbeConfig.DEFAULT_MODULE);
        labels.put(PID_LABEL, Long.toString(jvm.getPid()));
        labels.put(MAIN_CLASS_LABEL, jvm.getMainClass());
        groups.add(new Group("pid:" + jvm.getPid(), labels));
      }
    }
    return groups;
  }

  private synchronized List<LocalJvm> localJvms() {
    try {
      List<LocalJvm> list = jvms.list();
      lastListingFailure = null;
      return list;
    } catch (IOException e) {
      // Once per distinct problem: Prometheus asks every minute or so.
      if (!String.valueOf(e.getMessage()).equals(lastListingFailure)) {
        LOG.warning("jmxprom: /sd lists no local JVMs: " + e.getMessage());
        lastListingFailure = String.valueOf(e.getMessage());
      }
      return Collections.emptyList();
    }
  }

  /** The groups as the JSON array Prometheus' {@code http_sd_configs} reads. */
  static String toJson(List<Group> groups) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < groups.size(); i++) {
      Group group = groups.get(i);
      json.append(i == 0 ? "\n" : ",\n").append("  {\"targets\": [");
      string(json, group.target).append("], \"labels\": {");
      int n = 0;
      for (Map.Entry<String, String> label : group.labels.entrySet()) {
        string(json.append(n++ == 0 ? "" : ", "), label.getKey()).append(": ");
        string(json, label.getValue());
      }
      json.append("}}");
    }
    return json.append(groups.isEmpty() ? "]\n" : "\n]\n").toString();
  }

  private static StringBuilder string(StringBuilder json, String text) {
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    return json.append('"');
  }

  /** One target with its labels (one group per target keeps each target's labels its own). */
  static final class Group {
    final String target;
    final Map<String, String> labels;

    Group(String target, Map<String, String> labels) {
      this.target = target;
      this.labels = labels;
    }
  }
}
