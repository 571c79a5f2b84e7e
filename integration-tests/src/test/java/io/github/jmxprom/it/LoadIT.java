package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.app.ManyBeansApp;
import io.github.jmxprom.it.harness.ChildJvm;
import io.github.jmxprom.it.harness.ChildJvms;
import io.github.jmxprom.it.harness.ConfigFiles;
import io.github.jmxprom.it.harness.FreePort;
import io.github.jmxprom.it.harness.Http;
import io.github.jmxprom.it.harness.Jars;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue F, item 4: 100 concurrent scrapers for 30 s against the agent in an application with 10,000
 * MBeans. The config sets {@code httpServer.threads.maximum: 120}, more workers than scrapers: a
 * request that finds no idle worker is answered 503 at once (with the default 10 most of these
 * would be), and this test asserts that none is. Every request is answered 200, concurrent requests
 * share collections (counted by a bean that each collection reads once), and the heap after GC
 * stays bounded. Prints requests, collections and heap after GC before and after.
 */
class LoadIT {

  static final int BEANS = 10_000;
  static final int SCRAPERS = 100;
  static final Duration LOAD = Duration.ofSeconds(30);
  static final Pattern HEAP = Pattern.compile("HEAP AFTER GC (\\d+)");

  @RegisterExtension final ChildJvms jvms = ChildJvms.perTest();
  @TempDir Path dir;

  @Test
  void hundredConcurrentScrapersAreAllAnsweredAndShareCollections() throws Exception {
    int port = FreePort.pick();
    Path config =
        ConfigFiles.write(
            dir,
            "load.yaml",
            """
            includeObjectNames: ['it.load:*']
            httpServer: {threads: {minimum: 1, maximum: 120, keepAliveTime: 120}}
            rules:
            - pattern: 'it.load<type=Bean, n=(\\d+)><>Value'
              name: it_load_value
              labels: {n: $1}
            - pattern: 'it.load<type=Reads><>Count'
              name: it_load_reads
            """);
    ChildJvm app =
        jvms.start(
            ChildJvm.app("many-beans-app")
                .mainClass(ManyBeansApp.class)
                .jvmOptions("-Xmx512m")
                .javaagent(Jars.agent(), "127.0.0.1:" + port + ":" + config)
                .args(dir, BEANS, 600));
    app.waitFor("APP READY", Duration.ofSeconds(60));
    String url = "http://127.0.0.1:" + port + "/metrics";
    String warm = Http.plain().get(url).text();
    assertThat(warm).contains("it_load_value{n=\"9999\"} 9999.0");
    long before = heapAfterGc(app);

    AtomicLong deadline = new AtomicLong(System.nanoTime() + LOAD.toNanos());
    ConcurrentHashMap<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    AtomicLong bytes = new AtomicLong();
    List<Thread> scrapers = new ArrayList<>();
    for (int i = 0; i < SCRAPERS; i++) {
      Thread scraper =
          new Thread(
              () -> {
                while (System.nanoTime() < deadline.get()) {
                  int status = scrape(url, bytes);
                  statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                }
              });
      scraper.start();
      scrapers.add(scraper);
    }
    for (Thread scraper : scrapers) {
      scraper.join();
    }
    long readsBefore = reads(warm);
    long reads = reads(Http.plain().get(url).text()) - readsBefore - 1;
    long after = heapAfterGc(app);

    long requests = statuses.values().stream().mapToLong(AtomicLong::get).sum();
    System.out.printf(
        "LOAD: %d MBeans, %d scrapers for %d s: %d requests (statuses %s), %d collections,"
            + " %.1f MB served; heap after GC %.1f MB before, %.1f MB after%n",
        BEANS,
        SCRAPERS,
        LOAD.toSeconds(),
        requests,
        statuses,
        reads,
        bytes.get() / 1e6,
        before / 1e6,
        after / 1e6);
    assertThat(statuses.keySet()).as("every request answered 200").containsExactly(200);
    assertThat(reads).as("collections shared by concurrent requests").isLessThan(requests);
    assertThat(after).as("heap after GC after the load").isLessThan(256L * 1024 * 1024);
  }

  private static int scrape(String url, AtomicLong bytes) {
    try {
      HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
      connection.setConnectTimeout(10_000);
      connection.setReadTimeout(60_000);
      int status = connection.getResponseCode();
      try (InputStream in =
          status == 200 ? connection.getInputStream() : connection.getErrorStream()) {
        byte[] buffer = new byte[65536];
        for (int n; in != null && (n = in.read(buffer)) > 0; ) {
          bytes.addAndGet(n);
        }
      }
      return status;
    } catch (IOException e) {
      return -1;
    }
  }

  private static long reads(String text) {
    Matcher m = Pattern.compile("(?m)^it_load_reads ([0-9.E]+)$").matcher(text);
    assertThat(m.find()).as("it_load_reads in the exposition").isTrue();
    return (long) Double.parseDouble(m.group(1));
  }

  private long heapAfterGc(ChildJvm app) throws IOException {
    int seen = app.count(HEAP);
    Files.writeString(dir.resolve("gc"), "");
    app.waitForCount(HEAP, seen + 1, Duration.ofSeconds(30));
    List<String> lines = app.stdoutLines();
    long last = -1;
    for (String line : lines) {
      Matcher m = HEAP.matcher(line);
      if (m.find()) {
        last = Long.parseLong(m.group(1));
      }
    }
    return last;
  }
}
