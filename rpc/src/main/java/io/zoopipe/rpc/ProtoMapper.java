package io.zoopipe.rpc;

import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.executor.PipeExecutor;
import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.format.FormatProvider;
import io.zoopipe.common.format.FormatRegistry;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.AttemptKey;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.job.ShardTask;
import io.zoopipe.common.pipe.ErrorLimit;
import io.zoopipe.common.pipe.FaultPolicy;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.shard.ByteRange;
import io.zoopipe.proto.v1.AttemptId;
import io.zoopipe.proto.v1.DataLocation;
import io.zoopipe.proto.v1.ExecutorSpec;
import io.zoopipe.proto.v1.PipeSpec;
import io.zoopipe.proto.v1.RunCounts;
import io.zoopipe.proto.v1.RunShardRequest;
import java.util.Map;
import java.util.Optional;

/**
 * Converts between the generated {@code zoopipe.v1} messages and the domain records ({@link
 * PipeDescription}, {@link ShardTask}, {@link PipeReport}). Decoding validates: a malformed message
 * raises {@link IllegalArgumentException} with a message naming the field, which the service turns
 * into INVALID_ARGUMENT. Stateless and thread-safe.
 */
public final class ProtoMapper {
  private ProtoMapper() {}

  public static PipeSpec toProto(PipeDescription pipe) {
    PipeSpec.Builder builder =
        PipeSpec.newBuilder()
            .setInput(toProto(pipe.input()))
            .setOutput(toProto(pipe.output()))
            .addAllPreValidationHooks(pipe.preValidationHooks())
            .addAllPostValidationHooks(pipe.postValidationHooks())
            .setExecutor(toProto(pipe.executor()));
    if (pipe.errors() != null) {
      builder.setErrors(toProto(pipe.errors()));
    }
    if (pipe.schemaClass() != null) {
      builder.setSchemaClass(pipe.schemaClass());
    }
    ErrorLimit limit = pipe.errorLimit();
    if (limit.hasMaxErrors()) {
      builder.setMaxErrors(limit.maxErrors());
    }
    if (limit.hasMaxErrorRate()) {
      builder.setMaxErrorRate(limit.maxErrorRate());
    }
    if (!pipe.faultPolicy().equals(FaultPolicy.NONE)) {
      builder.setFaultPolicy(FaultPolicyMapper.toProto(pipe.faultPolicy()));
    }
    return builder.build();
  }

