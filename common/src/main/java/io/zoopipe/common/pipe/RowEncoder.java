package io.zoopipe.common.pipe;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.zoopipe.common.adapter.EncodedBatch;
import io.zoopipe.common.adapter.OutputSink;
import io.zoopipe.common.adapter.RecordRejectedException;
import io.zoopipe.common.report.ErrorRow;
import io.zoopipe.common.validation.Violation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Encodes the records of one batch for a sink so that one record the sink cannot encode never fails
 * the batch: the batch is encoded in one call, and only when that throws is each record tried on
 * its own; a record that still throws becomes a failed entry naming the field (where the encoder
 * says which) and why, and the others are encoded together. An exception that no single record
 * reproduces is the batch's and is thrown. Thread-safe, like {@link OutputSink#encode}.
 */
final class RowEncoder {
  private RowEncoder() {}

  /** The encoded records, after moving every entry that cannot be encoded to {@code failed}. */
  static EncodedBatch encode(
      OutputSink sink, List<Entry> entries, List<Object> records, List<Entry> failed)
      throws IOException {
    try {
      return sink.encode(records);
    } catch (IOException | RuntimeException batchFailure) {
      List<Object> kept = new ArrayList<>(records.size());
      int rejected = 0;
      for (int i = 0; i < records.size(); i++) {
        Object record = records.get(i);
        try {
          sink.encode(List.of(record));
          kept.add(record);
        } catch (IOException | RuntimeException e) {
          Entry entry = entries.get(i);
          entry.fail(violation(e));
          failed.add(entry);
          rejected++;
        }
      }
      if (rejected == 0) {
        throw batchFailure;
      }
      entries.removeIf(entry -> entry.status() == EntryStatus.FAILED);
      return sink.encode(kept);
    }
  }

  /**
   * The error records as the error sink's batch; an error record that cannot be encoded (a value of
   * its raw data) is written without its columns, its raw data as text, and the reason added.
   */
  static EncodedBatch encodeErrors(OutputSink sink, List<ErrorRow> rows) throws IOException {
    try {
      return sink.encode(rows);
    } catch (IOException | RuntimeException batchFailure) {
      List<ErrorRow> safe = new ArrayList<>(rows.size());
      for (ErrorRow row : rows) {
        try {
          sink.encode(List.of(row));
          safe.add(row);
        } catch (IOException | RuntimeException e) {
          List<Violation> errors = new ArrayList<>(row.errors());
          errors.add(violation(e));
          String text = row.rawText() != null ? row.rawText() : String.valueOf(row.raw());
          safe.add(
              new ErrorRow(row.position(), row.offset(), errors, Map.of(), text, row.rawBase64()));
        }
      }
      return sink.encode(safe);
    }
  }

  /** Why a record could not be encoded, naming the field when the encoder's exception does. */
  static Violation violation(Throwable e) {
    if (e instanceof RecordRejectedException rejected) {
      return rejected.violation();
    }
    String field = fieldOf(e);
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof JsonMappingException mapping) {
      message = mapping.getOriginalMessage();
    }
    return new Violation(
        field, "cannot be written to the output: " + oneLine(message), Violation.OUTPUT);
  }

  private static @Nullable String fieldOf(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonMappingException mapping) {
        String field = null;
        for (JsonMappingException.Reference reference : mapping.getPath()) {
          if (reference.getFieldName() != null) {
            field =
                field == null ? reference.getFieldName() : field + "." + reference.getFieldName();
          }
        }
        if (field != null) {
          return field;
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  private static String oneLine(String message) {
    String line = message.replaceAll("\\s+", " ").strip();
    return line.length() > 500 ? line.substring(0, 500) + "..." : line;
  }
}
