package io.zoopipe.manager;

import io.zoopipe.common.adapter.Formats.Format;
import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.adapter.csv.CsvOptions;
import io.zoopipe.common.adapter.json.JsonFormat;
import io.zoopipe.common.adapter.json.JsonInputAdapter;
import io.zoopipe.common.adapter.json.JsonOutputAdapter;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.pipe.Hook;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.pipe.RowProcessorHook;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Describes a {@link Pipe} as data a worker can rebuild it from: adapters as location, format and
 * options, schema and hooks as class names. Refuses what cannot travel (a lambda or anonymous hook,
 * an adapter that is not one of the file formats, a hook without a public no-argument constructor)
 * with a message that says why. Stateless.
 */
public final class PipeDescriptions {
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
        pipe.executor());
  }

  private static DataDescription input(InputAdapter adapter) {
    if (adapter instanceof JsonInputAdapter json) {
      if (!json.range().isAll()) {
        throw cannotTravel("input", adapter, "it is already restricted to a byte range");
      }
      Format format = json.format() == JsonFormat.JSONL ? Format.JSONL : Format.JSON;
      return new DataDescription(
          location("input", adapter, json.location().orElse(null)), format, CsvOptions.defaults());
    }
    return CsvDescriptions.input(adapter);
  }

  private static DataDescription output(String role, OutputAdapter adapter) {
    if (adapter instanceof JsonOutputAdapter json) {
      Format format = json.format() == JsonFormat.JSONL ? Format.JSONL : Format.JSON;
      return new DataDescription(
          location(role, adapter, json.location().orElse(null)), format, CsvOptions.defaults());
    }
    return CsvDescriptions.output(role, adapter);
  }

  static Location location(String role, Object adapter, @Nullable Location location) {
    if (location == null) {
      throw cannotTravel(role, adapter, "it has no storage location");
    }
    return location;
  }

  static PipelineException cannotTravel(String role, Object adapter, String why) {
    return PipelineException.invalidConfiguration(
        "the "
            + role
            + " "
            + adapter
            + " cannot be sent to a worker: "
            + why
            + "; PipeManager runs CSV and JSON files and objects");
  }

  private static List<String> hooks(List<Hook> hooks) {
    List<String> names = new ArrayList<>();
    for (Hook hook : hooks) {
      // A row processor travels by its own class name; the worker adapts it again.
      Class<?> type =
          hook instanceof RowProcessorHook processor
              ? processor.processor().getClass()
              : hook.getClass();
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
