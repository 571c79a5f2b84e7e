package io.github.jmxprom.collector.config;

import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * The validated {@code httpServer} section: metrics path, worker threads, request time limit,
 * authentication and HTTPS of the exporter's own endpoint. Like jmx_exporter, the agent reads it
 * once at start; unlike jmx_exporter, every mistake in it is reported when the file is loaded.
 *
 * <pre>{@code
 * httpServer:
 *   metrics: {path: /prometheus}
 *   threads: {minimum: 1, maximum: 10, keepAliveTime: 120}
 *   authentication:
 *     basic: {username: prometheus, password: ${METRICS_PASSWORD}}
 *   ssl:
 *     keyStore: {filename: /etc/jmxprom/server.p12, type: PKCS12, password: ${STORE_PASSWORD}}
 *   debugRules: true        # /debug/rules?bean=PATTERN
 * }</pre>
 *
 * <pre>{@code
 * HttpServerConfig http = config.getHttpServer();
 * if (http == null) {
 *   http = HttpServerConfig.defaults();
 * }
 * int maximumThreads = http.getThreads().getMaximum();
 * boolean https = http.getSsl() != null;
 * }</pre>
 */
public final class HttpServerConfig {

  private static final HttpServerConfig DEFAULTS =
      new HttpServerConfig(
          "/metrics",
          Threads.DEFAULTS,
          0,
          null,
          null,
          null,
          false,
          Collections.<String>emptyList());

  private final String metricsPath;
  private final Threads threads;
  private final int maximumRequestSeconds;
  private final BasicAuthentication basicAuthentication;
  private final PluginAuthentication pluginAuthentication;
  private final Ssl ssl;
  private final boolean debugRules;
  private final List<String> warnings;

  HttpServerConfig(
      String metricsPath,
      Threads threads,
      int maximumRequestSeconds,
      BasicAuthentication basicAuthentication,
      PluginAuthentication pluginAuthentication,
      Ssl ssl,
      boolean debugRules,
      List<String> warnings) {
    this.metricsPath = metricsPath;
    this.threads = threads;
    this.maximumRequestSeconds = maximumRequestSeconds;
    this.basicAuthentication = basicAuthentication;
    this.pluginAuthentication = pluginAuthentication;
    this.ssl = ssl;
    this.debugRules = debugRules;
    this.warnings = Collections.unmodifiableList(warnings);
  }

  /** The settings used when the file has no {@code httpServer} section. */
  public static HttpServerConfig defaults() {
    return DEFAULTS;
  }

  /** Reads and validates an {@code httpServer} node; {@code javax.net.ssl.*} from the JVM. */
  static HttpServerConfig read(ConfigNode node, Variables variables) {
    return read(node, variables, System.getProperties());
  }

  /** As {@link #read(ConfigNode, Variables)}, with the system properties given (for tests). */
  static HttpServerConfig read(ConfigNode node, Variables variables, Properties systemProperties) {
    return new HttpServerConfigReader(variables, systemProperties).read(node);
  }

  /** Path of the metrics endpoint, always starting with {@code /}; default {@code /metrics}. */
  public String getMetricsPath() {
    return metricsPath;
  }

  /** Worker pool sizes; the defaults (1, 10, 120 s) when the file has no {@code threads}. */
  public Threads getThreads() {
    return threads;
  }

  /** Requests still open after this many seconds are closed; 0 means no limit (the default). */
  public int getMaximumRequestSeconds() {
    return maximumRequestSeconds;
  }

  /** Basic authentication, or null. Never set together with {@link #getPluginAuthentication}. */
  public BasicAuthentication getBasicAuthentication() {
    return basicAuthentication;
  }

  /** A custom {@code com.sun.net.httpserver.Authenticator}, or null. */
  public PluginAuthentication getPluginAuthentication() {
    return pluginAuthentication;
  }

  /** HTTPS settings, or null for plain HTTP. */
  public Ssl getSsl() {
    return ssl;
  }

  /**
   * {@code debugRules: true}: the agent also serves {@code /debug/rules?bean=PATTERN}, the rule
   * explanation of {@code explain} for its own MBeans, behind the same authentication as the
   * metrics. Off by default: it shows every attribute value, also those no rule exports.
   */
  public boolean isDebugRules() {
    return debugRules;
  }

  /** Settings that load but are probably not what was meant (e.g. few PBKDF2 iterations). */
  public List<String> getWarnings() {
    return warnings;
  }

