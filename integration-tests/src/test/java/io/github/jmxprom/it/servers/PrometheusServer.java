package io.github.jmxprom.it.servers;

import io.github.jmxprom.it.harness.FreePort;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus (the Debian package's {@code /usr/bin/prometheus}, which {@code .ci/run}
 * installs) run by hand for one test class: its own config and data folder under {@code dir}, a
 * free loopback port, {@code scrape_interval} and {@code evaluation_interval} of 1 s, the scrape
 * jobs and rule files the test gives. Stopped by its PID.
 *
 * <pre>{@code
 * PrometheusServer.assumeInstalled();
 * PrometheusServer prometheus =
 *     PrometheusServer.builder(dir)
 *         .scrape("tomcat", "127.0.0.1:" + agentPort)
 *         .ruleFile(RepoFiles.path("examples/prometheus/alerts.yml"))
 *         .start();
 * prometheus.waitFor("up{job=\"tomcat\"}", r -> r.size() == 1 && r.get(0).value() == 1, Duration.ofSeconds(30));
 * List<PrometheusServer.Series> heap = prometheus.query("jvm_memory_used_bytes{area=\"heap\"}");
 * prometheus.close();
 * }</pre>
 *
 * Mind the start-up: {@code /-/ready} answers within a second, but the first samples arrive 5 to 7
 * s after the start (Prometheus batches target updates for 5 s), so wait with {@link #waitFor}
 * rather than sleeping, and share one Prometheus among the tests of a class. Queries go through the
 * HTTP API ({@code /api/v1/query}); a query Prometheus rejects fails the test with its error.
 */
public final class PrometheusServer implements AutoCloseable {

  /** Set to {@code true} to fail, instead of skip, when Prometheus is not installed. */
  public static final String REQUIRE_PROPERTY = "jmxprom.it.requirePrometheus";

  private static final Duration READY = Duration.ofSeconds(30);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final ServerProcess process;
  private final int port;
  private final Path directory;

  private PrometheusServer(ServerProcess process, int port, Path directory) {
    this.process = process;
    this.port = port;
    this.directory = directory;
  }

  /** The {@code prometheus} executable on the PATH, if any. */
  public static Optional<Path> executable() {
    return onPath("prometheus");
  }

  /** True when both {@code prometheus} and {@code promtool} are on the PATH. */
  public static boolean installed() {
    return executable().isPresent() && Promtool.executable().isPresent();
  }

  /**
   * Skips the calling test when Prometheus or promtool is not installed (apt-get install
   * prometheus; {@code .ci/run} does it), or fails it when the system property {@value
   * #REQUIRE_PROPERTY} is {@code true}.
   */
  public static void assumeInstalled() {
    String message =
        "prometheus and promtool are not on the PATH (Debian: apt-get install"
            + " --no-install-recommends prometheus; .ci/run installs them)";
    if (!installed() && Boolean.getBoolean(REQUIRE_PROPERTY)) {
      throw new AssertionError(message);
    }
    Assumptions.assumeTrue(installed(), message);
  }

  /** A Prometheus whose config, data and log live in {@code directory}. */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:port}: the UI and the HTTP API. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  /** The folder with prometheus.yml, the data folder and prometheus.log. */
  public Path directory() {
    return directory;
  }

  public ServerProcess process() {
    return process;
  }

  /**
   * Evaluates {@code promql} now ({@code /api/v1/query}) and returns the series of the vector (a
   * scalar or string result is returned as one series without labels). Fails the test with
   * Prometheus' error message when the query is rejected.
   */
  public List<Series> query(String promql) {
    Map<String, Object> data = api("/api/v1/query", "query", promql);
    String type = (String) data.get("resultType");
    List<Series> series = new ArrayList<>();
    switch (type) {
      case "vector":
        for (Object item : Json.list(data.get("result"))) {
          Map<String, Object> sample = Json.object(item);
          series.add(new Series(labels(sample.get("metric")), number(sample.get("value"))));
        }
        return series;
      case "scalar":
      case "string":
        series.add(new Series(Map.of(), number(data.get("result"))));
        return series;
      default:
        throw new AssertionError(
            "query " + promql + " gave a " + type + ", expected an instant vector");
    }
  }

  /**
   * Repeats {@link #query} every 250 ms until {@code until} accepts the result; returns that
   * result. Fails with the last result and the end of Prometheus' log when the time is up.
   */
  public List<Series> waitFor(String promql, Predicate<List<Series>> until, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Series> last;
    while (true) {
      last = query(promql);
      if (until.test(last)) {
        return last;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "after "
                + timeout
                + " the query "
                + promql
                + " still gives "
                + last
                + "\ntargets: "
                + targets()
                + "\n"
                + process.dump());
      }
      if (!process.isAlive()) {
        throw new AssertionError("prometheus exited\n" + process.dump());
      }
      ServerProcess.sleep(250);
    }
  }

  /** Waits until {@code promql} gives at least one series; returns them. */
  public List<Series> waitForSeries(String promql, Duration timeout) {
    return waitFor(promql, result -> !result.isEmpty(), timeout);
  }

  /** The scrape targets ({@code /api/v1/targets}) with their health and last error. */
  public List<Target> targets() {
    List<Target> targets = new ArrayList<>();
    Map<String, Object> data = api("/api/v1/targets");
    for (Object item : Json.list(data.get("activeTargets"))) {
      Map<String, Object> target = Json.object(item);
      targets.add(
          new Target(
              labels(target.get("labels")),
              (String) target.get("scrapeUrl"),
              (String) target.get("health"),
              (String) target.get("lastError")));
    }
    return targets;
  }

  /** The recording and alerting rules ({@code /api/v1/rules}) with their health and last error. */
  public List<Rule> rules() {
    List<Rule> rules = new ArrayList<>();
    for (Object group : Json.list(api("/api/v1/rules").get("groups"))) {
      Map<String, Object> g = Json.object(group);
      for (Object item : Json.list(g.get("rules"))) {
        Map<String, Object> rule = Json.object(item);
        rules.add(
            new Rule(
                (String) g.get("name"),
                (String) rule.get("name"),
                (String) rule.get("type"),
                (String) rule.get("health"),
                (String) rule.get("lastError")));
      }
    }
    return rules;
  }

  /** Waits until every rule has been evaluated at least once (health not "unknown"). */
  public List<Rule> waitForRulesEvaluated(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Rule> rules = rules();
      if (!rules.isEmpty() && rules.stream().noneMatch(rule -> rule.health().equals("unknown"))) {
        return rules;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("rules not evaluated within " + timeout + ": " + rules);
      }
      ServerProcess.sleep(250);
    }
  }

  /** Stops Prometheus (SIGTERM to its PID). */
  @Override
  public void close() {
    process.stop();
  }

  private Map<String, Object> api(String path, String... parameters) {
    StringBuilder form = new StringBuilder();
    for (int i = 0; i + 1 < parameters.length; i += 2) {
      form.append(form.length() == 0 ? "" : "&")
          .append(parameters[i])
          .append('=')
          .append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30));
    if (parameters.length > 0) {
      request
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
    }
    HttpResponse<String> response;
    try {
      response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(path + " " + form + ": " + e + "\n" + process.dump(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    Map<String, Object> answer;
    try {
      answer = Json.object(Json.parse(response.body()));
    } catch (IllegalArgumentException e) {
      throw new AssertionError(
          path + ": status " + response.statusCode() + ", not JSON: " + response.body(), e);
    }
    if (!"success".equals(answer.get("status"))) {
      throw new AssertionError(
          "Prometheus rejected "
              + path
              + " "
              + String.join(" ", parameters)
              + ": "
              + answer.get("errorType")
              + ": "
              + answer.get("error"));
    }
    return Json.object(answer.get("data"));
  }

  private static Map<String, String> labels(Object json) {
    Map<String, String> labels = new LinkedHashMap<>();
    Json.object(json).forEach((name, value) -> labels.put(name, (String) value));
    return Collections.unmodifiableMap(labels);
  }

  private static double number(Object timeAndValue) {
    String value = (String) Json.list(timeAndValue).get(1);
    switch (value) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        return Double.parseDouble(value);
    }
  }

  static Optional<Path> onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String folder : path.split(File.pathSeparator)) {
      Path candidate = Paths.get(folder, program);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** One series of a query result: its labels ({@code __name__} included) and value. */
  public static final class Series {
    private final Map<String, String> labels;
    private final double value;

    Series(Map<String, String> labels, double value) {
      this.labels = labels;
      this.value = value;
    }

    public Map<String, String> labels() {
      return labels;
    }

    /** A label's value, or null. */
    public String label(String name) {
      return labels.get(name);
    }

    /** The metric name ({@code __name__}), or null after an operation that drops it. */
    public String name() {
      return labels.get("__name__");
    }

    public double value() {
      return value;
    }

    @Override
    public String toString() {
      return labels + " " + value;
    }
  }

  /** A scrape target: its labels ({@code job}, {@code instance}), health and last error. */
  public static final class Target {
    private final Map<String, String> labels;
    private final String scrapeUrl;
    private final String health;
    private final String lastError;

    Target(Map<String, String> labels, String scrapeUrl, String health, String lastError) {
      this.labels = labels;
      this.scrapeUrl = scrapeUrl;
      this.health = health;
      this.lastError = lastError;
    }

    public String job() {
      return labels.get("job");
    }

    public String instance() {
      return labels.get("instance");
    }

    public Map<String, String> labels() {
      return labels;
    }

    public String scrapeUrl() {
      return scrapeUrl;
    }

    /** {@code up}, {@code down} or {@code unknown} (not scraped yet). */
    public String health() {
      return health;
    }

    /** Empty when the last scrape worked. */
    public String lastError() {
      return lastError;
    }

    @Override
    public String toString() {
      return job()
          + "/"
          + instance()
          + " "
          + health
          + (lastError.isEmpty() ? "" : ": " + lastError);
    }
  }

  /** A recording or alerting rule as Prometheus evaluates it. */
  public static final class Rule {
    private final String group;
    private final String name;
    private final String type;
    private final String health;
    private final String lastError;

    Rule(String group, String name, String type, String health, String lastError) {
      this.group = group;
      this.name = name;
      this.type = type;
      this.health = health;
      this.lastError = lastError == null ? "" : lastError;
    }

    public String group() {
      return group;
    }

    public String name() {
      return name;
    }

    /** {@code alerting} or {@code recording}. */
    public String type() {
      return type;
    }

    /** {@code ok}, {@code err} or {@code unknown} (not evaluated yet). */
    public String health() {
      return health;
    }

    public String lastError() {
      return lastError;
    }

    @Override
    public String toString() {
      return group + "/" + name + " " + health + (lastError.isEmpty() ? "" : ": " + lastError);
    }
  }

  /** Scrape jobs, rule files and intervals; {@link #start()} writes prometheus.yml and runs it. */
  public static final class Builder {
    private final Path directory;
    private final List<String> jobs = new ArrayList<>();
    private final List<Path> ruleFiles = new ArrayList<>();
    private Duration scrapeInterval = Duration.ofSeconds(1);

    private Builder(Path directory) {
      this.directory = directory;
    }

    /** A job scraping {@code /metrics} of each {@code host:port} target. */
    public Builder scrape(String job, String... targets) {
      return scrape(job, "/metrics", List.of(targets));
    }

    /** A job scraping {@code metricsPath} of each {@code host:port} target. */
    public Builder scrape(String job, String metricsPath, List<String> targets) {
      StringBuilder yaml = new StringBuilder();
      yaml.append("  - job_name: ").append(quote(job)).append('\n');
      yaml.append("    metrics_path: ").append(quote(metricsPath)).append('\n');
      yaml.append("    static_configs:\n      - targets: [");
      for (int i = 0; i < targets.size(); i++) {
        yaml.append(i == 0 ? "" : ", ").append(quote(targets.get(i)));
      }
      yaml.append("]\n");
      jobs.add(yaml.toString());
      return this;
    }

    /**
     * A scrape job written out in full: YAML of one {@code scrape_configs} entry, starting with
     * {@code - job_name:} and indented by two spaces (for service discovery and relabelling).
     */
    public Builder job(String yaml) {
      jobs.add(yaml.endsWith("\n") ? yaml : yaml + "\n");
      return this;
    }

    /** A rule file to load (alerting and recording rules, evaluated every second). */
    public Builder ruleFile(Path file) {
      ruleFiles.add(file.toAbsolutePath());
      return this;
    }

    /** Scrape interval (and timeout) for all jobs; 1 s unless changed. */
    public Builder scrapeInterval(Duration interval) {
      this.scrapeInterval = interval;
      return this;
    }

    /** Writes the config, starts Prometheus and waits until {@code /-/ready} answers. */
    public PrometheusServer start() {
      Path prometheus =
          executable().orElseThrow(() -> new AssertionError("prometheus is not on the PATH"));
      try {
        Files.createDirectories(directory);
        Path config = directory.resolve("prometheus.yml");
        Files.writeString(config, config(), StandardCharsets.UTF_8);
        int port = FreePort.pick();
        ProcessBuilder command =
            new ProcessBuilder(
                    prometheus.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + directory.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--web.enable-lifecycle",
                    "--log.level=warn")
                .directory(directory.toFile());
        ServerProcess process =
            ServerProcess.start("prometheus", command, directory.resolve("prometheus.log"));
        PrometheusServer server = new PrometheusServer(process, port, directory);
        process.awaitReady("/-/ready", () -> server.ready(), READY);
        return server;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private String config() {
      long seconds = Math.max(1, scrapeInterval.toSeconds());
      StringBuilder yaml = new StringBuilder();
      yaml.append("global:\n")
          .append("  scrape_interval: ")
          .append(seconds)
          .append("s\n")
          .append("  scrape_timeout: ")
          .append(seconds)
          .append("s\n")
          .append("  evaluation_interval: 1s\n");
      yaml.append("rule_files:").append(ruleFiles.isEmpty() ? " []\n" : "\n");
      for (Path file : ruleFiles) {
        yaml.append("  - ").append(quote(file.toString())).append('\n');
      }
      yaml.append("scrape_configs:").append(jobs.isEmpty() ? " []\n" : "\n");
      jobs.forEach(yaml::append);
      return yaml.toString();
    }

    private static String quote(String value) {
      return "'" + value.replace("'", "''") + "'";
    }
  }

  private boolean ready() {
    try {
      HttpResponse<Void> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
