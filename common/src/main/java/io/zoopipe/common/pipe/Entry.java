package io.zoopipe.common.pipe;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.validation.Violation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One record on its way through a pipe: its raw data (column to value, in input order), its
 * validated data, its status and errors, and where it came from. Not thread-safe: an entry belongs
 * to the batch being processed, and a batch is processed by one thread at a time.
 *
 * <p>With column pruning the raw data holds only the columns that the schema and hooks asked for;
 * reading any other column from it throws, rather than quietly returning null. {@link
 * #fullRawData()} decodes every column again where the reader can.
 */
public final class Entry {
  private final Map<String, Object> rawData;
  private final long position;
  private final long offset;
  private final @Nullable Supplier<RawRecord> rawRecord;
  private @Nullable Object validatedData;
  private EntryStatus status = EntryStatus.PENDING;
  private @Nullable List<Violation> errors;
  private @Nullable Map<String, Object> metadata;

  /**
   * @param rawData column to value, in input order (kept by reference: the reader hands it over)
   * @param position 0-based index of the record within what this reader read
   * @param offset byte offset in the source where the record starts, or -1 where unknown
   * @param rawRecord recovers the whole undecoded record for error output, or null
   */
  public Entry(
      Map<String, Object> rawData,
      long position,
      long offset,
      @Nullable Supplier<RawRecord> rawRecord) {
    this.rawData = requireNonNull(rawData, "rawData is null");
    this.position = position;
    this.offset = offset;
    this.rawRecord = rawRecord;
  }

  /** An entry built by user code (a hook that adds records, a test, an in-memory source). */
  public static Entry of(Map<String, ?> rawData) {
    return new Entry(new LinkedHashMap<>(rawData), -1, -1, null);
  }

  /** An entry that failed before it could be decoded into columns. */
  public static Entry malformed(
      long position, long offset, Violation reason, Supplier<RawRecord> rawRecord) {
    Entry entry = new Entry(Map.of(), position, offset, rawRecord);
    entry.fail(reason);
    return entry;
  }

  public Map<String, Object> rawData() {
    return rawData;
  }

  /** The raw data with every column, decoding again the columns pruning skipped. */
  public Map<String, Object> fullRawData() {
    return rawRecord == null ? rawData : rawRecord.get().columns();
  }

  /** The record's original text, where the reader can recover it. */
  public @Nullable String rawText() {
    return rawRecord == null ? null : rawRecord.get().text();
  }

  /**
   * The whole record as read, where the reader can recover it (recovered on each call), or null.
   */
  public @Nullable RawRecord rawRecord() {
    return rawRecord == null ? null : rawRecord.get();
  }

  /** The typed object built from the schema, or what a hook put there; null before validation. */
  public @Nullable Object validatedData() {
    return validatedData;
  }

  /**
   * The validated data as {@code type}, for a hook that knows the schema (or what the hook before
   * it produced): {@code User user = entry.validatedData(User.class);}.
   *
   * @throws IllegalStateException when there is none (before validation, or without a schema)
   * @throws ClassCastException naming both types when it is of another type
   */
  public <T> T validatedData(Class<T> type) {
    Object data = validatedData;
    if (data == null) {
      throw new IllegalStateException("entry at position " + position + " has no validated data");
    }
    if (!type.isInstance(data)) {
      throw new ClassCastException(
          "validated data at position "
              + position
              + " is a "
              + data.getClass().getName()
              + ", not a "
              + type.getName());
    }
    return type.cast(data);
  }

  /** Replaces what will be written for this entry (a hook's transformation). */
  public void setValidatedData(@Nullable Object validatedData) {
    this.validatedData = validatedData;
  }

  public EntryStatus status() {
    return status;
  }

  public void setStatus(EntryStatus status) {
    this.status = requireNonNull(status, "status is null");
  }

  /** Marks the entry failed with one more reason. */
  public void fail(Violation reason) {
    if (errors == null) {
      errors = new ArrayList<>(2);
    }
    errors.add(requireNonNull(reason, "reason is null"));
    status = EntryStatus.FAILED;
  }

  /** Marks the entry failed because of a hook's own check. */
  public void fail(String message) {
    fail(new Violation(null, message, Violation.HOOK));
  }

  /** Marks the entry dropped: it is counted, and written nowhere. */
  public void drop() {
    status = EntryStatus.DROPPED;
  }

  public List<Violation> errors() {
    return errors == null ? List.of() : Collections.unmodifiableList(errors);
  }

  public long position() {
    return position;
  }

  public long offset() {
    return offset;
  }

  /** Free-form metadata for hooks; created on first use. */
  public Map<String, Object> metadata() {
    if (metadata == null) {
      metadata = new LinkedHashMap<>();
    }
    return metadata;
  }

  /** What the output receives for this entry: the validated data if any, else the raw data. */
  public Object outputValue() {
    return validatedData != null ? validatedData : rawData;
  }

  @Override
  public String toString() {
    return "Entry[position=" + position + ", offset=" + offset + ", status=" + status + "]";
  }

  /**
   * The whole record as read: every column, and its text.
   *
   * @param bytesBase64 the record's exact input bytes as base64, where they are not valid in the
   *     input's charset (its columns and text then hold replacement characters); else null
   */
  public record RawRecord(
      Map<String, Object> columns, @Nullable String text, @Nullable String bytesBase64) {
    /** A record whose bytes decoded: its columns and text tell all. */
    public RawRecord(Map<String, Object> columns, @Nullable String text) {
      this(columns, text, null);
    }
  }
}
