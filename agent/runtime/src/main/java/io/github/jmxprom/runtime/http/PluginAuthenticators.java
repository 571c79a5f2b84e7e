package io.github.jmxprom.runtime.http;

import com.sun.net.httpserver.Authenticator;
import io.github.jmxprom.collector.config.ConfigException;
import io.github.jmxprom.collector.config.HttpServerConfig.PluginAuthentication;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/**
 * Creates the {@code authentication.plugin} authenticator: the class is looked up with the
 * exporter's own class loader (the application class loader for the java agent), then with the
 * thread's context class loader, and must extend {@link Authenticator} with a public no-argument
 * constructor. Every failure is a {@link ConfigException} naming {@code
 * httpServer.authentication.plugin.class}.
 */
final class PluginAuthenticators {

  private static final String KEY = "httpServer.authentication.plugin.class: ";

  private PluginAuthenticators() {}

  static Authenticator create(PluginAuthentication plugin) {
    String name = plugin.getClassName();
    Class<?> type = load(name);
    if (!Authenticator.class.isAssignableFrom(type)) {
      throw new ConfigException(KEY + name + " does not extend " + Authenticator.class.getName());
    }
    if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
      throw new ConfigException(KEY + name + " must be a public, non-abstract class");
    }
    Constructor<?> constructor;
    try {
      constructor = type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new ConfigException(KEY + name + " has no public constructor without arguments", e);
    }
    try {
      return (Authenticator) constructor.newInstance();
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new ConfigException(KEY + "the constructor of " + name + " failed: " + cause, cause);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new ConfigException(KEY + "cannot create " + name + ": " + e, e);
    }
  }

  private static Class<?> load(String name) {
    ClassLoader own = PluginAuthenticators.class.getClassLoader();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    try {
      return Class.forName(name, true, own);
    } catch (ClassNotFoundException e) {
      if (context != null && context != own) {
        try {
          return Class.forName(name, true, context);
        } catch (ClassNotFoundException ignored) {
          // reported below
        }
      }
      throw new ConfigException(
          KEY
              + "class "
              + name
              + " not found; put its jar on the application's class path (-cp) so that the"
              + " exporter can load it",
          e);
    } catch (LinkageError e) {
      throw new ConfigException(KEY + "cannot load " + name + ": " + e, e);
    }
  }
}
