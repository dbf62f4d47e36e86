package io.zoopipe.common.job;

import static java.util.Objects.requireNonNull;

/**
 * Names one attempt of one shard of one pipe of a job. A value.
 *
 * @param pipeIndex the pipe's index within the job
 * @param shardIndex the shard's index within the pipe, 0-based in input order
 * @param attempt the attempt number, from 1
 */
public record AttemptKey(String jobId, int pipeIndex, int shardIndex, int attempt) {
  public AttemptKey {
    requireNonNull(jobId, "jobId is null");
    if (jobId.isBlank()) {
      throw new IllegalArgumentException("jobId is blank");
    }
    if (pipeIndex < 0 || shardIndex < 0 || attempt < 1) {
      throw new IllegalArgumentException(
          "invalid attempt pipe=" + pipeIndex + " shard=" + shardIndex + " attempt=" + attempt);
    }
  }

  /** {@code job-1f3a/pipe-0/shard-3/attempt-1}. */
  @Override
  public String toString() {
    return jobId + "/pipe-" + pipeIndex + "/shard-" + shardIndex + "/attempt-" + attempt;
  }
}
