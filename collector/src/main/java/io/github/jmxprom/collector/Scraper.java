package io.github.jmxprom.collector;

import io.github.jmxprom.collector.config.CollectorConfig;
import io.github.jmxprom.collector.jmx.BeanContext;
import io.github.jmxprom.collector.jmx.BeanWalker;
import io.github.jmxprom.collector.jmx.Failures;
import io.github.jmxprom.collector.jmx.LeafReceiver;
import io.github.jmxprom.collector.jmx.MBeanServerSource;
import io.github.jmxprom.collector.jmx.RemoteJmxSource;
import io.github.jmxprom.collector.rules.Evaluation;
import io.github.jmxprom.collector.rules.RuleEngine;
import io.github.jmxprom.collector.snapshot.DropReason;
import io.github.jmxprom.collector.snapshot.Family;
import io.github.jmxprom.collector.snapshot.FamilyOrder;
import io.github.jmxprom.collector.snapshot.Sample;
import io.github.jmxprom.collector.snapshot.ScrapeResult;
import io.github.jmxprom.collector.snapshot.SelfMetrics;
import io.github.jmxprom.collector.snapshot.SnapshotAssembler;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/**
 * One scrape pipeline for one config: walk the beans, run the rules on each value, assemble the
 * families, add the self-metrics. Replaced as a whole when the config is reloaded, which also
 * forgets auto-excluded attributes and the rule cache, as in jmx_exporter.
 */
final class Scraper {

  private static final Logger LOG = Logger.getLogger(Scraper.class.getName());

