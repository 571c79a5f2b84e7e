package io.github.jmxprom.runtime.otel;

import io.github.jmxprom.collector.config.OpenTelemetryConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Finds {@link OtlpPush} and the OpenTelemetry SDK it needs: on the class path (the library, the
 * standalone scraper, tests), or, in the java agent's jar, in the nested jar {@value #NESTED},
 * loaded into a class loader of its own the first time a config asks for {@code openTelemetry:}.
 *
 * <p>Why the agent nests them: they are about 3,600 of the jar's 5,100 entries, and the JVM reads
 * the whole table of entries of an agent jar before {@code premain}, in interpreted code (some 7 ms
 * of the host application's start-up) whether or not the push is used.
 *
 * <p>The nested classes are read into memory (no temporary file, so a read-only temporary directory
 * does not matter); a class's bytes are dropped once it is defined.
 */
final class OpenTelemetryClasses {

  /** Where the agent jar holds the nested jar (written by the javaagent module's build). */
  static final String NESTED = "META-INF/jmxprom/opentelemetry.jar";

  /** {@link OtlpPush}'s name, as a string: relocated with the class in the agent jar. */
  private static final String PUSH = "io.github.jmxprom.runtime.otel.OtlpPush";

  private static Class<?> push;

  private OpenTelemetryClasses() {}

  static AutoCloseable start(OpenTelemetryConfig config, PrometheusRegistry registry) {
    Method start;
    try {
      start = pushClass().getMethod("start", OpenTelemetryConfig.class, PrometheusRegistry.class);
    } catch (ReflectiveOperationException | IOException e) {
      throw new IllegalStateException("cannot load the OpenTelemetry exporter: " + e, e);
    }
    try {
      return (AutoCloseable) start.invoke(null, config, registry);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call the OpenTelemetry exporter: " + e, e);
    }
  }

  private static synchronized Class<?> pushClass() throws ClassNotFoundException, IOException {
    if (push == null) {
      ClassLoader own = OpenTelemetryClasses.class.getClassLoader();
      InputStream nested = own.getResourceAsStream(NESTED);
      if (nested == null) {
        push = Class.forName(PUSH, true, own);
      } else {
        try (InputStream in = nested) {
          push = Class.forName(PUSH, true, new NestedJarLoader(in, own));
        }
      }
    }
    return push;
  }

  /** The classes and resources of a jar held in memory, after its parent's. */
  private static final class NestedJarLoader extends ClassLoader {
    private final Map<String, byte[]> entries = new ConcurrentHashMap<>();
    private final URLStreamHandler handler = new EntryHandler();

    NestedJarLoader(InputStream jar, ClassLoader parent) throws IOException {
      super(parent);
      ZipInputStream in = new ZipInputStream(jar);
      byte[] buffer = new byte[8192];
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (entry.isDirectory()) {
          continue;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int n;
        while ((n = in.read(buffer)) != -1) {
          bytes.write(buffer, 0, n);
        }
        entries.put(entry.getName(), bytes.toByteArray());
      }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = entries.remove(name.replace('.', '/') + ".class");
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      int dot = name.lastIndexOf('.');
      if (dot > 0) {
        definePackageOnce(name.substring(0, dot));
      }
      return defineClass(name, bytes, 0, bytes.length);
    }

    // Java 8 defines no package for a class without one, and getPackage() is then null.
    private void definePackageOnce(String name) {
      if (getPackage(name) == null) {
        try {
          definePackage(name, null, null, null, null, null, null, null);
        } catch (IllegalArgumentException e) {
          // defined meanwhile by another thread
        }
      }
    }

    @Override
    protected URL findResource(String name) {
      if (!entries.containsKey(name)) {
        return null;
      }
      try {
        return new URL("jmxprom-nested", "", -1, "/" + name, handler);
      } catch (MalformedURLException e) {
        return null;
      }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
      URL url = findResource(name);
      return url == null
          ? Collections.<URL>emptyEnumeration()
          : Collections.enumeration(Collections.singletonList(url));
    }

    /** Serves {@code jmxprom-nested:/<entry>} URLs from the entries. */
    private final class EntryHandler extends URLStreamHandler {
      @Override
      protected URLConnection openConnection(URL url) throws IOException {
        final byte[] bytes = entries.get(url.getPath().substring(1));
        if (bytes == null) {
          throw new IOException("no entry " + url.getPath() + " in the nested jar");
        }
        return new URLConnection(url) {
          @Override
          public void connect() {}

          @Override
          public InputStream getInputStream() {
            return new ByteArrayInputStream(bytes);
          }
        };
      }
    }
  }
}
