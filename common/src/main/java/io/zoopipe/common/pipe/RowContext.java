package io.zoopipe.common.pipe;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link RowProcessor} knows about the row it processes, beyond the typed row itself: where
 * it came from, its raw columns, its metadata and its batch's {@link HookStore}; and the two other
 * outcomes of a row, {@link #drop()} and {@link #fail(String)}. One context per row and call. Not
 * thread-safe: it belongs to the call it was passed to.
 */
public final class RowContext {
  private final Entry entry;
  private final HookStore store;
  private final int attempt;
  private boolean dropped;
  private @Nullable String failure;

  RowContext(Entry entry, HookStore store) {
    this(entry, store, 1);
  }

  RowContext(Entry entry, HookStore store, int attempt) {
    this.entry = entry;
    this.store = store;
    this.attempt = attempt;
  }

  /** Which call of the processor on this row this is: 1 for the first, 2 for the first retry. */
  public int attempt() {
    return attempt;
  }

  /**
   * The row's stable idempotency key ({@link Entry#idempotencyKey()}), for the service a processor
   * calls; null for a row a hook added.
   */
  public @Nullable String idempotencyKey() {
    return entry.idempotencyKey();
  }

  /** 0-based index of the record within what its reader read; -1 for a row a hook added. */
  public long position() {
    return entry.position();
  }

  /** Byte offset in the source where the record starts, or -1 where unknown. */
  public long offset() {
    return entry.offset();
  }

  /**
   * The raw columns as read, read-only. With column pruning it holds only the columns that the
   * schema and the hooks and processors asked for ({@link RowProcessor#requiredColumns()}).
   */
  public Map<String, Object> rawData() {
    return Collections.unmodifiableMap(entry.rawData());
  }

  /** Free-form metadata of the row, shared with the hooks that see it. */
  public Map<String, Object> metadata() {
    return entry.metadata();
  }

  /** The batch's store, whose reads fall through to the run's (see {@link HookStore}). */
  public HookStore store() {
    return store;
  }

  /**
   * Drops the row: it is counted, and written nowhere. Never returns: it ends the call, so that it
   * reads as the processor's result, {@code return context.drop();} (as JUnit's {@code fail()}).
   */
  @SuppressWarnings("TypeParameterUnusedInFormals") // never returns: the type fits any processor
  public <T> T drop() {
    dropped = true;
    throw RowSignal.INSTANCE;
  }

  /**
   * Fails the row with {@code message} (the violation's message, verbatim): it goes to the error
   * output as a {@code hook} violation, and the other rows go on. Never returns: write {@code
   * return context.fail("...");}.
   */
  @SuppressWarnings("TypeParameterUnusedInFormals") // never returns: the type fits any processor
  public <T> T fail(String message) {
    failure = requireNonNull(message, "message is null");
    throw RowSignal.INSTANCE;
  }

  boolean dropped() {
    return dropped;
  }

  @Nullable String failure() {
    return failure;
  }
}
