package io.github.jmxprom.it.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every PromQL expression of a Grafana dashboard (each panel's {@code targets[].expr}, and the
 * {@code label_values(...)} queries of its template variables), made runnable and evaluated against
 * a real Prometheus: each one must return at least one series.
 *
 * <p>Grafana's variables are replaced before evaluation: {@code $__rate_interval}, {@code
 * $__interval} and {@code $__range} by {@code 1m}; the dashboard's own variables ({@code $job},
 * {@code ${instance}}, {@code [[job]]}, ...) by the value given for them, or {@code .+} (so
 * dashboards must use them in regex matchers, {@code job=~"$job"}, as Grafana's multi-value
 * variables need anyway). A variable the dashboard does not define fails the check.
 *
 * <pre>{@code
 * // all jobs that Prometheus scrapes
 * DashboardQueries.check(prometheus, RepoFiles.path("examples/dashboards/kafka.json"));
 * // only the job "kafka-agent"
 * DashboardQueries.check(prometheus, dashboard, Map.of("job", "kafka-agent"));
 * }</pre>
 *
 * Counters need two samples in the {@code 1m} window and some series appear only after traffic, so
 * the check retries the empty ones for up to 30 s before it fails, listing every expression that
 * stayed empty or that Prometheus rejected.
 */
public final class DashboardQueries {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Pattern GRAFANA_INTERVAL =
      Pattern.compile("\\$\\{?(__rate_interval|__interval|__range)\\}?");
  private static final Pattern VARIABLE =
      Pattern.compile(
          "\\$\\{([A-Za-z_]\\w*)(?::[^}]*)?\\}|\\[\\[([A-Za-z_]\\w*)(?::[^\\]]*)?\\]\\]|\\$([A-Za-z_]\\w*)");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^\\s*label_values\\((?:(.*),)?\\s*([A-Za-z_]\\w*)\\s*\\)\\s*$");
  private static final Pattern QUERY_RESULT =
      Pattern.compile("^\\s*query_result\\((.*)\\)\\s*$", Pattern.DOTALL);

  private DashboardQueries() {}

  /** Checks every expression of {@code dashboard}, all variables matching everything. */
  public static List<Result> check(PrometheusServer prometheus, Path dashboard) {
    return check(prometheus, dashboard, Map.of());
  }

