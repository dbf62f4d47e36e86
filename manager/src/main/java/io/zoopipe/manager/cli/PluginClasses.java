package io.zoopipe.manager.cli;

import io.zoopipe.common.pipe.Hook;
import io.zoopipe.common.pipe.RowProcessor;
import io.zoopipe.common.pipe.RowProcessorHook;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads user classes (schemas, hooks) by name from the application class path and from plugin jars,
 * as a user who writes their own would. Owns its class loader; close it when done.
 */
final class PluginClasses implements AutoCloseable {
  private final URLClassLoader loader;

  PluginClasses(List<Path> jars) {
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      if (!Files.isRegularFile(jar)) {
        throw new UsageException("--plugin " + jar + ": no such file");
      }
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new UsageException("--plugin " + jar + ": not a valid path", e);
      }
    }
    this.loader =
        new URLClassLoader(
            "zoopipe-plugins", urls.toArray(new URL[0]), PluginClasses.class.getClassLoader());
  }

  ClassLoader loader() {
    return loader;
  }

  /** The class named by {@code option}'s value; a usage error when it cannot be loaded. */
  Class<?> load(String option, String className) {
    try {
      return Class.forName(className, true, loader);
    } catch (ClassNotFoundException e) {
      throw new UsageException(
          option + " " + className + ": class not found on the class path or in any --plugin jar");
    } catch (LinkageError e) {
      throw new UsageException(option + " " + className + ": cannot be loaded: " + e, e);
    }
  }

  /**
   * A new instance of the hook class named by {@code option}'s value; a {@link RowProcessor} class
   * is adapted to a hook.
   */
  Hook hook(String option, String className) {
    Class<?> type = load(option, className);
    if (!Hook.class.isAssignableFrom(type) && !RowProcessor.class.isAssignableFrom(type)) {
      throw new UsageException(
          option
              + " "
              + className
              + ": does not implement "
              + Hook.class.getName()
              + " or "
              + RowProcessor.class.getName());
    }
    if (Modifier.isAbstract(type.getModifiers())) {
      throw new UsageException(option + " " + className + ": is abstract");
    }
    try {
      Object instance = type.getConstructor().newInstance();
      return instance instanceof Hook hook
          ? hook
          : RowProcessorHook.of((RowProcessor<?, ?>) instance);
    } catch (NoSuchMethodException e) {
      throw new UsageException(
          option + " " + className + ": needs a public no-argument constructor");
    } catch (InvocationTargetException e) {
      throw new UsageException(
          option + " " + className + ": constructor failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new UsageException(option + " " + className + ": cannot be instantiated: " + e, e);
    }
  }

  @Override
  public void close() throws IOException {
    loader.close();
  }
}
