package io.github.jmxprom.it.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost}/{@code 127.0.0.1} made with the JDK's own
 * keytool: a PKCS12 key store with the key, and a PKCS12 trust store with only the certificate.
 *
 * <pre>{@code
 * TestKeys keys = TestKeys.generate(tempDir);
 * "-Djavax.net.ssl.keyStore=" + keys.keyStore() + " -Djavax.net.ssl.keyStorePassword=" + TestKeys.PASSWORD
 * }</pre>
 */
public final class TestKeys {

  public static final String PASSWORD = "changeit";
  private static final String ALIAS = "jmxprom-it";

  private final Path keyStore;
  private final Path trustStore;

  private TestKeys(Path keyStore, Path trustStore) {
    this.keyStore = keyStore;
    this.trustStore = trustStore;
  }

  public static TestKeys generate(Path directory) {
    Path keyStore = directory.resolve("server.p12");
    Path certificate = directory.resolve("server.cer");
    Path trustStore = directory.resolve("trust.p12");
    keytool(
        "-genkeypair",
        "-alias",
        ALIAS,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1,ip:::1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        ALIAS,
        "-keystore",
        keyStore.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        ALIAS,
        "-file",
        certificate.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        trustStore.toString(),
        "-storepass",
        PASSWORD);
    return new TestKeys(keyStore, trustStore);
  }

  /** PKCS12 with the private key and certificate; password {@link #PASSWORD}. */
  public Path keyStore() {
    return keyStore;
  }

  /** PKCS12 with the certificate only; password {@link #PASSWORD}. */
  public Path trustStore() {
    return trustStore;
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(Arrays.asList(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new AssertionError("keytool failed: " + command + "\n" + new String(output));
      }
    } catch (IOException e) {
      throw new AssertionError("cannot run keytool", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