  @Override
  public String toString() {
    return String.format(
        "HttpServerConfig{metricsPath=%s, threads=%s, maximumRequestSeconds=%d,"
            + " basicAuthentication=%s, pluginAuthentication=%s, ssl=%s, debugRules=%s}",
        metricsPath,
        threads,
        maximumRequestSeconds,
        basicAuthentication,
        pluginAuthentication,
        ssl,
        debugRules);
  }

  /**
   * The worker pool: {@code new ThreadPoolExecutor(minimum, maximum, keepAliveTimeSeconds, SECONDS,
   * new SynchronousQueue<>(true))}, as jmx_exporter builds it.
   */
  public static final class Threads {
    static final Threads DEFAULTS = new Threads(1, 10, 120);

    private final int minimum;
    private final int maximum;
    private final int keepAliveTimeSeconds;

    Threads(int minimum, int maximum, int keepAliveTimeSeconds) {
      this.minimum = minimum;
      this.maximum = maximum;
      this.keepAliveTimeSeconds = keepAliveTimeSeconds;
    }

    public int getMinimum() {
      return minimum;
    }

    public int getMaximum() {
      return maximum;
    }

    /** How long an idle thread above the minimum is kept ({@code keepAliveTime}, seconds). */
    public int getKeepAliveTimeSeconds() {
      return keepAliveTimeSeconds;
    }

    @Override
    public String toString() {
      return String.format(
          "Threads{minimum=%d, maximum=%d, keepAliveTimeSeconds=%d}",
          minimum, maximum, keepAliveTimeSeconds);
    }
  }

  /**
   * How {@code authentication.basic} stores the password. The YAML spelling is also the JCA
   * algorithm name ({@code MessageDigest} for SHA, {@code SecretKeyFactory} for PBKDF2).
   */
  public enum PasswordAlgorithm {
    PLAINTEXT("plaintext", 0, 0),
    SHA_1("SHA-1", 20, 0),
    SHA_256("SHA-256", 32, 0),
    SHA_512("SHA-512", 64, 0),
    // Default iteration counts are jmx_exporter's (OWASP's recommendations).
    PBKDF2_WITH_HMAC_SHA1("PBKDF2WithHmacSHA1", 0, 1_300_000),
    PBKDF2_WITH_HMAC_SHA256("PBKDF2WithHmacSHA256", 0, 600_000),
    PBKDF2_WITH_HMAC_SHA512("PBKDF2WithHmacSHA512", 0, 210_000);

    private final String configName;
    private final int digestBytes;
    private final int defaultIterations;

    PasswordAlgorithm(String configName, int digestBytes, int defaultIterations) {
      this.configName = configName;
      this.digestBytes = digestBytes;
      this.defaultIterations = defaultIterations;
    }

    /** The name as written in YAML and understood by the JCA, e.g. {@code SHA-256}. */
    public String getConfigName() {
      return configName;
    }

    public boolean isPbkdf2() {
      return defaultIterations > 0;
    }

    /** Length of a SHA digest in bytes; 0 for the others. */
    int digestBytes() {
      return digestBytes;
    }

    int defaultIterations() {
      return defaultIterations;
    }
  }

  /**
   * {@code authentication.basic}: one user name and either a plaintext password or a salted hash.
   * SHA: {@code hex(digest(salt + ":" + password))}; PBKDF2: {@code PBKDF2(password, salt,
   * iterations, 8 * hash length)}. Salts are used as UTF-8 bytes.
   */
  public static final class BasicAuthentication {
    private final String username;
    private final PasswordAlgorithm algorithm;
    private final String password;
    private final byte[] passwordHash;
    private final String salt;
    private final int iterations;
    private final int keyLength;

    BasicAuthentication(
        String username,
        PasswordAlgorithm algorithm,
        String password,
        byte[] passwordHash,
        String salt,
        int iterations,
        int keyLength) {
      this.username = username;
      this.algorithm = algorithm;
      this.password = password;
      this.passwordHash = passwordHash == null ? null : passwordHash.clone();
      this.salt = salt;
      this.iterations = iterations;
      this.keyLength = keyLength;
    }

    /** The user name, after {@code ${VAR}} substitution; compared exactly. */
    public String getUsername() {
      return username;
    }

    public PasswordAlgorithm getAlgorithm() {
      return algorithm;
    }

    /** The plaintext password after {@code ${VAR}} substitution; null for hashed algorithms. */
    public String getPassword() {
      return password;
    }

    /** A copy of the decoded {@code passwordHash}; null for plaintext. */
    public byte[] getPasswordHash() {
      return passwordHash == null ? null : passwordHash.clone();
    }

