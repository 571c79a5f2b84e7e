package io.github.jmxprom.runtime.http;

import static io.github.jmxprom.runtime.http.TestHttp.client;
import static io.github.jmxprom.runtime.http.TestHttp.config;
import static io.github.jmxprom.runtime.http.TestHttp.get;
import static io.github.jmxprom.runtime.http.TestHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import io.github.jmxprom.collector.config.ConfigException;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.util.Set;
import javax.security.auth.Subject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PluginAuthenticationTest {

  static final String SUBJECT_ATTRIBUTE = "test.subject";

  /**
   * Lets {@code X-Token: alice} in with a Subject for alice, {@code X-Token: no-subject} in without
   * one, anyone else gets 401.
   */
  public static final class TokenAuthenticator extends Authenticator {
    @Override
    public Result authenticate(HttpExchange exchange) {
      String token = exchange.getRequestHeaders().getFirst("X-Token");
      if ("alice".equals(token)) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new HttpPrincipal("alice", "test"));
        exchange.setAttribute(SUBJECT_ATTRIBUTE, subject);
        return new Success(new HttpPrincipal("alice", "test"));
      }
      if ("no-subject".equals(token)) {
        exchange.setAttribute(SUBJECT_ATTRIBUTE, "not a subject");
        return new Success(new HttpPrincipal("bob", "test"));
      }
      exchange.getResponseHeaders().set("WWW-Authenticate", "Token");
      return new Retry(401);
    }
  }

  /** Not an Authenticator. */
  public static final class NotAnAuthenticator {}

  /** An Authenticator without a no-argument constructor. */
  public static final class NeedsArguments extends Authenticator {
    public NeedsArguments(String unused) {}

    @Override
    public Result authenticate(HttpExchange exchange) {
      return new Retry(401);
    }
  }

  private final HttpClient client = client();
  private ExporterHttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private String start(String yaml, PrometheusRegistry registry) {
    server = ExporterHttpServer.start(config(yaml), "127.0.0.1", 0, registry);
    return "http://127.0.0.1:" + server.getPort();
  }

  private static String plugin(String className, String subjectAttributeName) {
    return "httpServer:\n"
        + "  authentication:\n"
        + "    plugin:\n"
        + "      class: "
        + className
        + "\n"
        + (subjectAttributeName == null
            ? ""
            : "      subjectAttributeName: " + subjectAttributeName + "\n");
  }

  @Test
  void pluginDecidesWhoGetsIn() throws Exception {
    String base = start(plugin(TokenAuthenticator.class.getName(), null), TestHttp.registry());

    HttpResponse<byte[]> admitted = get(client, base + "/metrics", "X-Token", "alice");
    HttpResponse<byte[]> refused = get(client, base + "/metrics", "X-Token", "mallory");
    HttpResponse<byte[]> health = get(client, base + "/-/healthy");

    assertThat(admitted.statusCode()).isEqualTo(200);
    assertThat(text(admitted)).contains("test_events_total 3.0");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Token");
    assertThat(refused.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(health.statusCode()).isEqualTo(401);
  }

  @Test
  void scrapeRunsAsTheSubjectThePluginProvides() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register((Collector) PluginAuthenticationTest::currentUser);
    String base = start(plugin(TokenAuthenticator.class.getName(), SUBJECT_ATTRIBUTE), registry);

    HttpResponse<byte[]> alice = get(client, base + "/metrics", "X-Token", "alice");
    HttpResponse<byte[]> noSubject = get(client, base + "/metrics", "X-Token", "no-subject");
    HttpResponse<byte[]> nobody = get(client, base + "/metrics");

    assertThat(alice.statusCode()).isEqualTo(200);
    assertThat(text(alice)).contains("test_user_info{user=\"test:alice\"} 1");
    assertThat(noSubject.statusCode()).isEqualTo(403);
    assertThat(noSubject.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(nobody.statusCode()).isEqualTo(401);
  }

  @Test
  void missingPluginClassIsAConfigError() {
    assertThatThrownBy(
            () -> start(plugin("com.example.NoSuchAuthenticator", null), TestHttp.registry()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "httpServer.authentication.plugin.class: class com.example.NoSuchAuthenticator not"
                + " found");
  }

  @Test
  void pluginMustExtendAuthenticator() {
    assertThatThrownBy(
            () -> start(plugin(NotAnAuthenticator.class.getName(), null), TestHttp.registry()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "httpServer.authentication.plugin.class: "
                + NotAnAuthenticator.class.getName()
                + " does not extend com.sun.net.httpserver.Authenticator");
  }

  @Test
  void pluginNeedsAPublicNoArgumentConstructor() {
    assertThatThrownBy(
            () -> start(plugin(NeedsArguments.class.getName(), null), TestHttp.registry()))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "httpServer.authentication.plugin.class: "
                + NeedsArguments.class.getName()
                + " has no public constructor without arguments");
  }

  /** {@code test_user_info{user="<name of the current Subject's principal>"}}. */
  private static InfoSnapshot currentUser() {
    Subject subject = currentSubject();
    String user = "none";
    if (subject != null) {
      Set<Principal> principals = subject.getPrincipals();
      user = principals.isEmpty() ? "none" : principals.iterator().next().getName();
    }
    return InfoSnapshot.builder()
        .name("test_user")
        .dataPoint(
            InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of("user", user)).build())
        .build();
  }

  /** {@code Subject.current()} (Java 18+) or {@code Subject.getSubject(getContext())} (17). */
  private static Subject currentSubject() {
    try {
      Method current = Subject.class.getMethod("current");
      return (Subject) current.invoke(null);
    } catch (NoSuchMethodException e) {
      try {
        Class<?> controller = Class.forName("java.security.AccessController");
        Object context = controller.getMethod("getContext").invoke(null);
        Method getSubject =
            Subject.class.getMethod(
                "getSubject", Class.forName("java.security.AccessControlContext"));
        return (Subject) getSubject.invoke(null, context);
      } catch (ReflectiveOperationException inner) {
        throw new IllegalStateException(inner);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
