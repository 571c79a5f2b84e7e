package io.github.jmxprom.benchmarks.runner;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Plain GETs against 127.0.0.1, timed from the request to the last byte of the answer. */
final class Http {

  private Http() {}

  /** One answer and how long it took. */
  record Response(int status, byte[] body, long nanos) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  static Response get(int port, String path, int timeoutMillis) throws IOException {
    long started = System.nanoTime();
    HttpURLConnection connection =
        (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
    connection.setConnectTimeout(10_000);
    connection.setReadTimeout(timeoutMillis);
    connection.setRequestProperty("Accept-Encoding", "identity");
    if (path.startsWith("/metrics")) {
      // As Prometheus does: the time this client waits. Without it jmxprom would cut a slow first
      // scrape at its default 10 s (jmx_exporter has no deadline) and the comparison would differ.
      connection.setRequestProperty(
          "X-Prometheus-Scrape-Timeout-Seconds", Integer.toString(timeoutMillis / 1000));
    }
    int status = connection.getResponseCode();
    InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream();
    byte[] body = in == null ? new byte[0] : in.readAllBytes();
    if (in != null) {
      in.close();
    }
    long nanos = System.nanoTime() - started;
    if (status != 200) {
      throw new IOException(
          "GET :"
              + port
              + path
              + " answered "
              + status
              + ": "
              + new String(body, StandardCharsets.UTF_8));
    }
    return new Response(status, body, nanos);
  }

  /** A probe answer: {@code key value} lines, the numeric ones. */
  static Map<String, Long> probe(int port, String path) throws IOException {
    Map<String, Long> values = new LinkedHashMap<>();
    for (String line : get(port, path, 120_000).text().split("\n")) {
      int space = line.indexOf(' ');
      if (space > 0) {
        try {
          values.put(line.substring(0, space), Long.parseLong(line.substring(space + 1).trim()));
        } catch (NumberFormatException e) {
          // a text value (alloc_method)
        }
      }
    }
    return values;
  }
}