    /** The salt; null for plaintext. */
    public String getSalt() {
      return salt;
    }

    /** PBKDF2 iterations (configured or the algorithm's default); 0 for the others. */
    public int getIterations() {
      return iterations;
    }

    /**
     * PBKDF2 {@code keyLength} as written (default 128). Normally bits; a value equal to the hash's
     * byte length is the older byte form. The derived key always has the hash's length.
     */
    public int getKeyLength() {
      return keyLength;
    }

    @Override
    public String toString() {
      // Never print the password, its hash or the salt: this ends up in logs.
      return "BasicAuthentication{username="
          + username
          + ", algorithm="
          + algorithm.getConfigName()
          + "}";
    }
  }

  /**
   * {@code authentication.plugin}: a {@code com.sun.net.httpserver.Authenticator} subclass with a
   * public no-argument constructor, loaded by the agent. With {@code subjectAttributeName}, the
   * request runs as the {@code javax.security.auth.Subject} the plugin stores in that exchange
   * attribute.
   */
  public static final class PluginAuthentication {
    private final String className;
    private final String subjectAttributeName;

    PluginAuthentication(String className, String subjectAttributeName) {
      this.className = className;
      this.subjectAttributeName = subjectAttributeName;
    }

    /** Fully qualified class name ({@code class:}). */
    public String getClassName() {
      return className;
    }

    /** Exchange attribute holding the authenticated Subject, or null. */
    public String getSubjectAttributeName() {
      return subjectAttributeName;
    }

    @Override
    public String toString() {
      return "PluginAuthentication{className=" + className + "}";
    }
  }

  /**
   * {@code ssl}: serve HTTPS with a key store, optionally demanding client certificates checked
   * against a trust store (mutual TLS). Files are not opened here; the agent checks them at start.
   */
  public static final class Ssl {
    private final KeyStore keyStore;
    private final String certificateAlias;
    private final boolean mutualTls;
    private final KeyStore trustStore;
    private final List<String> protocols;
    private final List<String> ciphers;

    Ssl(
        KeyStore keyStore,
        String certificateAlias,
        boolean mutualTls,
        KeyStore trustStore,
        List<String> protocols,
        List<String> ciphers) {
      this.keyStore = keyStore;
      this.certificateAlias = certificateAlias;
      this.mutualTls = mutualTls;
      this.trustStore = trustStore;
      this.protocols = Collections.unmodifiableList(protocols);
      this.ciphers = Collections.unmodifiableList(ciphers);
    }

    /** The server's key and certificate; also the key password. */
    public KeyStore getKeyStore() {
      return keyStore;
    }

    /**
     * {@code certificate.alias}, or null. Optional here: jmx_exporter insists on it but never uses
     * it to pick a key, so requiring it would only break configs that work with the JVM's choice.
     */
    public String getCertificateAlias() {
      return certificateAlias;
    }

    /** True when clients must present a certificate trusted by {@link #getTrustStore}. */
    public boolean isMutualTls() {
      return mutualTls;
    }

    /** The trust store for client certificates; null unless {@link #isMutualTls}. */
    public KeyStore getTrustStore() {
      return trustStore;
    }

    /** Enabled protocols such as {@code TLSv1.3}; empty for the JVM's defaults. */
    public List<String> getProtocols() {
      return protocols;
    }

    /** Enabled cipher suites; empty for the JVM's defaults. */
    public List<String> getCiphers() {
      return ciphers;
    }

    @Override
    public String toString() {
      return String.format(
          "Ssl{keyStore=%s, certificateAlias=%s, mutualTls=%s, trustStore=%s, protocols=%s,"
              + " ciphers=%s}",
          keyStore, certificateAlias, mutualTls, trustStore, protocols, ciphers);
    }
  }

  /**
   * A key or trust store file, with the {@code javax.net.ssl.*} system properties already applied
   * where the YAML leaves a value out.
   */
  public static final class KeyStore {
    private final String filename;
    private final String type;
    private final String password;

    KeyStore(String filename, String type, String password) {
      this.filename = filename;
      this.type = type;
      this.password = password;
    }

    public String getFilename() {
      return filename;
    }

    /** Store type such as {@code PKCS12} or {@code JKS}; never null. */
    public String getType() {
      return type;
    }

    /** The store password after {@code ${VAR}} substitution. */
    public String getPassword() {
      return password;
    }

    @Override
    public String toString() {
      // Never print the password.
      return "KeyStore{filename=" + filename + ", type=" + type + "}";
    }
  }
}
