package io.zoopipe.manager;

import io.grpc.Status;
import io.zoopipe.common.adapter.Envelope;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.AttemptKey;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.job.ShardTask;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.shard.ByteRange;
import io.zoopipe.manager.merge.ErrorPartRewriter;
import io.zoopipe.manager.merge.PartMerger;
import io.zoopipe.manager.plan.InputProbe;
import io.zoopipe.manager.plan.ShardPlanner;
import io.zoopipe.proto.v1.RunCounts;
import io.zoopipe.proto.v1.ShardResult;
import io.zoopipe.rpc.StatusMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipe of a manager's job: its shards, their attempts, the boundary chain, the merge and the
 * report. The chain rule: shard k+1's committed attempt must start where shard k's committed
 * attempt ended; a speculative start that disagrees is discarded and the shard re-run from the
 * exact offset, and a shard whose range the previous shard's last record covered owns no records.
 * Every record is therefore in exactly one committed part. Thread-safe: guarded by one lock.
 */
final class PipeJob {
  private static final Logger logger = LoggerFactory.getLogger(PipeJob.class);

  /** Where a shard stands. */
  enum State {
    QUEUED,
    RUNNING,
    FINISHED,
    COMMITTED,
    EMPTY,
    FAILED
  }

  private final int pipeIndex;
  private final String jobId;
  private final PipeDescription description;
  private final StorageFactory storage;
  private final InputProbe probe;
  private final int maxAttempts;
  private final ManagerMeters meters;
  private final Location outputDirectory;
  private final @Nullable Location errorDirectory;
  private final List<Shard> shards;
  private final Object lock = new Object();

  // All below @GuardedBy("lock").
  private int verified;
  private long chainEnd;
  private PipeStatus status = PipeStatus.PENDING;
  private @Nullable Throwable failure;
  private @Nullable Instant startTime;
  private @Nullable Instant endTime;
  private long startNanos;
  private long endNanos;
  private List<String> outputColumns = List.of();
  private List<String> errorColumns = List.of();
  private final List<WorkDirectoryLock> directoryLocks = new ArrayList<>();

  /**
   * Probes the input and plans the shards; nothing is written yet.
   *
   * @param shardCount the most shards wanted
   * @throws PipelineException when the input is missing or unreadable
   */
  PipeJob(
      int pipeIndex,
      String jobId,
      PipeDescription description,
      int shardCount,
      long minShardBytes,
      int maxAttempts,
      ManagerMeters meters,
      StorageFactory storage) {
    this.storage = storage;
    this.pipeIndex = pipeIndex;
    this.meters = meters;
    this.jobId = jobId;
    this.description = description;
    this.maxAttempts = maxAttempts;
    this.probe = InputProbe.of(storage, description.input());
    this.outputDirectory = workDirectory(description.output().location());
    this.errorDirectory =
        description.errors() == null ? null : workDirectory(description.errors().location());
    List<ByteRange> ranges =
        probe.splittable() && probe.size() > 0
            ? new ShardPlanner(minShardBytes).plan(probe.size(), shardCount)
            : List.of(ByteRange.ALL);
    boolean whole = !probe.splittable() || probe.size() == 0;
    List<Shard> planned = new ArrayList<>();
    for (int i = 0; i < ranges.size(); i++) {
      planned.add(new Shard(i, ranges.get(i), whole));
    }
    this.shards = List.copyOf(planned);
  }

  private Location workDirectory(Location destination) {
    return destination.withSuffix(".zoopipe-" + jobId);
  }

  int pipeIndex() {
    return pipeIndex;
  }

  PipeDescription description() {
    return description;
  }

  int shardCount() {
    return shards.size();
  }

  long inputSize() {
    return probe.size();
  }

  /** Marks the job running and creates the local part directories. */
  void begin() throws IOException {
    removeAbandonedDirectories(description.output().location());
    createDirectory(outputDirectory);
    if (errorDirectory != null && description.errors() != null) {
      removeAbandonedDirectories(description.errors().location());
      createDirectory(errorDirectory);
    }
    synchronized (lock) {
      status = PipeStatus.RUNNING;
      startTime = Instant.now();
      startNanos = System.nanoTime();
    }
    logger.info(
        "Job {} pipe {}: {} shard(s) of {} ({} bytes)",
        jobId,
        pipeIndex,
        shards.size(),
        description.input().location(),
        probe.size());
  }

