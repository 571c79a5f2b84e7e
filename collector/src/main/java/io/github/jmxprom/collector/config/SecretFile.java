package io.github.jmxprom.collector.config;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;

/**
 * The secret a {@code ${file:PATH}} value names: the file's text, trimmed like an environment
 * variable, so that the trailing newline of a Docker or Kubernetes secret file (or of {@code echo
 * s3cret > file}) is not part of the password. The file must be a regular file of at most {@link
 * #MAX_BYTES} bytes of UTF-8 text that is not blank. Messages name the file, never its content.
 *
 * <p>{@code java.io.File} and a {@code FileInputStream} rather than NIO, as for the config file
 * itself: the java agent reads its config in premain, before the NIO file channel classes are
 * loaded.
 */
final class SecretFile {

  /** A larger file is not a secret file: most likely the path names the wrong file. */
  static final int MAX_BYTES = 64 * 1024;

  private SecretFile() {}

  /** The trimmed text of {@code file}; {@code node} is the key the errors name. */
  static String read(ConfigNode node, File file) {
    String what = "secret file " + file;
    if (file.isDirectory()) {
      throw node.error(
          what
              + " is a directory; give the path of the file that holds the secret"
              + " (a Kubernetes secret volume has one file per key)");
    }
    if (!file.exists()) {
      throw node.error(what + " not found; check the path or create the file");
    }
    if (!file.isFile()) {
      throw node.error(
          what + " is not a regular file; give the path of the file that holds the secret");
    }
    if (!file.canRead()) {
      throw node.error(
          "cannot read "
              + what
              + ": permission denied for this user; give the exporter's user read access");
    }
    if (file.length() > MAX_BYTES) {
      throw tooLarge(node, what);
    }
    byte[] bytes;
    try (InputStream in = new FileInputStream(file)) {
      bytes = ConfigLoader.readAtMost(in, MAX_BYTES + 1);
    } catch (IOException e) {
      // An IOException's message names the file and the reason, never what was read.
      throw node.error("cannot read " + what + ": " + e.getMessage());
    }
    if (bytes.length > MAX_BYTES) {
      throw tooLarge(node, what);
    }
    String text;
    try {
      text = ConfigLoader.strictUtf8(bytes).trim();
    } catch (CharacterCodingException e) {
      throw node.error(what + " is not UTF-8 text; save the secret as UTF-8 text");
    }
    if (text.isEmpty()) {
      throw node.error(
          what + " is empty (or only whitespace); write the secret into it or fix the path");
    }
    return text;
  }

  private static ConfigException tooLarge(ConfigNode node, String what) {
    return node.error(
        what
            + " is larger than "
            + (MAX_BYTES / 1024)
            + " KiB, too large for a secret; check that the path names the secret's file");
  }
}
