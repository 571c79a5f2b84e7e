package io.github.jmxprom.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.jmxprom.it.harness.Jars;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The shaded jars as CONVENTIONS.md describes them: one un-relocated entry class, everything else
 * under one prefix, no multi-release or module entries, no signatures, the protobuf format kept.
 */
class PackagedJarsIT {

  @Test
  void agentJarHasOneEntryClassAndEverythingElseUnderItsPrefix() throws IOException {
    List<String> classes = classes(Jars.agent());

    assertThat(classes).contains("io/github/jmxprom/javaagent/JmxPromAgent.class");
    assertThat(classes)
        .filteredOn(c -> !c.startsWith("io/github/jmxprom/agent/shaded/"))
        .containsExactly("io/github/jmxprom/javaagent/JmxPromAgent.class");
    Attributes manifest = manifest(Jars.agent());
    assertThat(manifest.getValue("Premain-Class"))
        .isEqualTo("io.github.jmxprom.javaagent.JmxPromAgent");
    assertThat(manifest.getValue("Agent-Class"))
        .isEqualTo("io.github.jmxprom.javaagent.JmxPromAgent");
  }

  @Test
  void standaloneJarHasOneEntryClassAndEverythingElseUnderItsPrefix() throws IOException {
    List<String> classes = classes(Jars.standalone());

    assertThat(classes)
        .filteredOn(c -> !c.startsWith("io/github/jmxprom/standalone/shaded/"))
        .containsExactly("io/github/jmxprom/standalone/JmxPromStandalone.class");
    assertThat(manifest(Jars.standalone()).getValue("Main-Class"))
        .isEqualTo("io.github.jmxprom.standalone.JmxPromStandalone");
  }

  @Test
  void neitherJarHasMultiReleaseModuleOrSignatureEntries() throws IOException {
    for (Path jar : List.of(Jars.agent(), Jars.standalone())) {
      assertThat(entries(jar))
          .as(jar.toString())
          .noneMatch(e -> e.startsWith("META-INF/versions/"))
          .noneMatch(e -> e.endsWith("module-info.class"))
          .noneMatch(e -> e.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"));
      assertThat(manifest(jar).getValue("Multi-Release")).as(jar.toString()).isNull();
    }
  }

  @Test
  void bothJarsKeepTheProtobufFormat() throws IOException {
    for (Path jar : List.of(Jars.agent(), Jars.standalone())) {
      assertThat(classes(jar))
          .as(jar.toString())
          .anyMatch(
              c ->
                  c.contains("/expositionformats/")
                      && c.endsWith("/PrometheusProtobufWriterImpl.class"));
    }
  }

  @Test
  void noClassIsRelocatedTwice() throws IOException {
    assertThat(classes(Jars.agent()))
        .noneMatch(c -> c.contains("agent/shaded/io/github/jmxprom/agent/shaded/"));
    assertThat(classes(Jars.standalone()))
        .noneMatch(c -> c.contains("standalone/shaded/io/github/jmxprom/standalone/shaded/"));
  }

  private static List<String> entries(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(ZipEntry::getName).collect(Collectors.toList());
    }
  }

  private static List<String> classes(Path jar) throws IOException {
    return entries(jar).stream().filter(e -> e.endsWith(".class")).collect(Collectors.toList());
  }

  private static Attributes manifest(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      assertThat(manifest).as("manifest of %s", jar).isNotNull();
      return manifest.getMainAttributes();
    }
  }
}
