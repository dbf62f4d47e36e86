package io.zoopipe.manager;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.format.FormatRegistry;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.pipe.AsyncRowProcessorHook;
import io.zoopipe.common.pipe.Hook;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.pipe.RowProcessorHook;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes a {@link Pipe} as data a worker can rebuild it from: adapters as location, format and
 * options (by the installed formats' providers), schema and hooks as class names. Refuses what
 * cannot travel (a lambda or anonymous hook, an adapter of no installed format, a hook without a
 * public no-argument constructor) with a message that says why. Stateless.
 */
public final class PipeDescriptions {
  private static final FormatRegistry FORMATS = FormatRegistry.installed();

  private PipeDescriptions() {}

  /**
   * The description of {@code pipe}.
   *
   * @throws PipelineException INVALID_CONFIGURATION when part of it cannot be sent to a worker
   */
  public static PipeDescription describe(Pipe pipe) {
    OutputAdapter errors = pipe.errorOutput();
    Class<?> schema = pipe.schema();
    return new PipeDescription(
        input(pipe.input()),
        output("output", pipe.output()),
        errors == null ? null : output("error output", errors),
        schema == null ? null : className("schema", schema),
        hooks(pipe.preValidationHooks()),
        hooks(pipe.postValidationHooks()),
        pipe.executor(),
        pipe.errorLimit(),
        pipe.faultPolicy());
  }

  private static DataDescription input(InputAdapter adapter) {
    try {
      return FORMATS
          .describe(adapter)
          .orElseThrow(() -> cannotTravel("input", adapter, "its kind is unknown to PipeManager"));
    } catch (IllegalArgumentException e) {
      throw cannotTravel("input", adapter, String.valueOf(e.getMessage()));
    }
  }

  private static DataDescription output(String role, OutputAdapter adapter) {
    try {
      return FORMATS
          .describe(adapter)
          .orElseThrow(() -> cannotTravel(role, adapter, "its kind is unknown to PipeManager"));
    } catch (IllegalArgumentException e) {
      throw cannotTravel(role, adapter, String.valueOf(e.getMessage()));
    }
  }

  private static PipelineException cannotTravel(String role, Object adapter, String why) {
    return PipelineException.invalidConfiguration(
        "the "
            + role
            + " "
            + adapter
            + " cannot be sent to a worker: "
            + why
            + "; PipeManager runs files and objects of the installed formats: "
            + FORMATS.knownNames());
  }

  private static List<String> hooks(List<Hook> hooks) {
    List<String> names = new ArrayList<>();
    for (Hook hook : hooks) {
      // A row processor travels by its own class name; the worker adapts it again.
      Class<?> type;
      if (hook instanceof RowProcessorHook processor) {
        type = processor.processor().getClass();
      } else if (hook instanceof AsyncRowProcessorHook processor) {
        type = processor.processor().getClass();
      } else {
        type = hook.getClass();
      }
      String name = className("hook", type);
      try {
        if (!Modifier.isPublic(type.getConstructor().getModifiers())) {
          throw new NoSuchMethodException();
        }
      } catch (NoSuchMethodException e) {
        throw PipelineException.invalidConfiguration(
            "hook "
                + name
                + " cannot be sent to a worker: it needs a public no-argument constructor (a"
                + " worker creates its own instance by class name)");
      }
      names.add(name);
    }
    return names;
  }

  private static String className(String role, Class<?> type) {
    if (type.isAnonymousClass()
        || type.isLocalClass()
        || type.isSynthetic()
        || type.getName().contains("$$Lambda")
        || !Modifier.isPublic(type.getModifiers())
        || type.getCanonicalName() == null) {
      throw PipelineException.invalidConfiguration(
          role
              + " "
              + type.getName()
              + " cannot be sent to a worker: a worker loads it by class name, so it must be a"
              + " public top-level or static nested class (not a lambda, anonymous or local"
              + " class)");
    }
    return type.getName();
  }
}
