package io.github.jmxprom.standalone.tools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of one tool: positional arguments, {@code --option value} pairs from a fixed
 * list, and {@code --help}. An unknown option is an error naming it, so that a typo does not
 * silently run against the wrong thing.
 *
 * <pre>{@code
 * ToolArguments a = ToolArguments.parse("explain", args, 1, "--target", "--inventory", "--bean");
 * a.positional.get(0); // config.yaml
 * }</pre>
 */
final class ToolArguments {

  final List<String> positional = new ArrayList<>();
  final Map<String, String> options = new HashMap<>();
  boolean help;

  private ToolArguments() {}

  static ToolArguments parse(String tool, String[] args, int maxPositional, String... known) {
    ToolArguments a = new ToolArguments();
    List<String> names = Arrays.asList(known);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        a.help = true;
      } else if (names.contains(arg)) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(tool + ": " + arg + " needs a value");
        }
        a.options.put(arg, args[++i]);
      } else if (arg.startsWith("--") || a.positional.size() >= maxPositional) {
        throw new IllegalArgumentException(tool + ": unexpected argument " + arg);
      } else {
        a.positional.add(arg);
      }
    }
    return a;
  }
}
