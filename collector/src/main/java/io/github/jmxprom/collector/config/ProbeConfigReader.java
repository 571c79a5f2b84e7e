package io.github.jmxprom.collector.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code modules}, {@code targets}, {@code allowedTargets} and {@code discoverLocalJvms} into
 * a {@link ProbeConfig}, checking what can be checked before the first probe: module names, target
 * forms, that every listed target's module exists and that {@code allowedTargets} lets {@code
 * /probe} reach it.
 */
final class ProbeConfigReader {

  static final List<String> KEYS =
      Collections.unmodifiableList(
          Arrays.asList("modules", "targets", "allowedTargets", "discoverLocalJvms"));

  /** Top-level keys a module may not have: a target of its own, or exporter-wide settings. */
  static final List<String> NOT_IN_MODULES =
      Collections.unmodifiableList(
          Arrays.asList("hostPort", "jmxUrl", "startDelaySeconds", "httpServer", "openTelemetry"));

  private static final List<String> TARGET_KEYS = Arrays.asList("target", "module", "labels");

  private final CollectorConfigReader collectorReader;

  ProbeConfigReader(CollectorConfigReader collectorReader) {
    this.collectorReader = collectorReader;
  }

  /** Why a key cannot be in a module, or null when it can. */
  static String moduleRefusal(String key) {
    if (key.equals("hostPort") || key.equals("jmxUrl")) {
      return "a module has no target of its own; the target comes from /probe?target= or"
          + " targets:";
    }
    if (NOT_IN_MODULES.contains(key)) {
      return "applies to the whole exporter; set it at the top level, not in a module";
    }
    if (KEYS.contains(key)) {
      return "only allowed at the top level";
    }
    return null;
  }

  ProbeConfig read(Map<String, ConfigNode> keys, List<String> warnings) {
    boolean configured = false;
    for (String key : KEYS) {
      configured |= keys.containsKey(key);
    }
    if (!configured) {
      return ProbeConfig.NONE;
    }
    Map<String, CollectorConfig> modules = modules(keys.get("modules"), warnings);
    List<TargetPattern> allowed = allowedTargets(keys.get("allowedTargets"));
    ConfigNode discoverNode = keys.get("discoverLocalJvms");
    boolean discover = CollectorConfigReader.optionalBool(discoverNode, false);
    ProbeConfig withoutTargets =
        new ProbeConfig(true, modules, new ArrayList<ProbeConfig.Target>(), allowed, discover);
    List<ProbeConfig.Target> targets = targets(keys.get("targets"), withoutTargets);
    if (discover && !allowsSomePid(withoutTargets)) {
      warnings.add(
          SectionValues.warning(
              discoverNode,
              "the discovered JVMs are listed as pid:<n>, but no allowedTargets pattern allows"
                  + " pid: targets, so /probe refuses them; add \"pid:*\""));
    }
    return new ProbeConfig(true, modules, targets, allowed, discover);
  }

  private Map<String, CollectorConfig> modules(ConfigNode node, List<String> warnings) {
    Map<String, CollectorConfig> modules = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return modules;
    }
    for (Map.Entry<String, ConfigNode> entry : node.anyMapping().entrySet()) {
      String name = entry.getKey();
      if (name.equals(ProbeConfig.DEFAULT_MODULE)) {
        throw entry
            .getValue()
            .errorAtKey(
                "the module 'default' is formed by the top-level keys; give this module another"
                    + " name");
      }
      if (!name.matches("[A-Za-z0-9_.-]+")) {
        throw entry
            .getValue()
            .errorAtKey("module names may contain only letters, digits, '_', '.' and '-'");
      }
      modules.put(name, collectorReader.readModule(entry.getValue(), warnings));
    }
    return modules;
  }

  /** Null when the key is absent: {@code /probe} then refuses everything. */
  private static List<TargetPattern> allowedTargets(ConfigNode node) {
    if (node == null) {
      return null;
    }
    List<TargetPattern> patterns = new ArrayList<>();
    if (node.isNull()) {
      return patterns;
    }
    for (ConfigNode item : node.sequence()) {
      String glob = item.string().trim();
      if (glob.isEmpty()) {
        throw item.error("empty pattern; write e.g. \"127.0.0.1:*\" or \"pid:*\"");
      }
      patterns.add(TargetPattern.compile(glob));
    }
    return patterns;
  }

  private static List<ProbeConfig.Target> targets(ConfigNode node, ProbeConfig probe) {
    List<ProbeConfig.Target> targets = new ArrayList<>();
    if (node == null || node.isNull()) {
      return targets;
    }
    Map<String, String> seen = new LinkedHashMap<>();
    for (ConfigNode item : node.sequence()) {
      ProbeConfig.Target target = target(item, probe);
      String key = target.getTarget() + " module " + target.getModule();
      String first = seen.get(key);
      if (first != null) {
        throw item.error(key + " is already listed at " + first);
      }
      seen.put(key, item.path());
      targets.add(target);
    }
    return targets;
  }

  private static ProbeConfig.Target target(ConfigNode item, ProbeConfig probe) {
    Map<String, ConfigNode> keys = item.mapping(TARGET_KEYS);
    ConfigNode targetNode =
        SectionValues.required(item, keys, "target", " (host:port, service:jmx:... or pid:<n>)");
    JmxTarget target;
    try {
      target = JmxTarget.parse(targetNode.string());
    } catch (IllegalArgumentException e) {
      throw targetNode.error(e.getMessage());
    }
    if (!probe.isAllowed(target)) {
      throw targetNode.error(
          target
              + " is not allowed by allowedTargets"
              + (probe.hasAllowList() ? " " + probe.getAllowedTargets() : " (not set)")
              + ", so /probe would refuse it; add a pattern that matches it");
    }
    String module = ProbeConfig.DEFAULT_MODULE;
    ConfigNode moduleNode = keys.get("module");
    if (moduleNode != null) {
      module = moduleNode.string().trim();
      if (!module.equals(ProbeConfig.DEFAULT_MODULE) && probe.getModule(module) == null) {
        List<String> names = new ArrayList<>(probe.getModules().keySet());
        names.add(ProbeConfig.DEFAULT_MODULE);
        String suggestion = Suggestions.closest(module, names);
        throw moduleNode.error(
            "no module named '"
                + module
                + "'"
                + (suggestion == null
                    ? "; the modules are " + String.join(", ", names)
                    : ", did you mean '" + suggestion + "'?"));
      }
    }
    return new ProbeConfig.Target(target, module, labels(keys.get("labels")));
  }

  private static Map<String, String> labels(ConfigNode node) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return labels;
    }
    for (Map.Entry<String, ConfigNode> entry : node.anyMapping().entrySet()) {
      String name = entry.getKey();
      if (!name.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
        throw entry.getValue().errorAtKey("not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
      }
      if (name.startsWith("__")) {
        throw entry
            .getValue()
            .errorAtKey("label names starting with __ are reserved for Prometheus and /sd");
      }
      labels.put(name, entry.getValue().string());
    }
    return labels;
  }

  /** Whether some pattern could match a {@code pid:} target, so discovered JVMs can be probed. */
  private static boolean allowsSomePid(ProbeConfig probe) {
    for (TargetPattern pattern : probe.getAllowedTargets()) {
      String glob = pattern.toString();
      if (glob.startsWith(JmxTarget.PID_PREFIX) || glob.startsWith("*") || glob.startsWith("p?")) {
        return true;
      }
    }
    return false;
  }
}