  boolean isActive() {
    synchronized (lock) {
      return status == PipeStatus.RUNNING || status == PipeStatus.PENDING;
    }
  }

  /**
   * The next attempt of {@code index}, or null when the shard no longer needs one (the job ended).
   */
  @Nullable ShardTask nextAttempt(int index, String worker) {
    synchronized (lock) {
      Shard shard = shards.get(index);
      if (!isActive() || shard.state != State.QUEUED) {
        return null;
      }
      shard.attempts++;
      shard.state = State.RUNNING;
      shard.worker = worker;
      shard.running = null;
      AttemptKey key = new AttemptKey(jobId, pipeIndex, index, shard.attempts);
      shard.current = key;
      String name = String.format("shard-%05d-attempt-%d.", index, shard.attempts);
      Location outputPart =
          outputDirectory.withSuffix("/" + name + description.output().location().fileName());
      Location errorPart =
          errorDirectory == null || description.errors() == null
              ? null
              : errorDirectory.withSuffix("/" + name + description.errors().location().fileName());
      DataDescription input =
          description.input().withCsv(probe.shardCsv(description.input().csv(), index));
      return new ShardTask(
          key,
          description.withInput(input),
          shard.whole,
          shard.range,
          shard.exact,
          outputPart,
          errorPart);
    }
  }

  void progress(AttemptKey key, RunCounts counts) {
    synchronized (lock) {
      Shard shard = shards.get(key.shardIndex());
      if (key.equals(shard.current) && shard.state == State.RUNNING) {
        shard.running = counts;
      }
    }
  }

  /**
   * Records a completed attempt and advances the boundary chain.
   *
   * @return shards to run again (a boundary mismatch), to be queued first
   */
  List<Integer> completed(AttemptKey key, ShardResult result) {
    synchronized (lock) {
      Shard shard = shards.get(key.shardIndex());
      if (!isActive() || !key.equals(shard.current) || shard.state != State.RUNNING) {
        meters.attempt(ManagerMeters.Attempt.DISCARDED);
        deleteParts(result);
        return List.of();
      }
      shard.state = State.FINISHED;
      shard.candidate = result;
      shard.running = result.getCounts();
      shard.worker = result.getWorker().isBlank() ? shard.worker : result.getWorker();
      List<Integer> rerun = advanceChain();
      lock.notifyAll();
      return rerun;
    }
  }

  /**
   * Records a failed attempt.
   *
   * @return shards to run again (this one, when it may be retried)
   */
  List<Integer> failed(AttemptKey key, Status status, String worker) {
    synchronized (lock) {
      Shard shard = shards.get(key.shardIndex());
      if (!isActive() || !key.equals(shard.current) || shard.state != State.RUNNING) {
        meters.attempt(ManagerMeters.Attempt.DISCARDED);
        return List.of();
      }
      shard.failures++;
      shard.running = null;
      String reason =
          status.getDescription() == null ? status.getCode().toString() : status.getDescription();
      if (StatusMapper.isRetryable(status.getCode()) && shard.failures < maxAttempts) {
        logger.warn(
            "Job {} shard {}: attempt {} on {} failed ({}); retrying",
            jobId,
            key.shardIndex(),
            key.attempt(),
            worker,
            reason);
        shard.state = State.QUEUED;
        meters.attempt(ManagerMeters.Attempt.RETRIED);
        return List.of(key.shardIndex());
      }
      shard.state = State.FAILED;
      meters.attempt(ManagerMeters.Attempt.FAILED);
      PipelineException cause = StatusMapper.toException(status);
      String attempts =
          StatusMapper.isRetryable(status.getCode())
              ? " (" + shard.failures + " failed attempts)"
              : "";
      fail(
          new PipelineException(
              cause.kind(),
              "shard "
                  + key.shardIndex()
                  + " of "
                  + description.input().location()
                  + ": "
                  + reason
                  + attempts,
              cause));
      return List.of();
    }
  }

