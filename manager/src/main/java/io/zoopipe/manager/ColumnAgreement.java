package io.zoopipe.manager;

import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.manager.attempt.AttemptResult;
import java.util.List;

/**
 * The columns a merged output follows. Invariant: every committed part that holds records follows
 * the same CSV columns, or the merge is refused (INVALID_INPUT) naming both lists; parts without
 * records do not count. Stateless.
 */
final class ColumnAgreement {
  private ColumnAgreement() {}

  /**
   * The columns every non-empty part follows (the first part's when none holds records, none when
   * there are no parts).
   *
   * @param results the committed attempts, in shard order
   * @param errors whether the error parts are meant, else the output parts
   * @throws PipelineException INVALID_INPUT when two non-empty parts disagree
   */
  static List<String> columns(List<AttemptResult> results, boolean errors) {
    List<String> agreed = null;
    int agreedShard = -1;
    for (int i = 0; i < results.size(); i++) {
      AttemptResult result = results.get(i);
      long records = errors ? result.counts().errorCount() : result.counts().successCount();
      List<String> columns = columns(result, errors);
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
      agreed = results.isEmpty() ? List.of() : columns(results.get(0), errors);
    }
    return List.copyOf(agreed);
  }

  private static List<String> columns(AttemptResult result, boolean errors) {
    return errors ? result.errorColumns() : result.outputColumns();
  }
}
