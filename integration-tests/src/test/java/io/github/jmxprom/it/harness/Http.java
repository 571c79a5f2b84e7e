package io.github.jmxprom.it.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small HTTP/1.1 client for the exporters' endpoints.
 *
 * <pre>{@code
 * Http.Response r = Http.plain().get("http://127.0.0.1:" + port + "/metrics");
 * assertThat(r.status()).isEqualTo(200);
 * }</pre>
 */
public final class Http {

  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private final HttpClient client;

  private Http(HttpClient client) {
    this.client = client;
  }

  /** Plain HTTP (and HTTPS with the JVM's default trust). */
  public static Http plain() {
    return new Http(builder().build());
  }

  /** HTTPS trusting the certificates in a PKCS12 trust store. */
  public static Http trusting(Path trustStore, String password) {
    return tls(trustStore, null, password);
  }

  /**
   * HTTPS trusting the certificates in a PKCS12 trust store and showing the client certificate of a
   * PKCS12 key store (mutual TLS); both stores have the same password.
   */
  public static Http withClientCertificate(Path trustStore, Path keyStore, String password) {
    return tls(trustStore, keyStore, password);
  }

  private static Http tls(Path trustStore, Path keyStore, String password) {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(load(trustStore, password));
      KeyManagerFactory keys = null;
      if (keyStore != null) {
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keyStore, password), password.toCharArray());
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return new Http(builder().sslContext(context).build());
    } catch (GeneralSecurityException e) {
      throw new AssertionError("cannot use " + trustStore + " / " + keyStore, e);
    }
  }

  private static KeyStore load(Path file, String password) throws GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password.toCharArray());
      return store;
    } catch (IOException e) {
      throw new AssertionError("cannot read " + file, e);
    }
  }

  private static HttpClient.Builder builder() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER);
  }

  /** GET with optional header name/value pairs. */
  public Response get(String url, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<byte[]> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new AssertionError("GET " + url + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** GET with basic authentication. */
  public Response getAs(String user, String password, String url) {
    String token =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return get(url, "Authorization", "Basic " + token);
  }

  /** GET /metrics in the Prometheus text format; fails unless the status is 200. */
  public Exposition scrape(String baseUrl) {
    Response response = get(baseUrl + "/metrics", "Accept", "text/plain; version=0.0.4");
    if (response.status() != 200) {
      throw new AssertionError(
          "GET " + baseUrl + "/metrics: status " + response.status() + "\n" + response.text());
    }
    return Exposition.parse(response.text());
  }

  /** Status, headers and body of one response. */
  public static final class Response {
    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    Response(int status, Map<String, List<String>> headers, byte[] body) {
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    public int status() {
      return status;
    }

    /** The first value of a header (names ignore case), or null. */
    public String header(String name) {
      for (Map.Entry<String, List<String>> header : headers.entrySet()) {
        if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
          return header.getValue().get(0);
        }
      }
      return null;
    }

    public byte[] body() {
      return body.clone();
    }

    /** The body as UTF-8 text, un-gzipped when the server gzipped it. */
    public String text() {
      if ("gzip".equalsIgnoreCase(header("Content-Encoding"))) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          in.transferTo(out);
          return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new AssertionError("bad gzip body", e);
        }
      }
      return new String(body, StandardCharsets.UTF_8);
    }
  }
}