  /**
   * Checks every expression of {@code dashboard}, with the given variable values (regexes, such as
   * {@code Map.of("job", "kafka")}; other variables match everything). Returns the number of series
   * each expression gave; fails listing every expression that gave none or was rejected.
   */
  public static List<Result> check(
      PrometheusServer prometheus, Path dashboard, Map<String, String> variables) {
    List<Query> pending = new ArrayList<>(queries(dashboard, variables));
    if (pending.isEmpty()) {
      throw new AssertionError(dashboard + ": no PromQL expression found");
    }
    List<Result> results = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      for (Query query : new ArrayList<>(pending)) {
        try {
          int series = prometheus.query(query.promql()).size();
          if (series > 0) {
            results.add(new Result(query, series));
            pending.remove(query);
          }
        } catch (AssertionError e) {
          rejected.add(query + "\n    " + e.getMessage());
          pending.remove(query);
        }
      }
      if (pending.isEmpty() || System.nanoTime() > deadline) {
        break;
      }
      ServerProcess.sleep(1000);
    }
    if (!pending.isEmpty() || !rejected.isEmpty()) {
      StringBuilder message = new StringBuilder(dashboard.getFileName().toString());
      message.append(": ").append(pending.size()).append(" expressions gave no series");
      message.append(" and ").append(rejected.size()).append(" were rejected by Prometheus\n");
      pending.forEach(query -> message.append("  EMPTY ").append(query).append('\n'));
      rejected.forEach(query -> message.append("  REJECTED ").append(query).append('\n'));
      message.append("targets: ").append(prometheus.targets());
      throw new AssertionError(message.toString());
    }
    return results;
  }

  /**
   * The runnable expressions of {@code dashboard}: panel targets, then template variable queries,
   * with the variables replaced as described above.
   */
  public static List<Query> queries(Path dashboard, Map<String, String> variables) {
    Map<String, Object> json;
    try {
      json = Json.object(Json.parse(Files.readString(dashboard, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> defined = new LinkedHashSet<>();
    List<Query> queries = new ArrayList<>();
    List<Object> templates = templateVariables(json);
    for (Object item : templates) {
      defined.add((String) Json.object(item).get("name"));
    }
    collectPanelTargets(json.get("panels"), "", queries, defined, variables);
    for (Object item : templates) {
      Map<String, Object> variable = Json.object(item);
      if (!"query".equals(variable.get("type"))) {
        continue;
      }
      Object query = variable.get("query");
      String text =
          query instanceof Map ? (String) Json.object(query).get("query") : (String) query;
      String promql = variableQuery(text);
      if (promql != null) {
        queries.add(
            new Query(
                "variable " + variable.get("name"), text, substitute(promql, defined, variables)));
      }
    }
    return queries;
  }

  private static List<Object> templateVariables(Map<String, Object> json) {
    Object templating = json.get("templating");
    if (templating == null) {
      return List.of();
    }
    Object list = Json.object(templating).get("list");
    return list == null ? List.of() : Json.list(list);
  }

  private static void collectPanelTargets(
      Object panels,
      String parent,
      List<Query> into,
      Set<String> defined,
      Map<String, String> variables) {
    if (panels == null) {
      return;
    }
    for (Object item : Json.list(panels)) {
      Map<String, Object> panel = Json.object(item);
      String title = parent + String.valueOf(panel.get("title"));
      Object targets = panel.get("targets");
      if (targets != null) {
        for (Object target : Json.list(targets)) {
          Object expr = Json.object(target).get("expr");
          if (expr instanceof String && !((String) expr).isBlank()) {
            into.add(
                new Query(
                    "panel \"" + title + "\"",
                    (String) expr,
                    substitute((String) expr, defined, variables)));
          }
        }
      }
      // collapsed rows keep their panels inside
      collectPanelTargets(panel.get("panels"), title + " / ", into, defined, variables);
    }
  }

  /** The PromQL that gives a variable's values, or null for queries that are not PromQL. */
  private static String variableQuery(String query) {
    Matcher labelValues = LABEL_VALUES.matcher(query);
    if (labelValues.matches()) {
      String selector = labelValues.group(1);
      String label = labelValues.group(2);
      return "count by ("
          + label
          + ") ("
          + (selector == null ? "{" + label + "=~\".+\"}" : selector)
          + ")";
    }
    Matcher queryResult = QUERY_RESULT.matcher(query);
    if (queryResult.matches()) {
      return queryResult.group(1);
    }
    return null;
  }

  static String substitute(String expr, Set<String> defined, Map<String, String> variables) {
    String promql = GRAFANA_INTERVAL.matcher(expr).replaceAll("1m");
    Matcher m = VARIABLE.matcher(promql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      if (!defined.contains(name)) {
        throw new AssertionError("variable $" + name + " is not defined by the dashboard: " + expr);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(variables.getOrDefault(name, ".+")));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** One expression: where it is, as written, and as evaluated. */
  public static final class Query {
    private final String where;
    private final String expr;
    private final String promql;

    Query(String where, String expr, String promql) {
      this.where = where;
      this.expr = expr;
      this.promql = promql;
    }

    /** {@code panel "Heap used"} or {@code variable job}. */
    public String where() {
      return where;
    }

    /** As written in the dashboard. */
    public String expr() {
      return expr;
    }

    /** As evaluated: variables replaced. */
    public String promql() {
      return promql;
    }

    @Override
    public String toString() {
      return where + ": " + promql;
    }
  }

  /** An expression that gave series, and how many. */
  public static final class Result {
    private final Query query;
    private final int series;

    Result(Query query, int series) {
      this.query = query;
      this.series = series;
    }

    public Query query() {
      return query;
    }

    public int series() {
      return series;
    }

    @Override
    public String toString() {
      return series + " series  " + query;
    }
  }
}
