package io.github.jmxprom.collector.compat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Runs the real jmx_exporter 1.0.1 collector, isolated in its own class loader with the client_java
 * 1.3.1 it was built against, and returns what it would serve as Prometheus text.
 *
 * <p>1.0.1 always reads the <em>platform</em> MBeanServer, so tests register their fake MBeans
 * there. The jars come from the folder named by the system property {@value #DIR_PROPERTY}, which
 * the collector module's surefire configuration sets (the build copies them in {@code
 * generate-test-resources}). Failures are returned as values: a config 1.0.1 rejects, a scrape that
 * throws (e.g. duplicate label sets), and whether 1.0.1's JMX walk hit an error (its {@code
 * jmx_scrape_error}, which 1.0.1 itself only exposes one scrape later).
 *
 * <p>1.0.1's own logging is switched off unless {@code -Djmxprom.reference.log=true}.
 */
public final class ReferenceJmxExporter {

  /** System property naming the folder with collector-1.0.1.jar and its dependencies. */
  public static final String DIR_PROPERTY = "jmxprom.reference.dir";

  /** Jars that must be in the folder; every other jar there is put on the class path too. */
  private static final String[] REQUIRED_JARS = {
    "collector-1.0.1.jar",
    "prometheus-metrics-core-",
    "prometheus-metrics-model-",
    "prometheus-metrics-config-",
    "prometheus-metrics-exposition-formats-",
    "prometheus-metrics-tracer-initializer-",
    "prometheus-metrics-tracer-common-",
    "snakeyaml-"
  };

  private static ReferenceJmxExporter instance;

  /** Keeps 1.0.1's JUL loggers switched off (JUL holds loggers weakly). */
  private static Logger silenced;

  private final ClassLoader loader;
  private final Constructor<?> newCollector;
  private final Constructor<?> newRegistry;
  private final Method register;
  private final Method scrape;
  private final Object writer;
  private final Method write;
  private final Field scrapeErrorGauge;
  private final Method gaugeGet;

  private ReferenceJmxExporter(ClassLoader loader) throws ReflectiveOperationException {
    this.loader = loader;
    Class<?> collector = loader.loadClass("io.prometheus.jmx.JmxCollector");
    Class<?> registry = loader.loadClass("io.prometheus.metrics.model.registry.PrometheusRegistry");
    Class<?> snapshots = loader.loadClass("io.prometheus.metrics.model.snapshots.MetricSnapshots");
    Class<?> writerClass =
        loader.loadClass("io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter");
    newCollector = collector.getConstructor(String.class);
    newRegistry = registry.getConstructor();
    register = collector.getMethod("register", registry);
    scrape = registry.getMethod("scrape");
    writer = writerClass.getConstructor(boolean.class).newInstance(false);
    write = writerClass.getMethod("write", java.io.OutputStream.class, snapshots);
    scrapeErrorGauge = collector.getDeclaredField("jmxScrapeError");
    scrapeErrorGauge.setAccessible(true);
    gaugeGet = scrapeErrorGauge.getType().getMethod("get");
  }

  /** The shared instance; the class loader is created on first use. */
  public static synchronized ReferenceJmxExporter get() {
    if (instance == null) {
      instance = load(referenceDir());
    }
    return instance;
  }

  private static Path referenceDir() {
    String dir = System.getProperty(DIR_PROPERTY);
    if (dir == null || dir.isBlank()) {
      throw new IllegalStateException(
          "System property "
              + DIR_PROPERTY
              + " is not set. Run the tests through Maven (mvn -pl collector test), or run"
              + " 'mvn -pl collector generate-test-resources' and pass -D"
              + DIR_PROPERTY
              + "=collector/target/jmx-exporter-1.0.1 to the test JVM.");
    }
    return Paths.get(dir);
  }

