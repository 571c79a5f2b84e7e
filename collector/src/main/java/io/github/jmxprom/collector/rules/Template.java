package io.github.jmxprom.collector.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * A {@code name}, {@code value}, {@code help} or label template with {@code $1}, {@code ${name}}
 * and {@code \$} in Java's replacement syntax, parsed once. Expanding it against a successful match
 * gives the same text as jmx_exporter's {@code matcher.replaceAll(template)} without running the
 * regex again. A template that {@code replaceAll} would reject (such as {@code $9} with fewer
 * groups) throws {@link TemplateException} when expanded, so only the samples using it are lost.
 *
 * <pre>{@code
 * Template t = Template.parse("kafka_$1_$2", 2);
 * t.expand(matcher); // "kafka_server_BrokerTopicMetrics"
 * }</pre>
 */
public final class Template {

  private final String source;
  private final List<Object> parts; // String literal, Integer group number, or GroupName
  private final String error;

  private Template(String source, List<Object> parts, String error) {
    this.source = source;
    this.parts = parts;
    this.error = error;
  }

  /** Parses a template for a pattern with {@code groupCount} capturing groups. */
  public static Template parse(String source, int groupCount) {
    List<Object> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (c == '\\') {
        i++;
        if (i == n) {
          return invalid(source, "character to be escaped is missing");
        }
        literal.append(source.charAt(i++));
      } else if (c == '$') {
        i++;
        if (i == n) {
          return invalid(source, "illegal group reference: group index is missing");
        }
        flush(literal, parts);
        if (source.charAt(i) == '{') {
          int close = i + 1;
          while (close < n && isAsciiLetterOrDigit(source.charAt(close))) {
            close++;
          }
          String name = source.substring(i + 1, close);
          if (name.isEmpty()) {
            return invalid(source, "named capturing group has 0 length name");
          }
          if (close == n || source.charAt(close) != '}') {
            return invalid(source, "named capturing group is missing trailing '}'");
          }
          if (Character.isDigit(name.charAt(0))) {
            return invalid(source, "capturing group name {" + name + "} starts with a digit");
          }
          parts.add(new GroupName(name));
          i = close + 1;
        } else {
          int group = source.charAt(i) - '0';
          if (group < 0 || group > 9) {
            return invalid(source, "illegal group reference");
          }
          i++;
          // Like Matcher: take more digits only while the number stays a valid group.
          while (i < n) {
            int digit = source.charAt(i) - '0';
            if (digit < 0 || digit > 9 || group * 10 + digit > groupCount) {
              break;
            }
            group = group * 10 + digit;
            i++;
          }
          if (group > groupCount) {
            return invalid(source, "no group " + group + " in the pattern");
          }
          parts.add(group);
        }
      } else {
        literal.append(c);
        i++;
      }
    }
    flush(literal, parts);
    return new Template(source, parts, null);
  }

  private static Template invalid(String source, String error) {
    return new Template(source, new ArrayList<>(), error);
  }

  private static void flush(StringBuilder literal, List<Object> parts) {
    if (literal.length() > 0) {
      parts.add(literal.toString());
      literal.setLength(0);
    }
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** The problem that makes this template unusable, or null. */
  public String getError() {
    return error;
  }

  public String getSource() {
    return source;
  }

  /** True when the template has no group references. */
  public boolean isConstant() {
    return error == null
        && (parts.isEmpty() || (parts.size() == 1 && parts.get(0) instanceof String));
  }

  /**
   * Fills in the groups of a successful match; {@code matcher} may be null for a constant template.
   * Groups that did not take part in the match give "".
   */
  public String expand(Matcher matcher) {
    if (error != null) {
      throw new TemplateException("'" + source + "': " + error);
    }
    if (parts.size() == 1 && parts.get(0) instanceof String) {
      return (String) parts.get(0);
    }
    StringBuilder out = new StringBuilder();
    for (Object part : parts) {
      if (part instanceof String) {
        out.append((String) part);
        continue;
      }
      if (matcher == null) {
        throw new TemplateException("'" + source + "': group references need a pattern");
      }
      String group;
      if (part instanceof Integer) {
        group = matcher.group((Integer) part);
      } else {
        try {
          group = matcher.group(((GroupName) part).name);
        } catch (IllegalArgumentException e) {
          throw new TemplateException(
              "'" + source + "': no group named " + ((GroupName) part).name + " in the pattern");
        }
      }
      if (group != null) {
        out.append(group);
      }
    }
    return out.toString();
  }

  /** A template that cannot be expanded, such as one that references a missing group. */
  public static final class TemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TemplateException(String message) {
      super(message);
    }
  }

  private static final class GroupName {
    final String name;

    GroupName(String name) {
      this.name = name;
    }
  }
}
