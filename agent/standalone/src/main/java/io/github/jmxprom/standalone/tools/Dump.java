package io.github.jmxprom.standalone.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Paths;

/**
 * {@code dump --target T --out inventory.json}: records every MBean attribute value of a JVM, with
 * its type, so that {@code explain} and {@code lint} can run on it later with {@code --inventory}.
 *
 * <pre>{@code
 * java -jar jmxprom-standalone.jar dump --target pid:4242 --out inventory.json
 * }</pre>
 */
public final class Dump {

  static final String USAGE =
      "usage: java -jar jmxprom-standalone.jar dump --target host:port|service:jmx:...|pid:<n>"
          + " --out inventory.json";

  private Dump() {}

  /** Runs dump; returns the exit status (0 written, 2 cannot run). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    ToolArguments a;
    try {
      a = ToolArguments.parse("dump", args, 0, "--target", "--out");
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage() + "\n" + USAGE);
      return 2;
    }
    if (a.help) {
      out.println(USAGE);
      out.println("Writes every MBean attribute (bean, path, attribute, type, value) as JSON.");
      return 0;
    }
    String target = a.options.get("--target");
    String file = a.options.get("--out");
    if (target == null || file == null) {
      err.println("dump: needs --target and --out\n" + USAGE);
      return 2;
    }
    try {
      Inventory inventory = Inventory.fromTarget(target);
      inventory.write(Paths.get(file));
      out.println("dump: " + inventory.size() + " values from " + target + " written to " + file);
      return 0;
    } catch (IOException | RuntimeException e) {
      err.println("dump: cannot read the MBeans of " + target + ": " + Inventory.whyUnreadable(e));
      return 2;
    }
  }
}
