package io.github.jmxprom.runtime.http;

import io.github.jmxprom.collector.config.ConfigException;
import io.github.jmxprom.collector.config.HttpServerConfig.BasicAuthentication;
import io.github.jmxprom.collector.config.HttpServerConfig.PasswordAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a user name and password against {@code authentication.basic}, as jmx_exporter does:
 *
 * <ul>
 *   <li>plaintext: the password itself;
 *   <li>SHA-1/256/512: {@code hex(digest(salt + ":" + password))} equals {@code passwordHash};
 *   <li>PBKDF2WithHmacSHA1/256/512: {@code PBKDF2(password, salt, iterations, 8 * hash length)}.
 * </ul>
 *
 * All comparisons take the same time whatever the input ({@link MessageDigest#isEqual}). The
 * password is only checked when the user name matches. Successful PBKDF2 checks are remembered (at
 * most {@value #CACHE_SIZE}, keyed by a keyed hash, never the password), so that the deliberately
 * slow derivation runs once, not on every scrape; failed ones are not, so each wrong guess costs a
 * full derivation.
 */
final class PasswordVerifier {

  static final int CACHE_SIZE = 64;

  private final byte[] username;
  private final PasswordAlgorithm algorithm;
  private final byte[] expected;
  private final String salt;
  private final int iterations;
  private final CredentialCache cache;
  private final AtomicInteger derivations = new AtomicInteger();

  private PasswordVerifier(BasicAuthentication config) {
    this.username = utf8(config.getUsername());
    this.algorithm = config.getAlgorithm();
    this.expected =
        algorithm == PasswordAlgorithm.PLAINTEXT
            ? utf8(config.getPassword())
            : config.getPasswordHash();
    this.salt = config.getSalt();
    this.iterations = config.getIterations();
    this.cache = algorithm.isPbkdf2() ? new CredentialCache() : null;
  }

  /**
   * A verifier for {@code config}; {@link ConfigException} when this JVM lacks the algorithm
   * (PBKDF2WithHmacSHA256/512 need Java 8).
   */
  static PasswordVerifier of(BasicAuthentication config) {
    PasswordAlgorithm algorithm = config.getAlgorithm();
    try {
      if (algorithm.isPbkdf2()) {
        SecretKeyFactory.getInstance(algorithm.getConfigName());
      } else if (algorithm != PasswordAlgorithm.PLAINTEXT) {
        MessageDigest.getInstance(algorithm.getConfigName());
      }
    } catch (NoSuchAlgorithmException e) {
      throw new ConfigException(
          "httpServer.authentication.basic.algorithm: this JVM does not support "
              + algorithm.getConfigName()
              + "; choose another algorithm or a newer Java",
          e);
    }
    return new PasswordVerifier(config);
  }

  /** True when {@code username} and {@code password} are the configured credentials. */
  boolean verify(String username, String password) {
    if (!MessageDigest.isEqual(this.username, utf8(username))) {
      return false;
    }
    if (algorithm == PasswordAlgorithm.PLAINTEXT) {
      return MessageDigest.isEqual(expected, utf8(password));
    }
    if (!algorithm.isPbkdf2()) {
      return MessageDigest.isEqual(expected, digest(password));
    }
    byte[] key = cache.key(username, password);
    if (cache.contains(key)) {
      return true;
    }
    boolean valid = MessageDigest.isEqual(expected, pbkdf2(password));
    if (valid) {
      cache.add(key);
    }
    return valid;
  }

  private byte[] digest(String password) {
    try {
      return MessageDigest.getInstance(algorithm.getConfigName())
          .digest(utf8(salt + ":" + password));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // checked in of()
    }
  }

  /** How many PBKDF2 derivations ran: what the cache saves (for tests). */
  int derivations() {
    return derivations.get();
  }

  private byte[] pbkdf2(String password) {
    derivations.incrementAndGet();
    PBEKeySpec spec =
        new PBEKeySpec(password.toCharArray(), utf8(salt), iterations, expected.length * 8);
    try {
      return SecretKeyFactory.getInstance(algorithm.getConfigName())
          .generateSecret(spec)
          .getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e); // checked in of()
    } finally {
      spec.clearPassword();
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Credentials that passed, identified by HMAC-SHA256 under a random per-process key, so that the
   * cache holds nothing a password could be read or cheaply guessed from. Least recently used
   * entries go first.
   */
  private static final class CredentialCache {
    private final SecretKeySpec hmacKey;
    private final Map<String, Boolean> entries =
        new LinkedHashMap<String, Boolean>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CACHE_SIZE;
          }
        };

    CredentialCache() {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      hmacKey = new SecretKeySpec(key, "HmacSHA256");
    }

    byte[] key(String username, String password) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(hmacKey);
        mac.update(utf8(username));
        mac.update((byte) 0);
        return mac.doFinal(utf8(password));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e); // HmacSHA256 is in every JRE
      }
    }

    synchronized boolean contains(byte[] key) {
      return entries.containsKey(hex(key));
    }

    synchronized void add(byte[] key) {
      entries.put(hex(key), Boolean.TRUE);
    }

    private static String hex(byte[] bytes) {
      StringBuilder text = new StringBuilder(bytes.length * 2);
      for (byte b : bytes) {
        text.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return text.toString();
    }
  }
}