  /** Fails the job (no worker left, a merge failed...); running attempts are then cancelled. */
  void fail(Throwable cause) {
    synchronized (lock) {
      if (!isActive()) {
        return;
      }
      failure = cause;
      finish(PipeStatus.FAILED);
    }
  }

  /** Aborts the job: the destination stays untouched. */
  void cancel() {
    synchronized (lock) {
      if (isActive()) {
        finish(PipeStatus.ABORTED);
      }
    }
  }

  /** Waits until every shard committed or the job ended; returns whether all committed. */
  boolean awaitShards(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (isActive() && verified < shards.size()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return isActive() && verified == shards.size();
    }
  }

  /**
   * Merges the committed parts into the destinations and completes the job.
   *
   * @throws PipelineException when shards disagree on CSV columns or the merge fails
   */
  void merge() {
    List<ShardResult> results = new ArrayList<>();
    synchronized (lock) {
      if (!isActive()) {
        return;
      }
      for (Shard shard : shards) {
        if (shard.state == State.COMMITTED && shard.committed != null) {
          results.add(shard.committed);
        }
      }
    }
    long mergeStart = System.nanoTime();
    try {
      List<String> columns = columns(results, false);
      mergeOutput(description.output(), outputDirectory, columns, results, false);
      List<String> errorColumnsMerged = List.of();
      if (description.errors() != null && errorDirectory != null) {
        errorColumnsMerged = columns(results, true);
        mergeOutput(description.errors(), errorDirectory, errorColumnsMerged, results, true);
      }
      synchronized (lock) {
        outputColumns = columns;
        errorColumns = errorColumnsMerged;
        if (isActive()) {
          finish(PipeStatus.COMPLETED);
        }
      }
      meters.merged(Duration.ofNanos(System.nanoTime() - mergeStart));
      logger.info(
          "Job {} pipe {}: merged {} shard(s) in {} ms",
          jobId,
          pipeIndex,
          results.size(),
          (System.nanoTime() - mergeStart) / 1_000_000);
    } catch (IOException e) {
      fail(
          new PipelineException(
              ErrorKind.STORAGE, "merging the output parts failed: " + e.getMessage(), e));
    } catch (PipelineException e) {
      fail(e);
    }
  }

  /**
   * Merges one output's committed parts. Error parts are first rewritten with global positions (see
   * {@link #globalErrorParts}); the rewritten copies are deleted after the merge.
   */
  private void mergeOutput(
      DataDescription destination,
      Location directory,
      List<String> columns,
      List<ShardResult> results,
      boolean errors)
      throws IOException {
    OutputAdapter adapter = destination.toOutput();
    Envelope envelope = adapter.envelope(columns);
    List<Location> rewritten = new ArrayList<>();
    try {
      List<Location> parts =
          errors
              ? globalErrorParts(destination, directory, columns, results, rewritten)
              : outputParts(results);
      synchronized (lock) {
        if (!isActive()) {
          return;
        }
      }
      new PartMerger(storage, destination.location(), directory).merge(envelope, parts);
    } finally {
      rewritten.forEach(part -> PartMerger.deleteQuietly(storage, part));
    }
  }

