import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;

/**
 * A small application to run with the jmxprom agent: it registers an "orders" MBean, then reads
 * what the agent serves on its own port and prints the interesting lines.
 *
 * <pre>
 * java -javaagent:jmxprom-javaagent.jar=127.0.0.1:9404:demo.yaml DemoApp.java http://127.0.0.1:9404/metrics
 * java DemoApp.java --wait     # only registers the bean and runs until stopped (for attach, dump)
 * </pre>
 */
public class DemoApp {

  public interface OrdersMBean {
    long getProcessed();

    double getAverageMillis();

    boolean isOpen();
  }

  public static class Orders implements OrdersMBean {
    final AtomicLong processed = new AtomicLong();

    public long getProcessed() {
      return processed.incrementAndGet();
    }

    public double getAverageMillis() {
      return 12.5;
    }

    public boolean isOpen() {
      return true;
    }
  }

  public static void main(String[] args) throws Exception {
    ManagementFactory.getPlatformMBeanServer()
        .registerMBean(new Orders(), new ObjectName("demo:type=Orders,shop=berlin"));
    if (args.length > 0 && args[0].equals("--wait")) {
      System.out.println("DemoApp running; stop it with Ctrl-C");
      Thread.sleep(Long.MAX_VALUE);
    }
    String url = args.length > 0 ? args[0] : "http://127.0.0.1:9404/metrics";
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        try (BufferedReader in =
            new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
          System.out.println("== what the agent serves at " + url + " (selected lines)");
          in.lines()
              .filter(l -> l.startsWith("demo_") || l.startsWith("# TYPE demo_")
                  || l.startsWith("jvm_memory_used_bytes") || l.startsWith("jvm_threads_current")
                  || l.startsWith("jmx_scrape_error") || l.startsWith("jmx_exporter_build_info"))
              .forEach(System.out::println);
          return;
        }
      } catch (java.io.IOException notYet) {
        Thread.sleep(200);
      }
    }
    System.err.println("no answer from " + url + ": did the agent start? (see its message above)");
    System.exit(1);
  }
}
