package io.zoopipe.common.pipe;

import io.zoopipe.common.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a per-row step (a {@link RowProcessor} or an {@link AsyncRowProcessor}) over the rows of a
 * batch that are still on their way, under the run's {@link RowFaults}: each row is called on its
 * own and retried on its own, so a retry never calls a row that already succeeded; a row whose
 * attempts are spent becomes a {@code hook} error record naming the exception and the attempts.
 * Stateless.
 */
final class RowCalls {
  private RowCalls() {}

  /** One synchronous call of the step on one row. */
  interface SyncCall {
    RowOutcome call(Entry entry, RowContext context) throws Exception;
  }

  /** One asynchronous call of the step on one row. */
  interface AsyncCall {
    CompletableFuture<RowOutcome> start(Entry entry, RowContext context) throws Exception;
  }

  static void runSync(
      List<Entry> entries,
      HookStore store,
      RowFaults faults,
      FaultTally tally,
      String subject,
      SyncCall call) {
    List<Entry> pending = pending(entries);
    FaultPolicy policy = faults.policy();
    if (policy.retry().maxAttempts() == 1 && policy.rateLimit() == 0) {
      // Nothing to retry or pace: the plain loop, without a future per row.
      for (Entry entry : pending) {
        RowOutcome outcome;
        try {
          outcome = call.call(entry, new RowContext(entry, store));
        } catch (Exception e) {
          if (policy.retry().isFatal(e)) {
            throw fatal(subject, entry, e);
          }
          outcome = failed(e, 1, policy);
          tally.skipped++;
        }
        outcome.applyTo(entry);
      }
      return;
    }
    RowAttempts<RowOutcome> attempts =
        new RowAttempts<>(faults, tally, false, subject, i -> rowName(pending.get(i)));
    apply(
        pending,
        attempts.run(
            pending.size(),
            (row, attempt) -> {
              Entry entry = pending.get(row);
              return CompletableFuture.completedFuture(
                  call.call(entry, new RowContext(entry, store, attempt)));
            }),
        policy,
        tally);
  }

  static void runAsync(
      List<Entry> entries,
      HookStore store,
      RowFaults faults,
      FaultTally tally,
      String subject,
      AsyncCall call) {
    List<Entry> pending = pending(entries);
    RowAttempts<RowOutcome> attempts =
        new RowAttempts<>(faults, tally, true, subject, i -> rowName(pending.get(i)));
    apply(
        pending,
        attempts.run(
            pending.size(),
            (row, attempt) -> {
              Entry entry = pending.get(row);
              return call.start(entry, new RowContext(entry, store, attempt));
            }),
        faults.policy(),
        tally);
  }

  /** The error outcome of a row whose last attempt failed with {@code failure}. */
  static RowOutcome.Failed failed(Throwable failure, int attempts, FaultPolicy policy) {
    String reason = RowAttempts.describe(failure);
    if (policy.retry().maxAttempts() > 1) {
      reason += attempts == 1 ? " (1 attempt)" : " (" + attempts + " attempts)";
    }
    return new RowOutcome.Failed(new Violation(null, reason, Violation.HOOK), failure);
  }

  static PipelineException fatal(String subject, Entry entry, Throwable failure) {
    if (failure instanceof PipelineException pipeline) {
      return pipeline;
    }
    return new PipelineException(
        ErrorKind.HOOK,
        subject + " failed on " + rowName(entry) + ": " + RowAttempts.describe(failure),
        failure);
  }

  static String rowName(Entry entry) {
    return "the row at position " + entry.position();
  }

  private static List<Entry> pending(List<Entry> entries) {
    List<Entry> pending = new ArrayList<>(entries.size());
    for (Entry entry : entries) {
      EntryStatus status = entry.status();
      if (status == EntryStatus.VALIDATED || status == EntryStatus.PENDING) {
        pending.add(entry);
      }
    }
    return pending;
  }

  private static void apply(
      List<Entry> pending,
      List<RowAttempts.Outcome<RowOutcome>> outcomes,
      FaultPolicy policy,
      FaultTally tally) {
    for (int i = 0; i < pending.size(); i++) {
      RowAttempts.Outcome<RowOutcome> outcome = outcomes.get(i);
      RowOutcome value = outcome.value();
      Throwable failure = outcome.failure();
      if (failure != null) {
        tally.skipped++;
        failed(failure, outcome.attempts(), policy).applyTo(pending.get(i));
      } else if (value != null) {
        value.applyTo(pending.get(i));
      }
    }
  }
}
