package io.github.jmxprom.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;

/** Writes the YAML configs and JMX password files the children read. */
public final class ConfigFiles {

  private ConfigFiles() {}

  /** Writes {@code text} to {@code directory/name} and returns the path. */
  public static Path write(Path directory, String name, String text) {
    try {
      return Files.writeString(directory.resolve(name), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Like {@link #write}, readable and writable by the owner only (the JDK insists for JMX). */
  public static Path writePrivate(Path directory, String name, String text) {
    Path file = write(directory, name, text);
    try {
      Files.setPosixFilePermissions(
          file, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
