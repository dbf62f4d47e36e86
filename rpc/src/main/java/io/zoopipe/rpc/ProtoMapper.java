package io.zoopipe.rpc;

import io.zoopipe.common.adapter.Formats;
import io.zoopipe.common.adapter.Formats.Format;
import io.zoopipe.common.adapter.csv.CsvOptions;
import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.executor.PipeExecutor;
import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.AttemptKey;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.job.ShardTask;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.shard.ByteRange;
import io.zoopipe.proto.v1.AttemptId;
import io.zoopipe.proto.v1.DataLocation;
import io.zoopipe.proto.v1.ExecutorSpec;
import io.zoopipe.proto.v1.PipeSpec;
import io.zoopipe.proto.v1.RunCounts;
import io.zoopipe.proto.v1.RunShardRequest;
import java.nio.charset.Charset;

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
    return builder.build();
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
        fromProto(spec.getExecutor()));
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
        .build();
  }

  public static DataLocation toProto(DataDescription data) {
    CsvOptions csv = data.csv();
    io.zoopipe.proto.v1.CsvOptions.Builder options =
        io.zoopipe.proto.v1.CsvOptions.newBuilder()
            .setDelimiter(String.valueOf(csv.delimiter()))
            .setQuote(String.valueOf(csv.quote()))
            .setHeader(csv.header())
            .addAllColumns(csv.columns())
            .setCharset(csv.charset().name())
            .setMaxFieldBytes(csv.maxFieldBytes())
            .setMaxRecordBytes(csv.maxRecordBytes());
    return DataLocation.newBuilder()
        .setLocation(data.location().toString())
        .setFormat(toProto(data.format()))
        .setCsv(options)
        .build();
  }

  static DataDescription fromProto(String field, DataLocation data) {
    Location location = location(field + ".location", data.getLocation());
    Format format =
        data.getFormat() == io.zoopipe.proto.v1.Format.FORMAT_UNSPECIFIED
            ? detect(field, location)
            : fromProto(field, data.getFormat());
    return new DataDescription(location, format, csvOptions(field + ".csv", data.getCsv()));
  }

  private static CsvOptions csvOptions(String field, io.zoopipe.proto.v1.CsvOptions proto) {
    CsvOptions options = CsvOptions.defaults();
    try {
      if (!proto.getDelimiter().isEmpty()) {
        options = options.withDelimiter(character(field + ".delimiter", proto.getDelimiter()));
      }
      if (!proto.getQuote().isEmpty()) {
        options = options.withQuote(character(field + ".quote", proto.getQuote()));
      }
      if (proto.hasHeader()) {
        options = options.withHeader(proto.getHeader());
      }
      options = options.withColumns(proto.getColumnsList());
      if (!proto.getCharset().isBlank()) {
        options = options.withCharset(charset(field + ".charset", proto.getCharset()));
      }
      if (proto.getMaxRecordBytes() > 0) {
        options =
            options.withMaxRecordBytes(
                intValue(field + ".max_record_bytes", proto.getMaxRecordBytes()));
      }
      if (proto.getMaxFieldBytes() > 0) {
        options =
            options.withMaxFieldBytes(
                intValue(field + ".max_field_bytes", proto.getMaxFieldBytes()));
      }
      return options;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }

  private static Charset charset(String field, String name) {
    try {
      return Charset.forName(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": unknown character set '" + name + "'", e);
    }
  }

  private static int intValue(String field, long value) {
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(field + " is too large: " + value);
    }
    return (int) value;
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

  public static io.zoopipe.proto.v1.Format toProto(Format format) {
    return switch (format) {
      case CSV -> io.zoopipe.proto.v1.Format.FORMAT_CSV;
      case JSONL -> io.zoopipe.proto.v1.Format.FORMAT_JSONL;
      case JSON -> io.zoopipe.proto.v1.Format.FORMAT_JSON;
    };
  }

  static Format fromProto(String field, io.zoopipe.proto.v1.Format format) {
    return switch (format) {
      case FORMAT_CSV -> Format.CSV;
      case FORMAT_JSONL -> Format.JSONL;
      case FORMAT_JSON -> Format.JSON;
      case FORMAT_UNSPECIFIED, UNRECOGNIZED ->
          throw new IllegalArgumentException(field + ".format is not a known format");
    };
  }

  private static Format detect(String field, Location location) {
    try {
      return Formats.detect(location.fileName());
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

  private static char character(String field, String value) {
    if (value.length() != 1) {
      throw new IllegalArgumentException(field + " must be one character, got '" + value + "'");
    }
    return value.charAt(0);
  }
}
