package io.zoopipe.manager;

import static java.util.Objects.requireNonNull;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.zoopipe.common.adapter.AssembledOutput;
import io.zoopipe.common.adapter.Envelope;
import io.zoopipe.common.adapter.PartedOutput;
import io.zoopipe.common.commit.CommitGate;
import io.zoopipe.common.commit.CommitRecovery;
import io.zoopipe.common.commit.OutputCommit;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.ResumableStorage;
import io.zoopipe.common.io.StagedOutput;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.AttemptKey;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.manager.attempt.AttemptResult;
import io.zoopipe.manager.merge.ErrorPartRewriter;
import io.zoopipe.manager.merge.PartMerger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of one pipe's job: the work directories beside each destination ({@code
 * <destination>.zoopipe-<job>/}, locked while the job runs), the attempt-scoped part locations in
 * them, and the merge of the committed parts into the destinations. Invariants: a destination is
 * written only by {@link #merge}, all at once (a rename of a complete temporary file), together
 * with the other destination ({@link OutputCommit}: both or neither, even if the manager dies), and
 * only when the committed parts agree on their columns ({@link ColumnAgreement}); error records
 * carry global positions; after {@link #cleanUp} no temporary file of the job is left. Thread-safe.
 */
final class OutputCommitter {
  private static final Logger logger = LoggerFactory.getLogger(OutputCommitter.class);

  /** The columns of the merged output and error output. */
  record Columns(List<String> output, List<String> errors) {
    static final Columns NONE = new Columns(List.of(), List.of());
  }

  private final String jobId;
  private final PipeDescription description;
  private final StorageFactory storage;
  private final Location outputDirectory;
  private final @Nullable Location errorDirectory;
  private final @Nullable ErrorRewritesAhead ahead;
  private final Object lock = new Object();

  @GuardedBy("lock")
  private final List<WorkDirectoryLock> directoryLocks = new ArrayList<>();

  OutputCommitter(String jobId, PipeDescription description, StorageFactory storage) {
    this.jobId = requireNonNull(jobId, "jobId is null");
    this.description = requireNonNull(description, "description is null");
    this.storage = requireNonNull(storage, "storage is null");
    this.outputDirectory = workDirectory(description.output().location());
    DataDescription errors = description.errors();
    this.errorDirectory = errors == null ? null : workDirectory(errors.location());
    this.ahead =
        errors == null || errorDirectory == null
            ? null
            : new ErrorRewritesAhead(jobId, storage, errors, errorDirectory);
  }

  private Location workDirectory(Location destination) {
    return destination.withSuffix(".zoopipe-" + jobId);
  }

  /** Removes what dead jobs left beside the destinations and creates the local work directories. */
  void prepare() throws IOException {
    if (description.output().toOutput() instanceof AssembledOutput assembled) {
      assembled.removeAbandoned(jobId, storage);
    }
    removeAbandonedDirectories(description.output().location());
    createDirectory(outputDirectory);
    DataDescription errors = description.errors();
    if (errorDirectory != null && errors != null) {
      removeAbandonedDirectories(errors.location());
      createDirectory(errorDirectory);
    }
  }

  /** Where attempt {@code key} writes its output records. */
  Location outputPart(AttemptKey key) {
    if (description.output().toOutput() instanceof AssembledOutput assembled) {
      Optional<Location> named = assembled.partLocation(key);
      if (named.isPresent()) {
        return named.get();
      }
    }
    return outputDirectory.withSuffix(
        "/" + partName(key) + description.output().location().fileName());
  }

  /** Where attempt {@code key} writes its error records; null without an error output. */
  @Nullable Location errorPart(AttemptKey key) {
    DataDescription errors = description.errors();
    return errorDirectory == null || errors == null
        ? null
        : errorDirectory.withSuffix("/" + partName(key) + errors.location().fileName());
  }

  private static String partName(AttemptKey key) {
    return String.format("shard-%05d-attempt-%d.", key.shardIndex(), key.attempt());
  }

  /**
   * Called with the committed attempts so far, in shard order, each time a shard commits: their
   * error parts are rewritten with global positions in the background, off the merge's path.
   */
  void committed(List<AttemptResult> committed) {
    if (ahead != null && !committed.isEmpty()) {
      ahead.committed(committed);
    }
  }

  /** Deletes the parts of an attempt that is not committed. */
  void discard(AttemptResult result) {
    deleteQuietly(result.outputPart());
    deleteQuietly(result.errorPart());
  }

  /**
   * Merges the committed parts into the destinations; a destination is not written once {@code
   * active} turns false (then, or when the process is interrupted before the commit point, it
   * returns null and nothing is published).
   *
   * @param committed the committed attempts, in shard order
   * @throws io.zoopipe.common.pipe.PipelineException when the parts disagree on CSV columns
   */
  @Nullable Columns merge(List<AttemptResult> committed, BooleanSupplier active)
      throws IOException {
    if (ahead != null) {
      try {
        ahead.finish();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    OutputCommit commit = new OutputCommit(CommitGate.process(), storage);
    List<String> columns;
    List<String> errorColumns = List.of();
    long outputMillis;
    long errorMillis;
    try {
      columns = ColumnAgreement.columns(committed, false);
      DataDescription errors = description.errors();
      if (errors != null && errorDirectory != null) {
        errorColumns = ColumnAgreement.columns(committed, true);
      }
      long start = System.nanoTime();
      commit.add(mergeOutput(description.output(), outputDirectory, columns, committed, false));
      outputMillis = (System.nanoTime() - start) / 1_000_000;
      if (errors != null && errorDirectory != null) {
        commit.add(mergeOutput(errors, errorDirectory, errorColumns, committed, true));
      }
      errorMillis = (System.nanoTime() - start) / 1_000_000 - outputMillis;
    } catch (IOException | RuntimeException e) {
      commit.rollback();
      throw e;
    }
    long commitStart = System.nanoTime();
    if (!commit.commit(active)) {
      return null; // cancelled, or interrupted before the commit point: nothing published
    }
    logger.info(
        "Job {}: output parts concatenated in {} ms, error parts in {} ms, committed (synced and"
            + " renamed) in {} ms",
        jobId,
        outputMillis,
        errorMillis,
        (System.nanoTime() - commitStart) / 1_000_000);
    return new Columns(columns, errorColumns);
  }

  /**
   * Merges one output's committed parts, staged. Error parts are first rewritten with global
   * positions (see {@link #globalErrorParts}), or taken as {@link ErrorRewritesAhead} rewrote them
   * while the job ran; the rewritten copies are deleted once the merge is published or discarded.
   */
  private StagedOutput mergeOutput(
      DataDescription destination,
      Location directory,
      List<String> columns,
      List<AttemptResult> results,
      boolean errors)
      throws IOException {
    Envelope envelope =
        destination.toOutput() instanceof PartedOutput parted
            ? parted.envelope(columns)
            : Envelope.NONE;
    List<Location> rewritten = new ArrayList<>();
    try {
      List<Location> parts =
          errors
              ? globalErrorParts(destination, directory, columns, results, rewritten)
              : outputParts(results);
      StagedOutput staged =
          destination.toOutput() instanceof AssembledOutput assembled
              ? assembled.assemble(parts, destination.location(), directory, storage)
              : new PartMerger(storage, destination.location(), directory).stage(envelope, parts);
      // The rewritten copies are sources of the staged merge: they go once it is published.
      return PartMerger.deletingAfterwards(storage, staged, rewritten);
    } catch (IOException | RuntimeException e) {
      rewritten.forEach(part -> PartMerger.deleteQuietly(storage, part));
      throw e;
    }
  }

  private static List<Location> outputParts(List<AttemptResult> results) {
    List<Location> parts = new ArrayList<>();
    for (AttemptResult result : results) {
      if (result.counts().successCount() > 0 && result.outputPart() != null) {
        parts.add(result.outputPart());
      }
    }
    return parts;
  }

  /**
   * The non-empty error parts with global positions, as one JVM would have written them. A shard's
   * reader counts positions from 0, so the records of committed shard k are rewritten with the
   * input records of the committed shards before it added to their positions ({@code
   * totalProcessed} counts exactly the records a shard read); shard 0's part, and any part with
   * nothing before it, is used as it is.
   *
   * @param rewritten receives the rewritten copies, which the caller deletes
   */
  private List<Location> globalErrorParts(
      DataDescription destination,
      Location directory,
      List<String> columns,
      List<AttemptResult> results,
      List<Location> rewritten)
      throws IOException {
    ErrorPartRewriter rewriter = null;
    List<Location> parts = new ArrayList<>();
    long base = 0;
    for (int i = 0; i < results.size(); i++) {
      AttemptResult result = results.get(i);
      long records = result.counts().errorCount();
      Location part = result.errorPart();
      if (records > 0 && part != null) {
        if (base > 0) {
          Location ready = ahead == null ? null : ahead.take(part, base, columns);
          if (ready != null) {
            part = ready;
          } else {
            if (rewriter == null) {
              rewriter = new ErrorPartRewriter(storage, destination, columns, directory);
            }
            part = rewriter.rewrite(part, String.format("global-part-%05d", i), base, records);
          }
          rewritten.add(part);
        }
        parts.add(part);
      }
      base += result.counts().totalProcessed();
    }
    return parts;
  }

  /**
   * Deletes every temporary file of the job: parts, envelope pieces, their directories (for a
   * remote store, which has no directories, the parts of {@code held}).
   */
  void cleanUp(List<AttemptResult> held) {
    if (ahead != null) {
      ahead.discard();
    }
    List<WorkDirectoryLock> locks;
    synchronized (lock) {
      locks = List.copyOf(directoryLocks);
      directoryLocks.clear();
    }
    locks.forEach(WorkDirectoryLock::close);
    deleteDirectory(outputDirectory, held);
    if (errorDirectory != null) {
      deleteDirectory(errorDirectory, held);
    }
  }

  private void deleteDirectory(Location directory, List<AttemptResult> held) {
    if (!directory.isFile()) {
      held.forEach(this::discard);
      return;
    }
    Path path = directory.toPath();
    if (!Files.exists(path)) {
      return;
    }
    try {
      WorkDirectoryLock.deleteRecursively(path);
    } catch (IOException e) {
      logger.warn("Could not delete the temporary directory {}: {}", path, e.toString());
    }
  }

  private void deleteQuietly(@Nullable Location location) {
    if (location == null) {
      return;
    }
    try {
      storage.forLocation(location).delete(location);
    } catch (IOException | RuntimeException e) {
      logger.warn("Could not delete {}: {}", location, e.toString());
    }
  }

  /** Creates a local work directory, locked for as long as this job runs. */
  private void createDirectory(Location directory) throws IOException {
    if (directory.isFile()) {
      WorkDirectoryLock directoryLock = WorkDirectoryLock.create(directory.toPath());
      synchronized (lock) {
        directoryLocks.add(directoryLock);
      }
    }
  }

  /**
   * Finishes or undoes the commit of a job that died beside a destination (a file or S3), deletes
   * its temporary files and the work directories that jobs which died (a killed manager) left.
   */
  private void removeAbandonedDirectories(Location destination) {
    CommitRecovery.recover(destination, storage);
    if (destination.isFile()) {
      for (Path removed : WorkDirectoryLock.removeAbandoned(destination.toPath())) {
        logger.info("Job {}: removed {}, left by a job that did not finish", jobId, removed);
      }
    } else if (storage.forLocation(destination) instanceof ResumableStorage remote) {
      removeAbandonedParts(destination, remote);
    }
  }

  /**
   * Deletes the objects that killed jobs left under their work prefixes beside a remote destination
   * ({@code <destination>.zoopipe-<job>/}). No lock tells a live job's parts from a dead one's
   * there, so only objects older than the storage's {@link ResumableStorage#abandonAfter()} go.
   */
  private void removeAbandonedParts(Location destination, ResumableStorage remote) {
    String own = workDirectory(destination).path() + "/";
    Instant before = Instant.now().minus(remote.abandonAfter());
    try {
      for (ResumableStorage.Sibling part :
          remote.siblings(destination, destination.fileName() + ".zoopipe-")) {
        if (!part.location().path().startsWith(own) && !part.modified().isAfter(before)) {
          remote.delete(part.location());
          logger.info(
              "Job {}: removed {}, left by a job that did not finish", jobId, part.location());
        }
      }
    } catch (IOException | RuntimeException e) {
      logger.warn(
          "Job {}: cannot remove what dead jobs left beside {}: {}",
          jobId,
          destination,
          e.toString());
    }
  }
}