  /** The error limit of {@code spec}: none for the fields left unset. */
  static ErrorLimit errorLimit(PipeSpec spec) {
    ErrorLimit limit = ErrorLimit.NONE;
    if (spec.hasMaxErrors()) {
      if (spec.getMaxErrors() < 0) {
        throw new IllegalArgumentException(
            "pipe.max_errors must be >= 0, got " + spec.getMaxErrors());
      }
      limit = limit.withMaxErrors(spec.getMaxErrors());
    }
    if (spec.hasMaxErrorRate()) {
      double rate = spec.getMaxErrorRate();
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException(
            "pipe.max_error_rate must be between 0 and 1, got " + rate);
      }
      limit = limit.withMaxErrorRate(rate);
    }
    return limit;
  }

  public static PipeDescription fromProto(PipeSpec spec) {
    if (!spec.hasInput() || spec.getInput().getLocation().isBlank()) {
      throw new IllegalArgumentException("pipe.input.location is required");
    }
    if (!spec.hasOutput() || spec.getOutput().getLocation().isBlank()) {
      throw new IllegalArgumentException("pipe.output.location is required");
    }
    DataDescription errors = spec.hasErrors() ? fromProto("pipe.errors", spec.getErrors()) : null;
    return new PipeDescription(
        fromProto("pipe.input", spec.getInput()),
        fromProto("pipe.output", spec.getOutput()),
        errors,
        spec.getSchemaClass().isBlank() ? null : spec.getSchemaClass(),
        spec.getPreValidationHooksList(),
        spec.getPostValidationHooksList(),
        fromProto(spec.getExecutor()),
        errorLimit(spec),
        spec.hasFaultPolicy()
            ? FaultPolicyMapper.fromProto(spec.getFaultPolicy())
            : FaultPolicy.NONE);
  }

  public static RunShardRequest toProto(ShardTask task) {
    RunShardRequest.Builder builder =
        RunShardRequest.newBuilder()
            .setId(toProto(task.id()))
            .setPipe(toProto(task.pipe()))
            .setWholeInput(task.wholeInput())
            .setRange(
                io.zoopipe.proto.v1.ByteRange.newBuilder()
                    .setStart(task.range().start())
                    .setEnd(task.range().end()))
            .setExactStart(task.exactStart())
            .setOutputPart(task.outputPart().toString());
    if (task.errorPart() != null) {
      builder.setErrorPart(task.errorPart().toString());
    }
    return builder.build();
  }

  public static ShardTask fromProto(RunShardRequest request) {
    if (!request.hasId()) {
      throw new IllegalArgumentException("id is required");
    }
    if (!request.hasPipe()) {
      throw new IllegalArgumentException("pipe is required");
    }
    if (request.getOutputPart().isBlank()) {
      throw new IllegalArgumentException("output_part is required");
    }
    ByteRange range =
        request.getWholeInput()
            ? ByteRange.ALL
            : range(request.getRange().getStart(), request.getRange().getEnd());
    PipeDescription pipe = fromProto(request.getPipe());
    Location errorPart =
        request.getErrorPart().isBlank() ? null : location("error_part", request.getErrorPart());
    if ((errorPart == null) != (pipe.errors() == null)) {
      throw new IllegalArgumentException("error_part must be set exactly when pipe.errors is set");
    }
    return new ShardTask(
        fromProto(request.getId()),
        pipe,
        request.getWholeInput(),
        range,
        request.getExactStart(),
        location("output_part", request.getOutputPart()),
        errorPart);
  }

  public static AttemptId toProto(AttemptKey key) {
    return AttemptId.newBuilder()
        .setJobId(key.jobId())
        .setPipeIndex(key.pipeIndex())
        .setShardIndex(key.shardIndex())
        .setAttempt(key.attempt())
        .build();
  }

  public static AttemptKey fromProto(AttemptId id) {
    return new AttemptKey(id.getJobId(), id.getPipeIndex(), id.getShardIndex(), id.getAttempt());
  }

  /** The counts and measurements of a report. */
  public static RunCounts counts(PipeReport report) {
    return RunCounts.newBuilder()
        .setTotalProcessed(report.totalProcessed())
        .setSuccessCount(report.successCount())
        .setErrorCount(report.errorCount())
        .setDroppedCount(report.droppedCount())
        .setBytesRead(report.bytesRead())
        .setExpectedBytes(report.expectedBytes())
        .setDurationMillis(report.duration().toMillis())
        .setRamBytes(report.ramBytes())
        .setPeakRamBytes(report.peakRamBytes())
        .setRetryCount(report.faults().retries())
        .setSkippedCount(report.faults().skipped())
        .setBackoffMillis(report.faults().backoff().toMillis())
        .build();
  }

  /**
   * The wire form of {@code data}: {@code format_name} and {@code options}, and the legacy fields
   * for the formats those can express ({@link LegacyFormatFields}).
   */
  public static DataLocation toProto(DataDescription data) {
    DataLocation.Builder builder =
        DataLocation.newBuilder()
            .setLocation(data.location().text())
            .setFormatName(data.format())
            .putAllOptions(data.options().values());
    LegacyFormatFields.write(data, builder);
    return builder.build();
  }

  /**
   * The description of {@code data}: by {@code format_name} and {@code options} when the name is
   * set, else by the legacy fields, else detected from the location's extension; the options are
   * checked by the format's plugin.
   */
  static DataDescription fromProto(String field, DataLocation data) {
    Location location = location(field + ".location", data.getLocation());
    String format;
    FormatOptions options;
    if (!data.getFormatName().isBlank()) {
      format = data.getFormatName();
      options = options(field + ".options", data.getOptionsMap());
    } else {
      Optional<String> legacy = LegacyFormatFields.formatName(field, data.getFormat());
      format = legacy.isPresent() ? legacy.get() : detect(field, location);
      options = LegacyFormatFields.options(format, data);
    }
    FormatProvider provider;
    try {
      provider = FormatRegistry.installed().forName(format);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ".format_name: " + e.getMessage(), e);
    }
    try {
      provider.validate(options);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
    return new DataDescription(location, provider.name(), options);
  }

  private static FormatOptions options(String field, Map<String, String> options) {
    try {
      return FormatOptions.of(options);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }

  public static ExecutorSpec toProto(PipeExecutor executor) {
    if (executor instanceof MultiThreadExecutor multi) {
      return ExecutorSpec.newBuilder()
          .setThreads(multi.maxWorkers())
          .setBatchSize(multi.batchSize())
          .setUnordered(!multi.ordered())
          .build();
    }
    return ExecutorSpec.newBuilder().setThreads(1).setBatchSize(executor.batchSize()).build();
  }

  public static PipeExecutor fromProto(ExecutorSpec spec) {
    if (spec.getThreads() < 0) {
      throw new IllegalArgumentException(
          "pipe.executor.threads must be >= 0, got " + spec.getThreads());
    }
    if (spec.getBatchSize() < 0) {
      throw new IllegalArgumentException(
          "pipe.executor.batch_size must be >= 0, got " + spec.getBatchSize());
    }
    int threads =
        spec.getThreads() == 0 ? Runtime.getRuntime().availableProcessors() : spec.getThreads();
    int batchSize =
        spec.getBatchSize() == 0 ? PipeExecutor.DEFAULT_BATCH_SIZE : spec.getBatchSize();
    if (threads == 1) {
      return new SingleThreadExecutor(batchSize);
    }
    return new MultiThreadExecutor(threads, batchSize, !spec.getUnordered());
  }

  private static String detect(String field, Location location) {
    try {
      return FormatRegistry.installed().forFileName(location.fileName()).name();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ".format: " + e.getMessage(), e);
    }
  }

  private static Location location(String field, String text) {
    try {
      return Location.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }

  private static ByteRange range(long start, long end) {
    try {
      return new ByteRange(start, end);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("range: " + e.getMessage(), e);
    }
  }
}