  private static List<Location> outputParts(List<ShardResult> results) {
    List<Location> parts = new ArrayList<>();
    for (ShardResult result : results) {
      if (result.getCounts().getSuccessCount() > 0 && !result.getOutputPart().isBlank()) {
        parts.add(Location.parse(result.getOutputPart()));
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
      List<ShardResult> results,
      List<Location> rewritten)
      throws IOException {
    ErrorPartRewriter rewriter = null;
    List<Location> parts = new ArrayList<>();
    long base = 0;
    for (int i = 0; i < results.size(); i++) {
      ShardResult result = results.get(i);
      RunCounts counts = result.getCounts();
      long records = counts.getErrorCount();
      if (records > 0 && !result.getErrorPart().isBlank()) {
        Location part = Location.parse(result.getErrorPart());
        if (base > 0) {
          if (rewriter == null) {
            rewriter =
                new ErrorPartRewriter(
                    storage,
                    destination.location(),
                    destination.format(),
                    destination.csv(),
                    columns,
                    directory);
          }
          part = rewriter.rewrite(part, String.format("global-part-%05d", i), base, records);
          rewritten.add(part);
        }
        parts.add(part);
      }
      base += counts.getTotalProcessed();
    }
    return parts;
  }

  /** The columns every non-empty part follows; they must agree. */
  private List<String> columns(List<ShardResult> results, boolean errors) {
    List<String> agreed = null;
    int agreedShard = -1;
    for (int i = 0; i < results.size(); i++) {
      ShardResult result = results.get(i);
      long records =
          errors ? result.getCounts().getErrorCount() : result.getCounts().getSuccessCount();
      List<String> columns =
          errors ? result.getErrorOutputColumnsList() : result.getOutputColumnsList();
      if (records == 0) {
        continue;
      }
      if (agreed == null) {
        agreed = columns;
        agreedShard = i;
      } else if (!agreed.equals(columns)) {
        throw PipelineException.invalidInput(
            "the "
                + (errors ? "error output" : "output")
                + " parts have different CSV columns: "
                + agreed
                + " (committed part "
                + agreedShard
                + ") and "
                + columns
                + " (committed part "
                + i
                + "); give a --schema so every shard writes the same columns, or use one worker");
      }
    }
    if (agreed == null) {
      agreed =
          results.isEmpty()
              ? List.of()
              : errors
                  ? results.get(0).getErrorOutputColumnsList()
                  : results.get(0).getOutputColumnsList();
    }
    return List.copyOf(agreed);
  }

  /** Deletes every temporary file of the job: parts, envelope pieces, their directories. */
  void cleanUp() {
    List<WorkDirectoryLock> held;
    synchronized (lock) {
      held = List.copyOf(directoryLocks);
      directoryLocks.clear();
    }
    held.forEach(WorkDirectoryLock::close);
    deleteDirectory(outputDirectory);
    if (errorDirectory != null) {
      deleteDirectory(errorDirectory);
    }
  }

  /** Commits, in order, every finished shard whose start agrees with the chain. */
  private List<Integer> advanceChain() {
    List<Integer> rerun = new ArrayList<>();
    while (verified < shards.size()) {
      Shard shard = shards.get(verified);
      if (shard.state != State.FINISHED || shard.candidate == null) {
        break;
      }
      ShardResult result = shard.candidate;
      if (verified == 0 || shard.whole || result.getStartOffset() == chainEnd) {
        shard.committed = result;
        shard.state = State.COMMITTED;
        meters.committed(result.getCounts());
        chainEnd = result.getEndOffset();
        verified++;
      } else if (chainEnd >= shard.planned.end()) {
        logger.info(
            "Job {} shard {} owns no records: shard {} ended at {}",
            jobId,
            shard.index,
            shard.index - 1,
            chainEnd);
        deleteParts(result);
        shard.candidate = null;
        shard.state = State.EMPTY;
        meters.attempt(ManagerMeters.Attempt.EMPTY);
        verified++;
      } else if (shard.exact) {
        meters.attempt(ManagerMeters.Attempt.FAILED);
        fail(
            new PipelineException(
                ErrorKind.INTERNAL,
                "shard "
                    + shard.index
                    + " started at "
                    + result.getStartOffset()
                    + " although it was told to start exactly at "
                    + chainEnd));
        break;
      } else {
        logger.info(
            "Job {} shard {}: started at {} but shard {} ended at {}; re-running from there",
            jobId,
            shard.index,
            result.getStartOffset(),
            shard.index - 1,
            chainEnd);
        deleteParts(result);
        shard.candidate = null;
        shard.range = new ByteRange(chainEnd, shard.planned.end());
        shard.exact = true;
        shard.state = State.QUEUED;
        meters.attempt(ManagerMeters.Attempt.RERUN);
        rerun.add(shard.index);
        break;
      }
    }
    if (verified == shards.size()) {
      lock.notifyAll();
    }
    return rerun;
  }

  private void finish(PipeStatus terminal) {
    status = terminal;
    endTime = Instant.now();
    endNanos = System.nanoTime();
    lock.notifyAll();
  }

  /** A snapshot: committed shards' counts plus the running attempts' latest progress. */
  PipeReport report(long ramBytes, long peakRamBytes, int workers) {
    synchronized (lock) {
      long total = 0;
      long success = 0;
      long errors = 0;
      long dropped = 0;
      long bytes = 0;
      for (Shard shard : shards) {
        RunCounts counts =
            shard.state == State.COMMITTED && shard.committed != null
                ? shard.committed.getCounts()
                : shard.state == State.RUNNING || shard.state == State.FINISHED
                    ? shard.running
                    : null;
        if (counts != null && (status == PipeStatus.RUNNING || shard.state == State.COMMITTED)) {
          total += counts.getTotalProcessed();
          success += counts.getSuccessCount();
          errors += counts.getErrorCount();
          dropped += counts.getDroppedCount();
          bytes += counts.getBytesRead();
        }
      }
      long now = System.nanoTime();
      Duration duration =
          startNanos == 0
              ? Duration.ZERO
              : Duration.ofNanos((endNanos != 0 ? endNanos : now) - startNanos);
      return new PipeReport(
          status,
          total,
          success,
          errors,
          dropped,
          Math.min(bytes, probe.size()),
          probe.size(),
          startTime,
          endTime,
          duration,
          ramBytes,
          peakRamBytes,
          description.executor().batchSize(),
          description.executor().concurrency() * workers,
          0,
          status == PipeStatus.COMPLETED ? probe.size() : -1,
          outputColumns,
          errorColumns,
          failure);
    }
  }

  List<ShardReport> shardReports() {
    synchronized (lock) {
      List<ShardReport> reports = new ArrayList<>();
      for (Shard shard : shards) {
        ShardResult result = shard.committed;
        RunCounts counts = result != null ? result.getCounts() : shard.running;
        reports.add(
            new ShardReport(
                pipeIndex,
                shard.index,
                shard.planned,
                shard.state.name(),
                shard.attempts,
                shard.worker,
                counts == null ? 0 : counts.getTotalProcessed(),
                counts == null ? 0 : counts.getSuccessCount(),
                counts == null ? 0 : counts.getErrorCount(),
                counts == null ? 0 : counts.getDroppedCount(),
                counts == null ? 0 : counts.getBytesRead(),
                result == null ? -1 : result.getStartOffset(),
                result == null ? -1 : result.getEndOffset(),
                Duration.ofMillis(counts == null ? 0 : counts.getDurationMillis()),
                counts == null ? 0 : counts.getPeakRamBytes()));
      }
      return List.copyOf(reports);
    }
  }

  /** Shards done (committed or empty) so far. */
  int shardsDone() {
    synchronized (lock) {
      return verified;
    }
  }

  private void deleteParts(ShardResult result) {
    deleteQuietly(result.getOutputPart());
    deleteQuietly(result.getErrorPart());
  }

  private void deleteQuietly(String location) {
    if (location.isBlank()) {
      return;
    }
    try {
      Location parsed = Location.parse(location);
      storage.forLocation(parsed).delete(parsed);
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

  /** Deletes the work directories that jobs which died (a killed manager) left beside a file. */
  private void removeAbandonedDirectories(Location destination) {
    if (destination.isFile()) {
      for (Path removed : WorkDirectoryLock.removeAbandoned(destination.toPath())) {
        logger.info("Job {}: removed {}, left by a job that did not finish", jobId, removed);
      }
    }
  }

  private void deleteDirectory(Location directory) {
    if (!directory.isFile()) {
      synchronized (lock) {
        for (Shard shard : shards) {
          if (shard.candidate != null) {
            deleteParts(shard.candidate);
          }
          if (shard.committed != null) {
            deleteParts(shard.committed);
          }
        }
      }
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

  /** One shard's planning and progress. Guarded by the job's lock. */
  private static final class Shard {
    final int index;
    final ByteRange planned;
    final boolean whole;
    ByteRange range;
    boolean exact;
    State state = State.QUEUED;
    int attempts;
    int failures;
    String worker = "";
    @Nullable AttemptKey current;
    @Nullable RunCounts running;
    @Nullable ShardResult candidate;
    @Nullable ShardResult committed;

    Shard(int index, ByteRange planned, boolean whole) {
      this.index = index;
      this.planned = planned;
      this.range = planned;
      this.whole = whole;
      this.exact = index == 0;
    }
  }
}
