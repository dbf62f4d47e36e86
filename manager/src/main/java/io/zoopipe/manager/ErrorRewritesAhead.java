package io.zoopipe.manager;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.manager.attempt.AttemptResult;
import io.zoopipe.manager.merge.ErrorPartRewriter;
import io.zoopipe.manager.merge.PartMerger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the error parts of a pipe's committed shards with global positions as the shards commit,
 * on a thread of its own, so that the merge at the end finds them done: committed shards form a
 * prefix in shard order that only grows, so a committed shard's base (the records read by the
 * committed shards before it) is final once it commits. The merge takes a copy made here only when
 * it was made from the same part with the same base and columns ({@link #take}), and rewrites any
 * other part itself: a copy made here is an optimisation, never a source of truth. A rewrite that
 * fails here is only logged. Thread-safe.
 */
final class ErrorRewritesAhead {
  private static final Logger logger = LoggerFactory.getLogger(ErrorRewritesAhead.class);
  private static final long DRAIN_SECONDS = 60;

  /** A rewritten copy of an error part. */
  private record Copy(long base, List<String> columns, Location location) {}

  private final StorageFactory storage;
  private final DataDescription errors;
  private final Location directory;
  private final ExecutorService executor;
  private final Map<Location, Copy> copies = new ConcurrentHashMap<>();

  ErrorRewritesAhead(
      String jobId, StorageFactory storage, DataDescription errors, Location directory) {
    this.storage = requireNonNull(storage, "storage is null");
    this.errors = requireNonNull(errors, "errors is null");
    this.directory = requireNonNull(directory, "directory is null");
    this.executor =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "zoopipe-rewrite-" + jobId);
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Rewrites, in the background, the error parts of {@code committed} (the committed attempts so
   * far, in shard order) that have records, a base above 0 and no copy yet.
   */
  void committed(List<AttemptResult> committed) {
    List<AttemptResult> prefix = List.copyOf(committed);
    try {
      executor.execute(() -> rewrite(prefix));
    } catch (RejectedExecutionException e) {
      // The merge has begun or the job ended: the merge rewrites what is left.
    }
  }

  private void rewrite(List<AttemptResult> prefix) {
    List<String> columns;
    try {
      columns = ColumnAgreement.columns(prefix, true);
    } catch (RuntimeException e) {
      return; // the merge refuses parts that disagree, saying why
    }
    ErrorPartRewriter rewriter = null;
    long base = 0;
    for (int i = 0; i < prefix.size(); i++) {
      AttemptResult result = prefix.get(i);
      Location part = result.errorPart();
      long records = result.counts().errorCount();
      if (records > 0 && part != null && base > 0 && !copies.containsKey(part)) {
        try {
          if (rewriter == null) {
            rewriter = new ErrorPartRewriter(storage, errors, columns, directory);
          }
          Location copy =
              rewriter.rewrite(part, String.format("ahead-part-%05d", i), base, records);
          copies.put(part, new Copy(base, columns, copy));
        } catch (java.io.IOException | RuntimeException e) {
          logger.debug("Rewriting {} ahead of the merge failed: {}", part, e.toString());
          return;
        }
      }
      base += result.counts().totalProcessed();
    }
  }

  /**
   * Waits for the rewrites under way and accepts no more: called when the merge begins, so that it
   * and this never write at once.
   */
  void finish() throws InterruptedException {
    executor.shutdown();
    if (!executor.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
      executor.shutdownNow();
    }
  }

  /**
   * The copy of {@code part} rewritten with {@code base} and {@code columns}, handed to the caller
   * (who deletes it after the merge), or null when there is none such.
   */
  @Nullable Location take(Location part, long base, List<String> columns) {
    Copy copy = copies.get(part);
    if (copy == null || copy.base() != base || !copy.columns().equals(columns)) {
      return null;
    }
    copies.remove(part);
    return copy.location();
  }

  /** Stops rewriting and deletes every copy not taken; waits a little for a rewrite under way. */
  void discard() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Copy> left = new ArrayList<>(copies.values());
    copies.clear();
    left.forEach(copy -> PartMerger.deleteQuietly(storage, copy.location()));
  }
}
