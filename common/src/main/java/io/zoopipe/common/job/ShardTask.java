package io.zoopipe.common.job;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.shard.ByteRange;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of one shard: the pipe (whose input options are already the shard's), the byte range
 * it owns, and the attempt-scoped part locations it writes. A value.
 *
 * @param wholeInput read the whole input and ignore {@code range} (unsplittable inputs)
 * @param exactStart {@code range.start()} is known to be a record boundary
 * @param outputPart where the output records go (records only, no header or brackets)
 * @param errorPart where the error records go; null when the pipe has no error output
 */
public record ShardTask(
    AttemptKey id,
    PipeDescription pipe,
    boolean wholeInput,
    ByteRange range,
    boolean exactStart,
    Location outputPart,
    @Nullable Location errorPart) {

  public ShardTask {
    requireNonNull(id, "id is null");
    requireNonNull(pipe, "pipe is null");
    requireNonNull(range, "range is null");
    requireNonNull(outputPart, "outputPart is null");
    if ((errorPart == null) != (pipe.errors() == null)) {
      throw new IllegalArgumentException(
          "shard " + id + ": an error part is needed exactly when the pipe has an error output");
    }
  }
}
