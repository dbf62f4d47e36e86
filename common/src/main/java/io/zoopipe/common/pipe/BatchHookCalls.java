package io.zoopipe.common.pipe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Calls a batch {@link Hook} under the run's {@link FaultPolicy}, as Spring Batch's fault-tolerant
 * step does. When the call fails with an exception that is not fatal: a hook that declares itself
 * {@linkplain Hook#batchAtomic() batch-atomic} is called again on the whole batch (the entries put
 * back as they were) while the retry policy allows; otherwise, or when those retries are spent, the
 * batch is scanned: the hook is called on each row alone, each row retried alone, so that only the
 * rows that keep failing become {@code hook} error records (with {@code skip}; without it their
 * exception fails the run). Stateless.
 */
final class BatchHookCalls {
  private BatchHookCalls() {}

  static List<Entry> run(
      Hook hook,
      List<Entry> entries,
      HookStore store,
      RowFaults faults,
      FaultTally tally,
      String subject) {
    FaultPolicy policy = faults.policy();
    if (policy.retry().maxAttempts() == 1 && !policy.skip()) {
      return checked(hook.execute(entries, store));
    }
    List<Entry> batch = List.copyOf(entries);
    List<Entry.State> states = new ArrayList<>(batch.size());
    for (Entry entry : batch) {
      states.add(entry.state());
    }
    RuntimeException first;
    try {
      return checked(hook.execute(entries, store));
    } catch (RuntimeException e) {
      first = e;
    }
    if (policy.retry().isFatal(first)) {
      throw first;
    }
    if (hook.batchAtomic()) {
      RowAttempts.Outcome<List<Entry>> whole =
          new RowAttempts<List<Entry>>(faults, tally, false, subject, i -> "its batch")
              .run(
                  1,
                  (row, attempt) -> {
                    if (attempt == 1) {
                      return CompletableFuture.failedFuture(first);
                    }
                    restore(batch, states);
                    return CompletableFuture.completedFuture(
                        checked(hook.execute(new ArrayList<>(batch), store)));
                  })
              .get(0);
      List<Entry> value = whole.value();
      if (value != null) {
        return value;
      }
    }
    restore(batch, states);
    return scan(hook, batch, states, store, faults, tally, subject);
  }

  /** Calls the hook on each row alone; keeps the rows' order and what each call returned. */
  private static List<Entry> scan(
      Hook hook,
      List<Entry> batch,
      List<Entry.State> states,
      HookStore store,
      RowFaults faults,
      FaultTally tally,
      String subject) {
    List<RowAttempts.Outcome<List<Entry>>> outcomes =
        new RowAttempts<List<Entry>>(
                faults, tally, false, subject, i -> RowCalls.rowName(batch.get(i)))
            .run(
                batch.size(),
                (row, attempt) -> {
                  Entry entry = batch.get(row);
                  entry.restore(states.get(row));
                  List<Entry> single = new ArrayList<>(1);
                  single.add(entry);
                  return CompletableFuture.completedFuture(checked(hook.execute(single, store)));
                });
    List<Entry> result = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      RowAttempts.Outcome<List<Entry>> outcome = outcomes.get(i);
      List<Entry> value = outcome.value();
      Throwable failure = outcome.failure();
      if (value != null) {
        result.addAll(value);
      } else if (failure != null) {
        if (!faults.policy().skip()) {
          throw failure instanceof RuntimeException unchecked
              ? unchecked
              : new PipelineException(ErrorKind.HOOK, RowAttempts.describe(failure), failure);
        }
        Entry entry = batch.get(i);
        entry.restore(states.get(i));
        RowOutcome.Failed failed = RowCalls.failed(failure, outcome.attempts(), faults.policy());
        entry.fail(failed.reason());
        tally.skipped++;
        result.add(entry);
      }
    }
    return result;
  }

  private static void restore(List<Entry> batch, List<Entry.State> states) {
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).restore(states.get(i));
    }
  }

  private static List<Entry> checked(List<Entry> returned) {
    if (returned == null) {
      throw new IllegalStateException("execute returned null; return the entries instead");
    }
    return returned;
  }
}
