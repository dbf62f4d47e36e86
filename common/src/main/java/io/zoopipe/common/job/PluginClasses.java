package io.zoopipe.common.job;

import io.zoopipe.common.pipe.AsyncRowProcessor;
import io.zoopipe.common.pipe.AsyncRowProcessorHook;
import io.zoopipe.common.pipe.Hook;
import io.zoopipe.common.pipe.PipelineException;
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
 * Loads schema and hook classes by name from this process's class path and from plugin jars. Only
 * these places: a worker never loads code sent to it. Thread-safe; owns its class loader, close it
 * when done.
 */
public final class PluginClasses implements AutoCloseable {
  private final URLClassLoader loader;
  private final List<Path> jars;

  /**
   * @throws IllegalArgumentException if a jar does not exist
   */
  public PluginClasses(List<Path> jars) {
    this.jars = List.copyOf(jars);
    List<URL> urls = new ArrayList<>();
    for (Path jar : this.jars) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException("--plugin " + jar + ": no such file");
      }
      try {
        urls.add(jar.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("--plugin " + jar + ": not a valid path", e);
      }
    }
    this.loader =
        new URLClassLoader(
            "zoopipe-plugins", urls.toArray(new URL[0]), PluginClasses.class.getClassLoader());
  }

  /** The plugin jars, as given. */
  public List<Path> jars() {
    return jars;
  }

  public ClassLoader loader() {
    return loader;
  }

  /**
   * The class named {@code className}.
   *
   * @param role what the class is for, for the message (a role such as "schema", or the option that
   *     named it, such as "--schema")
   * @throws PipelineException INVALID_CONFIGURATION when it cannot be loaded
   */
  public Class<?> load(String role, String className) {
    try {
      return Class.forName(className, true, loader);
    } catch (ClassNotFoundException e) {
      throw PipelineException.invalidConfiguration(
          role + " " + className + ": class not found on the class path or in any --plugin jar");
    } catch (LinkageError e) {
      throw PipelineException.invalidConfiguration(
          role + " " + className + ": cannot be loaded: " + e);
    }
  }

  /**
   * A new instance of the hook class {@code className}; a {@link RowProcessor} or {@link
   * AsyncRowProcessor} class is adapted to a hook ({@link RowProcessorHook}, {@link
   * AsyncRowProcessorHook}).
   *
   * @throws PipelineException INVALID_CONFIGURATION when it is not a usable hook or row processor
   */
  public Hook hook(String role, String className) {
    Class<?> type = load(role, className);
    if (!Hook.class.isAssignableFrom(type)
        && !RowProcessor.class.isAssignableFrom(type)
        && !AsyncRowProcessor.class.isAssignableFrom(type)) {
      throw PipelineException.invalidConfiguration(
          role
              + " "
              + className
              + ": does not implement "
              + Hook.class.getName()
              + ", "
              + RowProcessor.class.getName()
              + " or "
              + AsyncRowProcessor.class.getName());
    }
    if (Modifier.isAbstract(type.getModifiers())) {
      throw PipelineException.invalidConfiguration(role + " " + className + ": is abstract");
    }
    try {
      Object instance = type.getConstructor().newInstance();
      if (instance instanceof Hook hook) {
        return hook;
      }
      return instance instanceof AsyncRowProcessor<?, ?> async
          ? AsyncRowProcessorHook.of(async)
          : RowProcessorHook.of((RowProcessor<?, ?>) instance);
    } catch (NoSuchMethodException e) {
      throw PipelineException.invalidConfiguration(
          role + " " + className + ": needs a public no-argument constructor");
    } catch (InvocationTargetException e) {
      throw PipelineException.invalidConfiguration(
          role + " " + className + ": constructor failed: " + e.getCause());
    } catch (ReflectiveOperationException e) {
      throw PipelineException.invalidConfiguration(
          role + " " + className + ": cannot be instantiated: " + e);
    }
  }

  @Override
  public void close() throws IOException {
    loader.close();
  }
}
