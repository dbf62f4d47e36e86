package io.zoopipe.cli;

import io.grpc.StatusRuntimeException;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.proto.v1.GetJobReportRequest;
import io.zoopipe.proto.v1.JobProgress;
import io.zoopipe.proto.v1.JobReport;
import io.zoopipe.proto.v1.JobServiceGrpc;
import io.zoopipe.proto.v1.JobStatus;
import io.zoopipe.proto.v1.RunCounts;
import io.zoopipe.proto.v1.WatchJobRequest;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * Follows a job of a job service to its end for {@code watch} and {@code submit --watch}: a
 * progress line on standard error when the number of finished shards changes or every few seconds,
 * then the final report's summary on standard output. Leaving (Ctrl-C) leaves the job running. Not
 * thread-safe; one per command.
 */
final class JobFollower {
  private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(5);

  private JobFollower() {}

  /**
   * Blocks until the job ends and returns the exit status: 0 when it completed, {@link
   * ZooPipeCli#EXIT_TOO_MANY_ERRORS} when the error limit stopped it, {@link
   * ZooPipeCli#EXIT_FAILED} when it failed otherwise or was cancelled.
   *
   * @throws StatusRuntimeException when a call fails (NOT_FOUND for an unknown job)
   */
  static int follow(
      JobServerOptions.Connection connection, String jobId, PrintWriter out, PrintWriter err) {
    Iterator<JobProgress> progress =
        JobServiceGrpc.newBlockingStub(connection.channel())
            .watchJob(WatchJobRequest.newBuilder().setJobId(jobId).build());
    int shardsShown = -1;
    long shownAt = System.nanoTime();
    while (progress.hasNext()) {
      JobProgress update = progress.next();
      if (update.getDone()) {
        break;
      }
      long now = System.nanoTime();
      if (update.getShardsDone() != shardsShown || now - shownAt > QUIET_NANOS) {
        err.println(progressLine(update));
        err.flush();
        shardsShown = update.getShardsDone();
        shownAt = now;
      }
    }
    JobReport report =
        JobServiceGrpc.newBlockingStub(connection.channel())
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .getJobReport(GetJobReportRequest.newBuilder().setJobId(jobId).build());
    out.println(summaryLine(report));
    out.flush();
    if (!report.getMessage().isEmpty()) {
      err.println(
          "zoopipe: job " + jobId + " " + status(report.getStatus()) + ": " + report.getMessage());
    }
    if (report.getStatus() == JobStatus.JOB_STATUS_COMPLETED) {
      return 0;
    }
    return report.getErrorKind().equals(ErrorKind.TOO_MANY_ROW_ERRORS.name())
        ? ZooPipeCli.EXIT_TOO_MANY_ERRORS
        : ZooPipeCli.EXIT_FAILED;
  }

  static String progressLine(JobProgress update) {
    RunCounts counts = update.getCounts();
    return String.format(
        "job %s %s: %d/%d shards, %,d processed, %,d ok, %,d errors, %d worker(s) busy",
        update.getJobId(),
        status(update.getStatus()),
        update.getShardsDone(),
        update.getShardsTotal(),
        counts.getTotalProcessed(),
        counts.getSuccessCount(),
        counts.getErrorCount(),
        update.getWorkersBusy());
  }

  static String summaryLine(JobReport report) {
    RunCounts counts = report.getCounts();
    return String.format(
        "job %s %s: %,d processed, %,d ok, %,d errors%s in %.2f s, %d shard%s",
        report.getJobId(),
        status(report.getStatus()),
        counts.getTotalProcessed(),
        counts.getSuccessCount(),
        counts.getErrorCount(),
        counts.getDroppedCount() > 0
            ? String.format(", %,d dropped", counts.getDroppedCount())
            : "",
        counts.getDurationMillis() / 1e3,
        report.getShardsCount(),
        report.getShardsCount() == 1 ? "" : "s");
  }

  /** {@code JOB_STATUS_COMPLETED} as {@code COMPLETED}. */
  static String status(JobStatus status) {
    return status.name().replace("JOB_STATUS_", "");
  }
}
