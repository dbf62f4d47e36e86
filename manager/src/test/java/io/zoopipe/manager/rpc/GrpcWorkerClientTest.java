package io.zoopipe.manager.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.manager.attempt.AttemptFailedException;
import io.zoopipe.manager.attempt.AttemptResult;
import io.zoopipe.manager.attempt.FailureKind;
import io.zoopipe.proto.v1.RunCounts;
import io.zoopipe.proto.v1.ShardResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The edge between the wire and the coordinator: proto and statuses in, domain types out. */
class GrpcWorkerClientTest {
  @Test
  void mapsAResultWithItsCountsPartsColumnsAndOffsets() {
    ShardResult proto =
        ShardResult.newBuilder()
            .setCounts(
                RunCounts.newBuilder()
                    .setTotalProcessed(10)
                    .setSuccessCount(7)
                    .setErrorCount(2)
                    .setDroppedCount(1)
                    .setBytesRead(300)
                    .setExpectedBytes(320)
                    .setDurationMillis(1500)
                    .setRamBytes(5)
                    .setPeakRamBytes(6))
            .setStartOffset(17)
            .setEndOffset(317)
            .setOutputPart("/tmp/out.csv.zoopipe-1/shard-00001-attempt-1.out.csv")
            .addOutputColumns("id")
            .addErrorOutputColumns("raw")
            .setWorker("127.0.0.1:5000")
            .build();

    AttemptResult result = GrpcWorkerClient.result(proto);

    assertThat(result.counts().totalProcessed()).isEqualTo(10);
    assertThat(result.counts().successCount()).isEqualTo(7);
    assertThat(result.counts().errorCount()).isEqualTo(2);
    assertThat(result.counts().droppedCount()).isEqualTo(1);
    assertThat(result.counts().bytesRead()).isEqualTo(300);
    assertThat(result.counts().expectedBytes()).isEqualTo(320);
    assertThat(result.counts().duration()).isEqualTo(Duration.ofMillis(1500));
    assertThat(result.counts().ramBytes()).isEqualTo(5);
    assertThat(result.counts().peakRamBytes()).isEqualTo(6);
    assertThat(result.startOffset()).isEqualTo(17);
    assertThat(result.endOffset()).isEqualTo(317);
    assertThat(result.outputPart())
        .isEqualTo(Location.parse("/tmp/out.csv.zoopipe-1/shard-00001-attempt-1.out.csv"));
    assertThat(result.errorPart()).as("no error output").isNull();
    assertThat(result.outputColumns()).containsExactly("id");
    assertThat(result.errorColumns()).containsExactly("raw");
    assertThat(result.worker()).isEqualTo("127.0.0.1:5000");
  }

  @Test
  void aBrokenCallIsATransientFailure() {
    AttemptFailedException failure =
        GrpcWorkerClient.failure(Status.UNAVAILABLE.withDescription("io exception"));

    assertThat(failure.kind()).isEqualTo(FailureKind.TRANSIENT);
    assertThat(failure.kind().retryable()).isTrue();
    assertThat(failure.reason()).isEqualTo("io exception");
    assertThat(failure).hasMessage("UNAVAILABLE: io exception");
    assertThat(failure.failure().kind()).isEqualTo(ErrorKind.STORAGE);
  }

  @Test
  void aFailedPipeIsNotRetryableAndKeepsItsKind() {
    AttemptFailedException failure =
        GrpcWorkerClient.failure(Status.ABORTED.withDescription("hook Boom failed: boom"));

    assertThat(failure.kind()).isEqualTo(FailureKind.PIPE);
    assertThat(failure.kind().retryable()).isFalse();
    assertThat(failure.failure()).hasMessage("hook Boom failed: boom");
    assertThat(failure.failure().kind()).isEqualTo(ErrorKind.HOOK);
  }

  @Test
  void aStatusWithoutDescriptionIsNamedByItsCode() {
    AttemptFailedException failure = GrpcWorkerClient.failure(Status.DATA_LOSS);

    assertThat(failure.reason()).isEqualTo("DATA_LOSS");
    assertThat(failure).hasMessage("DATA_LOSS");
    assertThat(failure.failure()).hasMessage("data loss");
  }

  @Test
  void aLostWorkerNamesTheWorkerAndWhatBroke() {
    AttemptFailedException lost =
        AttemptFailedException.workerLost(
            "w1", GrpcWorkerClient.failure(Status.UNAVAILABLE.withDescription("io exception")));

    assertThat(lost.kind()).isEqualTo(FailureKind.WORKER_LOST);
    assertThat(lost.reason()).isEqualTo("worker w1 was lost (UNAVAILABLE: io exception)");
    assertThat(lost.failure().kind()).isEqualTo(ErrorKind.STORAGE);
  }
}
