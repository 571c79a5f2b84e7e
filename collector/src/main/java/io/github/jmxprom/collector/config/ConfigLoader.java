package io.github.jmxprom.collector.config;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads a YAML rule file into a {@link CollectorConfig}: parse, validate every key, build immutable
 * objects. All problems are found here, never during a scrape, and reported as one {@link
 * ConfigException} naming the file, the key path and the position.
 *
 * <pre>{@code
 * CollectorConfig fromFile = ConfigLoader.load(Paths.get("/etc/jmxprom/kafka.yaml"));
 * CollectorConfig fromText = ConfigLoader.load("rules:\n- pattern: '.*'\n");
 * }</pre>
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /**
   * Loads a config file. A relative {@code ${file:PATH}} is read from the config file's directory.
   */
  public static CollectorConfig load(Path file) {
    return parse(file.toString(), readFile(file), System.getenv(), directory(file));
  }

  /**
   * Loads config text; errors name it {@code <string>}. A relative {@code ${file:PATH}} is read
   * from the working directory, as with {@link #load(InputStream, String)}.
   */
  public static CollectorConfig load(String yaml) {
    return parse("<string>", yaml, System.getenv());
  }

  /**
   * Loads config text from a stream (read fully, UTF-8); errors use {@code sourceName}. A relative
   * {@code ${file:PATH}} is read from the working directory.
   */
  public static CollectorConfig load(InputStream in, String sourceName) {
    try {
      return parse(sourceName, decode(sourceName, readAll(in)), System.getenv());
    } catch (IOException e) {
      throw new ConfigException(sourceName + ": cannot read the config: " + e.getMessage(), e);
    }
  }

  /**
   * Parses and validates config text; {@code environment} resolves {@code ${VAR}} values, relative
   * {@code ${file:PATH}} values are read from the working directory.
   */
  static CollectorConfig parse(String source, String yaml, Map<String, String> environment) {
    return parse(source, yaml, environment, null);
  }

  /**
   * As {@link #parse(String, String, Map)}, relative {@code ${file:PATH}} from {@code directory}.
   */
  static CollectorConfig parse(
      String source, String yaml, Map<String, String> environment, File directory) {
    ConfigNode root = new ConfigNode(source, "", compose(source, yaml));
    if (root.isNull()) {
      throw new ConfigException(
          source
              + ": the config is empty (or only comments); write {} to use the defaults"
              + " (export every MBean with the default format)");
    }
    if (!root.isMapping()) {
      throw root.rootError(
          "expected a mapping of config keys at the top level, got " + root.describe());
    }
    return new CollectorConfigReader(source, new Variables(environment, directory)).read(root);
  }

  private static Node compose(String source, String yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    try {
      // What Yaml.compose does, without building a Yaml: its dumper half (representers, bean
      // introspection) would load a few hundred classes into the host JVM during premain.
      ParsedEvents.Parsed parsed =
          ParsedEvents.read(new ParserImpl(new StreamReader(new StringReader(yaml)), options));
      return new Composer(parsed.events, parsed.resolver, options).getSingleNode();
    } catch (MarkedYAMLException e) {
      String position = ConfigNode.position(e.getProblemMark());
      throw new ConfigException(
          source
              + ": YAML syntax error"
              + (position.isEmpty() ? "" : " at " + position)
              + ": "
              + e.getProblem()
              + (e.getContext() == null ? "" : " (" + e.getContext() + ")"),
          e);
    } catch (YAMLException e) {
      throw new ConfigException(source + ": YAML syntax error: " + e.getMessage(), e);
    }
  }

  /** The config file's directory, absolute; null if the file is not on the default file system. */
  private static File directory(Path file) {
    try {
      return file.toFile().getAbsoluteFile().getParentFile();
    } catch (UnsupportedOperationException notTheDefaultFileSystem) {
      return null;
    }
  }

  private static String readFile(Path file) {
    // A FileInputStream rather than Files.readAllBytes: the java agent reads its config in
    // premain, and the NIO file channel classes (and their native library) are not loaded yet
    // there. Only when it fails does NIO say why, with the exceptions the messages below need.
    try (InputStream in = new FileInputStream(file.toFile())) {
      return decode(file.toString(), readAll(in));
    } catch (IOException | UnsupportedOperationException e) { // the latter: not a default-FS path
      try {
        return decode(file.toString(), Files.readAllBytes(file));
      } catch (NoSuchFileException e2) {
        throw new ConfigException(
            file + ": config file not found (working directory " + cwd() + "); check the path", e2);
      } catch (AccessDeniedException e2) {
        throw new ConfigException(
            file + ": cannot read the config file: permission denied for this user", e2);
      } catch (IOException e2) {
        if (Files.isDirectory(file)) {
          throw new ConfigException(
              file + ": is a directory, not a config file; give the path of the YAML file", e2);
        }
        throw new ConfigException(file + ": cannot read the config file: " + e2.getMessage(), e2);
      }
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    return readAtMost(in, Integer.MAX_VALUE);
  }

  /** The first {@code limit} bytes of {@code in}, or all of it when shorter. */
  static byte[] readAtMost(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while (bytes.size() < limit
        && (n = in.read(buffer, 0, Math.min(buffer.length, limit - bytes.size()))) != -1) {
      bytes.write(buffer, 0, n);
    }
    return bytes.toByteArray();
  }

  /** {@code bytes} as UTF-8 text, refusing malformed input instead of replacing it. */
  static String strictUtf8(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  private static String decode(String source, byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        throw new ConfigException(source + ": not a YAML text file (it contains NUL bytes)");
      }
    }
    try {
      return strictUtf8(bytes);
    } catch (CharacterCodingException e) {
      throw new ConfigException(source + ": not a UTF-8 text file; save it as UTF-8 YAML", e);
    }
  }

  private static String cwd() {
    return System.getProperty("user.dir");
  }
}
