package io.zoopipe.common.job;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.executor.PipeExecutor;
import io.zoopipe.common.pipe.ErrorLimit;
import io.zoopipe.common.pipe.FaultPolicy;
import io.zoopipe.common.pipe.Pipe;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A pipe as data: input, output, optional error output, schema and hooks by class name, the
 * executor each process runs it on, and its error limit. This is what a manager sends to a worker;
 * the worker loads the named classes from its own class path and plugin jars. Immutable.
 *
 * @param errorLimit how many failed rows the pipe tolerates: over a whole job for a manager, the
 *     shard's share of the count for a worker ({@link ErrorLimit#forPart})
 * @param faultPolicy how hooks survive failing rows: over a whole job for a manager (its rate limit
 *     is the job's), a worker's share of the rate limit for a worker ({@link FaultPolicy#forPart})
 */
public record PipeDescription(
    DataDescription input,
    DataDescription output,
    @Nullable DataDescription errors,
    @Nullable String schemaClass,
    List<String> preValidationHooks,
    List<String> postValidationHooks,
    PipeExecutor executor,
    ErrorLimit errorLimit,
    FaultPolicy faultPolicy) {

  public PipeDescription {
    requireNonNull(input, "input is null");
    requireNonNull(errorLimit, "errorLimit is null");
    requireNonNull(faultPolicy, "faultPolicy is null");
    requireNonNull(output, "output is null");
    requireNonNull(executor, "executor is null");
    preValidationHooks = List.copyOf(preValidationHooks);
    postValidationHooks = List.copyOf(postValidationHooks);
    if (schemaClass != null && schemaClass.isBlank()) {
      schemaClass = null;
    }
  }

  /** A description without a fault policy. */
  public PipeDescription(
      DataDescription input,
      DataDescription output,
      @Nullable DataDescription errors,
      @Nullable String schemaClass,
      List<String> preValidationHooks,
      List<String> postValidationHooks,
      PipeExecutor executor,
      ErrorLimit errorLimit) {
    this(
        input,
        output,
        errors,
        schemaClass,
        preValidationHooks,
        postValidationHooks,
        executor,
        errorLimit,
        FaultPolicy.NONE);
  }

  /** A description without an error limit. */
  public PipeDescription(
      DataDescription input,
      DataDescription output,
      @Nullable DataDescription errors,
      @Nullable String schemaClass,
      List<String> preValidationHooks,
      List<String> postValidationHooks,
      PipeExecutor executor) {
    this(
        input,
        output,
        errors,
        schemaClass,
        preValidationHooks,
        postValidationHooks,
        executor,
        ErrorLimit.NONE);
  }

  /** The whole pipe, as a single JVM would run it. */
  public Pipe toPipe(PluginClasses classes) {
    OutputAdapter errorOutput = errors == null ? null : errors.toOutput();
    return toPipe(classes, input.toInput(), output.toOutput(), errorOutput);
  }

  /** The pipe with the given adapters in place of the described ones (a shard's range, parts). */
  public Pipe toPipe(
      PluginClasses classes,
      InputAdapter inputAdapter,
      OutputAdapter outputAdapter,
      @Nullable OutputAdapter errorAdapter) {
    return toPipeBuilder(classes, inputAdapter, outputAdapter, errorAdapter).build();
  }

  /** As {@link #toPipe(PluginClasses, InputAdapter, OutputAdapter, OutputAdapter)}, not built. */
  public Pipe.Builder toPipeBuilder(
      PluginClasses classes,
      InputAdapter inputAdapter,
      OutputAdapter outputAdapter,
      @Nullable OutputAdapter errorAdapter) {
    Pipe.Builder builder =
        Pipe.builder()
            .input(inputAdapter)
            .output(outputAdapter)
            .executor(executor)
            .errorLimit(errorLimit)
            .faultPolicy(faultPolicy);
    if (errorAdapter != null) {
      builder.errorOutput(errorAdapter);
    }
    if (schemaClass != null) {
      builder.schema(classes.load("schema", schemaClass));
    }
    for (String hook : preValidationHooks) {
      builder.preValidationHook(classes.hook("pre-validation hook", hook));
    }
    for (String hook : postValidationHooks) {
      builder.postValidationHook(classes.hook("post-validation hook", hook));
    }
    return builder;
  }

  public PipeDescription withInput(DataDescription newInput) {
    return new PipeDescription(
        newInput,
        output,
        errors,
        schemaClass,
        preValidationHooks,
        postValidationHooks,
        executor,
        errorLimit,
        faultPolicy);
  }

  public PipeDescription withExecutor(PipeExecutor newExecutor) {
    return new PipeDescription(
        input,
        output,
        errors,
        schemaClass,
        preValidationHooks,
        postValidationHooks,
        newExecutor,
        errorLimit,
        faultPolicy);
  }

  public PipeDescription withErrorLimit(ErrorLimit newLimit) {
    return new PipeDescription(
        input,
        output,
        errors,
        schemaClass,
        preValidationHooks,
        postValidationHooks,
        executor,
        newLimit,
        faultPolicy);
  }

  public PipeDescription withFaultPolicy(FaultPolicy newPolicy) {
    return new PipeDescription(
        input,
        output,
        errors,
        schemaClass,
        preValidationHooks,
        postValidationHooks,
        executor,
        errorLimit,
        newPolicy);
  }
}
