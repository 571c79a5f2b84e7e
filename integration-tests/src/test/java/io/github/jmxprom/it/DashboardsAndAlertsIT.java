package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.harness.FreePort;
import io.github.jmxprom.it.harness.Jars;
import io.github.jmxprom.it.servers.DashboardQueries;
import io.github.jmxprom.it.servers.Json;
import io.github.jmxprom.it.servers.PrometheusServer;
import io.github.jmxprom.it.servers.PrometheusServer.Rule;
import io.github.jmxprom.it.servers.Promtool;
import io.github.jmxprom.it.servers.RepoFiles;
import io.github.jmxprom.it.servers.TomcatServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboards in examples/dashboards and the alert rules in examples/prometheus:
 * promtool checks and unit-tests the rules; every dashboard is well-formed Grafana JSON whose
 * expressions Prometheus accepts; and against a real Tomcat with the agent and
 * config-samples/tomcat.yaml, scraped by a real Prometheus that loads the rules, every expression
 * of the JVM and Tomcat dashboards returns series and every rule evaluates without error. (The
 * Kafka dashboard's expressions are evaluated against a real Kafka by the Kafka scenario, with
 * {@link DashboardQueries#check}.)
 */
class DashboardsAndAlertsIT {

  static final List<String> DASHBOARDS = List.of("jvm.json", "tomcat.json", "kafka.json");
  static final Duration UP = Duration.ofSeconds(40);

  @TempDir static Path dir;

  static TomcatServer tomcat;
  static PrometheusServer prometheus;

  @BeforeAll
  static void checkPrometheusIsInstalled() {
    PrometheusServer.assumeInstalled();
  }

  @AfterAll
  static void stopServers() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (tomcat != null) {
      tomcat.close();
    }
  }

  // ---- alert rules ----

  @Test
  void promtoolAcceptsTheAlertRules() {
    Promtool.Result check = Promtool.run(alerts().getParent(), "check", "rules", "alerts.yml");
    assertThat(check.exitCode()).as(check.toString()).isZero();
    assertThat(check.output()).as(check.toString()).contains("SUCCESS: " + alertNames().size());
  }

  @Test
  void alertUnitTestsPass() {
    Promtool.Result test = Promtool.run(alerts().getParent(), "test", "rules", "alerts_test.yml");
    assertThat(test.exitCode()).as(test.toString()).isZero();
    assertThat(test.output()).as(test.toString()).contains("SUCCESS");
  }

  @Test
  void everyAlertIsTestedFiringAndNotFiring() {
    Set<String> firing = new LinkedHashSet<>();
    Set<String> quiet = new LinkedHashSet<>();
    Map<String, Object> tests = yaml(alerts().resolveSibling("alerts_test.yml"));
    for (Object test : (List<?>) tests.get("tests")) {
      Object cases = ((Map<?, ?>) test).get("alert_rule_test");
      for (Object item : cases == null ? List.of() : (List<?>) cases) {
        Map<?, ?> alertCase = (Map<?, ?>) item;
        List<?> expected = (List<?>) alertCase.get("exp_alerts");
        String name = (String) alertCase.get("alertname");
        (expected == null || expected.isEmpty() ? quiet : firing).add(name);
      }
    }
    assertThat(firing).as("alerts with a firing case").containsAll(alertNames());
    assertThat(quiet).as("alerts with a not-firing case").containsAll(alertNames());
  }

  // ---- dashboards, offline ----

  @ParameterizedTest
  @ValueSource(strings = {"jvm.json", "tomcat.json", "kafka.json"})
  void dashboardIsGrafanaJsonWithDataSourceJobAndInstanceVariables(String file) {
    Map<String, Object> dashboard = Json.object(Json.parse(read(dashboard(file))));
    assertThat(dashboard.get("uid")).asString().startsWith("jmxprom-");
    assertThat(dashboard.get("title")).asString().isNotBlank();
    assertThat((Double) dashboard.get("schemaVersion")).isBetween(36.0, 41.0);
    assertThat(dashboard.get("id")).as("no id: Grafana assigns one at import").isNull();

    Map<String, Map<String, Object>> variables = new LinkedHashMap<>();
    for (Object item : Json.list(Json.object(dashboard.get("templating")).get("list"))) {
      Map<String, Object> variable = Json.object(item);
      variables.put((String) variable.get("name"), variable);
    }
    assertThat(variables).containsKeys("datasource", "job", "instance");
    assertThat(variables.get("datasource"))
        .containsEntry("type", "datasource")
        .containsEntry("query", "prometheus");
    assertThat(variables.get("job")).containsEntry("type", "query");
    assertThat(variables.get("instance")).containsEntry("type", "query");

    Set<Object> ids = new HashSet<>();
    List<Map<String, Object>> panels = panels(dashboard.get("panels"));
    assertThat(panels).hasSizeGreaterThan(5);
    for (Map<String, Object> panel : panels) {
      String title = String.valueOf(panel.get("title"));
      assertThat(ids.add(panel.get("id"))).as("unique id of panel %s", title).isTrue();
      Map<String, Object> grid = Json.object(panel.get("gridPos"));
      assertThat((Double) grid.get("x") + (Double) grid.get("w"))
          .as("panel %s fits in 24 columns", title)
          .isLessThanOrEqualTo(24.0);
      if ("row".equals(panel.get("type"))) {
        continue;
      }
      assertThat(Json.object(panel.get("datasource")))
          .as("panel %s uses the data source variable", title)
          .containsEntry("uid", "${datasource}");
      List<Object> targets = Json.list(panel.get("targets"));
      assertThat(targets).as("panel %s has queries", title).isNotEmpty();
      for (Object target : targets) {
        String expr = (String) Json.object(target).get("expr");
        assertThat(expr)
            .as("panel %s filters by the job and instance variables", title)
            .contains("job=~\"$job\"")
            .contains("instance=~\"$instance\"");
      }
    }
  }

  @Test
  void prometheusParsesEveryDashboardExpression() {
    // Offline: every expression as a recording rule, which promtool parses (Kafka's too).
    StringBuilder rules =
        new StringBuilder("{\"groups\": [{\"name\": \"dashboards\", \"rules\": [");
    int count = 0;
    for (String file : DASHBOARDS) {
      for (DashboardQueries.Query query : DashboardQueries.queries(dashboard(file), Map.of())) {
        rules.append(count == 0 ? "" : ",\n");
        rules
            .append("{\"record\": \"dashboard:expr_")
            .append(count++)
            .append("\", \"expr\": ")
            .append(jsonString(query.promql()))
            .append('}');
      }
    }
    rules.append("]}]}\n");
    Path file = write(dir.resolve("dashboard-expressions.yml"), rules.toString());

    Promtool.Result check = Promtool.run(dir, "check", "rules", file.toString());
    assertThat(check.exitCode()).as(check.toString()).isZero();
    assertThat(check.output()).contains("SUCCESS: " + count + " rules found");
  }

  // ---- against a real Tomcat and Prometheus ----

  @Test
  void everyJvmAndTomcatDashboardQueryReturnsSeriesFromARealTomcat() {
    startTomcatAndPrometheus();
    for (int i = 0; i < 5; i++) {
      tomcat.get("/");
    }
    for (String file : List.of("jvm.json", "tomcat.json")) {
      List<DashboardQueries.Result> results = DashboardQueries.check(prometheus, dashboard(file));
      System.out.printf("%s: all %d expressions gave series%n", file, results.size());
      results.forEach(result -> System.out.println("  " + result));
    }
  }

  @Test
  void prometheusEvaluatesEveryAlertRuleWithoutError() {
    startTomcatAndPrometheus();
    List<Rule> rules = prometheus.waitForRulesEvaluated(UP);
    assertThat(rules).extracting(Rule::name).containsAll(alertNames());
    assertThat(rules)
        .allSatisfy(rule -> assertThat(rule.health()).as(rule.toString()).isEqualTo("ok"));
  }

  private static synchronized void startTomcatAndPrometheus() {
    if (prometheus != null) {
      return;
    }
    int agentPort = FreePort.pick();
    tomcat =
        TomcatServer.builder(dir.resolve("tomcat"))
            .javaagent(
                Jars.agent(),
                "127.0.0.1:" + agentPort + ":" + RepoFiles.path("config-samples/tomcat.yaml"))
            .start();
    prometheus =
        PrometheusServer.builder(dir.resolve("prometheus"))
            .scrape("tomcat", "127.0.0.1:" + agentPort)
            .ruleFile(alerts())
            .start();
    prometheus.waitFor("up{job=\"tomcat\"}", r -> r.size() == 1 && r.get(0).value() == 1, UP);
  }

  private static Path alerts() {
    return RepoFiles.path("examples/prometheus/alerts.yml");
  }

  private static Path dashboard(String file) {
    return RepoFiles.path("examples/dashboards/" + file);
  }

  private static Set<String> alertNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Object group : (List<?>) yaml(alerts()).get("groups")) {
      for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
        Object alert = ((Map<?, ?>) rule).get("alert");
        if (alert != null) {
          names.add((String) alert);
        }
      }
    }
    return names;
  }

  /** Panels, the ones inside collapsed rows included. */
  private static List<Map<String, Object>> panels(Object json) {
    List<Map<String, Object>> panels = new ArrayList<>();
    if (json != null) {
      for (Object item : Json.list(json)) {
        Map<String, Object> panel = Json.object(item);
        panels.add(panel);
        panels.addAll(panels(panel.get("panels")));
      }
    }
    return panels;
  }

  private static Map<String, Object> yaml(Path file) {
    Map<String, Object> map = new Yaml().load(read(file));
    return map;
  }

  private static String jsonString(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        default:
          out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