  static ReferenceJmxExporter load(Path dir) {
    List<URL> urls = jars(dir);
    if (!Boolean.getBoolean("jmxprom.reference.log")) {
      silenced = Logger.getLogger("io.prometheus.jmx");
      silenced.setLevel(Level.OFF);
    }
    ClassLoader loader =
        new URLClassLoader(
            "jmx-exporter-1.0.1", urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    try {
      return new ReferenceJmxExporter(loader);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("jmx_exporter 1.0.1 in " + dir + " is not usable", e);
    }
  }

  private static List<URL> jars(Path dir) {
    List<Path> jars;
    try (Stream<Path> files = Files.list(dir)) {
      jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + " (" + DIR_PROPERTY + ")", e);
    }
    for (String required : REQUIRED_JARS) {
      if (jars.stream().noneMatch(jar -> jar.getFileName().toString().startsWith(required))) {
        throw new IllegalStateException(
            "no "
                + required
                + "*.jar in "
                + dir
                + " ("
                + DIR_PROPERTY
                + "): jmx_exporter 1.0.1 and its client_java 1.3.1 dependencies must be copied"
                + " there by the collector pom");
      }
    }
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }
    return urls;
  }

  /** Builds a collector from the YAML, registers it on a fresh registry and scrapes once. */
  public Result scrape(String yaml) {
    return open(yaml).scrape();
  }

  /** Builds a collector from the YAML for several scrapes (self metrics, caches, reloads). */
  public Session open(String yaml) {
    try {
      Object registry = newRegistry.newInstance();
      Object collector = call(() -> newCollector.newInstance(yaml));
      call(() -> register.invoke(collector, registry));
      return new Session(collector, registry, null);
    } catch (Exception e) {
      return new Session(null, null, unwrap(e));
    }
  }

  /** One collector on its own registry, as an agent or the standalone server holds it. */
  public final class Session {
    private final Object collector;
    private final Object registry;
    private final Throwable rejected;

    private Session(Object collector, Object registry, Throwable rejected) {
      this.collector = collector;
      this.registry = registry;
      this.rejected = rejected;
    }

    /** Scrapes the whole registry (self metrics and JMX metrics) and writes it as text. */
    public Result scrape() {
      if (rejected != null) {
        return new Result(Result.Outcome.CONFIG_REJECTED, null, rejected, false);
      }
      try {
        Object snapshots = call(() -> ReferenceJmxExporter.this.scrape.invoke(registry));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        call(() -> write.invoke(writer, out, snapshots));
        double error = (Double) gaugeGet.invoke(scrapeErrorGauge.get(collector));
        return new Result(
            Result.Outcome.OK, out.toString(StandardCharsets.UTF_8), null, error != 0.0);
      } catch (Exception e) {
        return new Result(Result.Outcome.SCRAPE_FAILED, null, unwrap(e), false);
      }
    }
  }

  /**
   * What a scrape of 1.0.1 gave.
   *
   * @param outcome whether it produced text
   * @param text the Prometheus text (self metrics included), {@code null} unless OK
   * @param failure the exception 1.0.1 threw, from its own class loader; {@code null} if OK
   * @param walkFailed 1.0.1 caught an exception during its JMX walk and returned partial output (it
   *     would report {@code jmx_scrape_error 1.0} on the next scrape)
   */
  public record Result(Outcome outcome, String text, Throwable failure, boolean walkFailed) {

    /** How the scrape ended. */
    public enum Outcome {
      OK,
      /** The constructor threw: 1.0.1 does not accept this config. */
      CONFIG_REJECTED,
      /** The registry scrape or the text writer threw: the whole HTTP scrape would be a 500. */
      SCRAPE_FAILED
    }

    /** The parsed text; fails the test with the 1.0.1 exception if there is none. */
    public Exposition exposition() {
      if (outcome != Outcome.OK) {
        throw new AssertionError("jmx_exporter 1.0.1: " + outcome + ": " + failureSummary());
      }
      return Exposition.parse(text);
    }

    /** {@code Class: message} of the failure and each cause, or {@code ""}. */
    public String failureSummary() {
      StringBuilder summary = new StringBuilder();
      for (Throwable t = failure; t != null; t = t.getCause()) {
        if (summary.length() > 0) {
          summary.append(" <- ");
        }
        summary.append(t.getClass().getName()).append(": ").append(t.getMessage());
        if (t.getCause() == t) {
          break;
        }
      }
      return summary.toString();
    }
  }

  private <T> T call(Callable<T> action) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return action.call();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static Throwable unwrap(Throwable e) {
    while (e instanceof InvocationTargetException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