  /** By default, a bean whose attributes take longer than this is skipped and retried later. */
  static final long BEAN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);

  /**
   * Threads that may wait in hanging getters at once. A few hung beans (each quarantined after its
   * first timeout) then cost a thread each and leave the rest of every scrape intact.
   */
  static final int MAX_STUCK_THREADS = 4;

  private final CollectorConfig config;
  private final MBeanServerSource source;
  private final SelfMetrics selfMetrics;
  private final RuleEngine engine;
  private final BeanWalker walker;
  // Per config, like the walker: a reload starts with no quarantined beans.
  private final HangGuard guard;
  private SnapshotAssembler assembler;
  private final FamilyOrder order = new FamilyOrder();
  private String lastError;

  private final Set<String> reservedNames;

  Scraper(
      CollectorConfig config,
      MBeanServerSource source,
      SelfMetrics selfMetrics,
      Set<String> reservedNames,
      long beanTimeoutNanos,
      long firstRetryNanos,
      boolean logWarnings) {
    this.guard = new HangGuard(beanTimeoutNanos, MAX_STUCK_THREADS, firstRetryNanos);
    this.config = config;
    this.reservedNames = reservedNames;
    this.source = source;
    this.selfMetrics = selfMetrics;
    this.engine = new RuleEngine(config, selfMetrics::patternAborted);
    this.walker = new BeanWalker(config, new Receiver());
    if (logWarnings) {
      for (String warning : config.getWarnings()) {
        LOG.warning("jmxprom: " + warning);
      }
    }
    for (String problem : engine.templateProblems()) {
      LOG.warning("jmxprom: " + config.getSource() + ": " + problem);
    }
  }

  /** Releases what the walk holds on the MBeanServer (a listener); the source stays open. */
  void close() {
    walker.close();
  }

  CollectorConfig config() {
    return config;
  }

  MBeanServerSource source() {
    return source;
  }

  /** Scrapes; with {@code delayed}, only the self-metrics (start delay still running). */
  synchronized ScrapeResult scrape(boolean delayed) {
    long start = System.nanoTime();
    assembler = new SnapshotAssembler(reservedNames, order);
    boolean error = false;
    int beansFailed = 0;
    if (!delayed) {
      try {
        MBeanServerConnection connection = source.connection();
        BeanWalker.Result result = new BeanWalker.Result();
        HangGuard.Outcome outcome =
            guard.run(walker.select(connection), bean -> readBean(connection, bean, result));
        beansFailed = result.getBeansFailed() + outcome.timedOut.size();
        if (outcome.abortedTooManyStuck) {
          // Getters keep hanging (or the remote JVM stopped answering): report and reconnect.
          error = true;
          source.connectionFailed();
          reportOnce(new IOException("MBean getters are not answering; scrape cut short"));
        } else {
          lastError = null;
        }
      } catch (IOException | RuntimeException e) {
        error = true;
        source.connectionFailed();
        reportOnce(e);
      }
    }
    if (assembler.getDropped().containsKey(DropReason.RULE_ERROR)) {
      error = true;
    }
    List<Family> jmx = assembler.build();
    selfMetrics.addDropped(assembler.getDropped());
    int cached = engine.getCache() == null ? 0 : engine.getCache().endScrape();
    engine.endScrape();
    order.endScrape();
    double seconds = (System.nanoTime() - start) / 1e9;
    MetricSnapshots.Builder self = MetricSnapshots.builder();
    selfMetrics
        .snapshot(seconds, error, cached, beansFailed, guard.quarantined())
        .forEach(self::metricSnapshot);
    MetricSnapshot conflicts = SelfMetrics.conflicts(assembler.getConflicts());
    if (conflicts != null) {
      self.metricSnapshot(conflicts);
    }
    return new ScrapeResult(jmx, self.build());
  }

  /**
   * Reads one bean on a guard worker: the rules run at once, but the samples reach the scrape only
   * through the returned publisher, which the guard skips if the bean timed out meanwhile.
   */
  private Runnable readBean(
      MBeanServerConnection connection, ObjectName bean, BeanWalker.Result total)
      throws IOException {
    Receiver receiver = new Receiver();
    BeanWalker.Result result = new BeanWalker.Result();
    walker.read(connection, bean, result, receiver);
    return () -> {
      total.add(result);
      for (Sample sample : receiver.samples) {
        assembler.add(sample);
      }
      for (int i = 0; i < receiver.ruleErrors; i++) {
        assembler.drop(DropReason.RULE_ERROR);
      }
    };
  }

  private void reportOnce(Exception e) {
    // While backing off, the failure is the one of the last attempt: same text, logged once.
    String message =
        e instanceof RemoteJmxSource.BackoffException
            ? ((RemoteJmxSource.BackoffException) e).getFailure()
            : Failures.describe(e);
    if (!message.equals(lastError)) {
      // Once per distinct problem, not at every scrape while a target stays down.
      LOG.log(
          Level.WARNING,
          "jmxprom: scrape of " + source.describe() + " failed: " + message,
          e instanceof IOException ? null : e);
      lastError = message;
    }
  }

  /** Feeds every leaf through the rules into the current scrape's assembler. */
  private final class Receiver implements LeafReceiver {
    final List<Sample> samples = new ArrayList<>();
    int ruleErrors;
    private BeanContext lastBean;
    private Map<String, String> lastProperties;
    private List<String> lastPath;
    private String lastBeanName;

    @Override
    public boolean mayUse(
        BeanContext bean, String attribute, String declaredType, boolean exactTypes) {
      return engine.mayEmit(bean, attribute, declaredType, exactTypes);
    }

    @Override
    public void leaf(
        BeanContext bean,
        Map<String, String> properties,
        List<String> path,
        String attribute,
        String description,
        Object value) {
      if (properties != lastProperties || path != lastPath || bean != lastBean) {
        // Sibling leaves share these objects: build the pattern input prefix once for them.
        lastBean = bean;
        lastProperties = properties;
        lastPath = path;
        lastBeanName =
            path.isEmpty() && properties == bean.getProperties()
                ? bean.rootPatternPrefix()
                : RuleEngine.beanName(bean.getDomain(), properties, path);
      }
      Evaluation evaluation =
          engine.evaluate(bean, properties, path, lastBeanName, attribute, description, value);
      if (evaluation.getSample() != null) {
        samples.add(evaluation.getSample());
      } else if (evaluation.isFailed()) {
        ruleErrors++;
        LOG.log(
            Level.FINE,
            "{0} failed on {1}: {2}",
            new Object[] {
              evaluation.getRule().describe(), evaluation.getInput(), evaluation.getReason()
            });
      }
    }
  }
}
