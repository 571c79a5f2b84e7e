package io.github.jmxprom.collector.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The multi-target part of a standalone config: named modules (collector settings without a target
 * of their own), the targets {@code /sd} lists, the {@code allowedTargets} globs {@code /probe} may
 * reach, and {@code discoverLocalJvms}. The top-level collector keys form the module {@code
 * default}; a named module does not inherit from it.
 *
 * <pre>{@code
 * ProbeConfig probe = ConfigLoader.load(Paths.get("gateway.yaml")).getProbe();
 * if (probe.isAllowed(JmxTarget.parse("127.0.0.1:9999"))) {
 *   CollectorConfig kafka = probe.getModule("kafka");
 * }
 * }</pre>
 */
public final class ProbeConfig {

  /** The module the top-level keys form, used when a probe or target names none. */
  public static final String DEFAULT_MODULE = "default";

  static final ProbeConfig NONE =
      new ProbeConfig(
          false,
          new LinkedHashMap<String, CollectorConfig>(),
          new ArrayList<Target>(),
          null,
          false);

  private final boolean configured;
  private final Map<String, CollectorConfig> modules;
  private final List<Target> targets;
  private final List<TargetPattern> allowedTargets;
  private final boolean discoverLocalJvms;

  ProbeConfig(
      boolean configured,
      Map<String, CollectorConfig> modules,
      List<Target> targets,
      List<TargetPattern> allowedTargets,
      boolean discoverLocalJvms) {
    this.configured = configured;
    this.modules = Collections.unmodifiableMap(new LinkedHashMap<>(modules));
    this.targets = Collections.unmodifiableList(new ArrayList<>(targets));
    this.allowedTargets =
        allowedTargets == null
            ? null
            : Collections.unmodifiableList(new ArrayList<>(allowedTargets));
    this.discoverLocalJvms = discoverLocalJvms;
  }

  /**
   * True when the file has any of {@code modules}, {@code targets}, {@code allowedTargets} or
   * {@code discoverLocalJvms}: then the standalone scraper serves {@code /probe} and {@code /sd},
   * and needs no {@code hostPort} of its own.
   */
  public boolean isConfigured() {
    return configured;
  }

  /** The named modules, in file order, without {@code default}. */
  public Map<String, CollectorConfig> getModules() {
    return modules;
  }

  /** A named module, or null; {@code default} is not in here (it is the config itself). */
  public CollectorConfig getModule(String name) {
    return modules.get(name);
  }

  /** The {@code targets:} entries, in file order. */
  public List<Target> getTargets() {
    return targets;
  }

  /** True when {@code allowedTargets} is set (even empty): without it, every probe is refused. */
  public boolean hasAllowList() {
    return allowedTargets != null;
  }

  /** The {@code allowedTargets} globs; empty when not set. */
  public List<TargetPattern> getAllowedTargets() {
    return allowedTargets == null ? Collections.<TargetPattern>emptyList() : allowedTargets;
  }

  /** Whether {@code /probe} may reach this target: some {@code allowedTargets} glob matches it. */
  public boolean isAllowed(JmxTarget target) {
    for (TargetPattern pattern : getAllowedTargets()) {
      if (pattern.matches(target.toString())) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code /sd} also lists the JVMs running on this host ({@code pid:<n>}). */
  public boolean isDiscoverLocalJvms() {
    return discoverLocalJvms;
  }

  /**
   * One {@code targets:} entry: the target, its module and the labels {@code /sd} gives it.
   *
   * <pre>{@code
   * for (ProbeConfig.Target t : probe.getTargets()) {
   *   System.out.println(t.getTarget() + " module " + t.getModule() + " " + t.getLabels());
   * }
   * }</pre>
   */
  public static final class Target {
    private final JmxTarget target;
    private final String module;
    private final Map<String, String> labels;

    Target(JmxTarget target, String module, Map<String, String> labels) {
      this.target = target;
      this.module = module;
      this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    public JmxTarget getTarget() {
      return target;
    }

    /** The module name; {@code default} when the entry names none. */
    public String getModule() {
      return module;
    }

    /** The entry's {@code labels}, in file order. */
    public Map<String, String> getLabels() {
      return labels;
    }
  }
}
