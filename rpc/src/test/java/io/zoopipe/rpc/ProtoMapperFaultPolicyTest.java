package io.zoopipe.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.pipe.FaultPolicy;
import io.zoopipe.common.pipe.RetryPolicy;
import io.zoopipe.common.report.FaultCounts;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.proto.v1.PipeSpec;
import io.zoopipe.proto.v1.RunCounts;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtoMapperFaultPolicyTest {

  @Test
  void theFaultPolicyTravelsAndBack() {
    FaultPolicy policy =
        FaultPolicy.retryAndSkip(
                RetryPolicy.attempts(4)
                    .withBackoff(Duration.ofMillis(250), 3, Duration.ofSeconds(8))
                    .withMaxTotalDelay(Duration.ofSeconds(20))
                    .withJitter(0.25)
                    .withRetryable(List.of(UncheckedIOException.class))
                    .withFatal(List.of(IllegalArgumentException.class)))
            .withCallTimeout(Duration.ofSeconds(2))
            .withMaxInFlight(16)
            .withRateLimit(50);

    PipeSpec spec = ProtoMapper.toProto(pipe().withFaultPolicy(policy));

    assertThat(spec.hasFaultPolicy()).isTrue();
    assertThat(ProtoMapper.fromProto(spec).faultPolicy()).isEqualTo(policy);
  }

  @Test
  void noPolicyLeavesTheFieldUnsetAndDefaultRetryableTypesStayImplicit() {
    assertThat(ProtoMapper.toProto(pipe()).hasFaultPolicy()).isFalse();
    assertThat(ProtoMapper.fromProto(ProtoMapper.toProto(pipe())).faultPolicy())
        .isEqualTo(FaultPolicy.NONE);

    FaultPolicy defaults = FaultPolicy.retryAndSkip(RetryPolicy.attempts(3));
    PipeSpec spec = ProtoMapper.toProto(pipe().withFaultPolicy(defaults));

    assertThat(spec.getFaultPolicy().getRetryableExceptionsList()).isEmpty();
    assertThat(ProtoMapper.fromProto(spec).faultPolicy()).isEqualTo(defaults);
  }

  @Test
  void refusesAnUnknownExceptionClass() {
    PipeSpec spec = ProtoMapper.toProto(pipe().withFaultPolicy(FaultPolicy.NONE.withSkip(true)));
    PipeSpec bad =
        spec.toBuilder()
            .setFaultPolicy(spec.getFaultPolicy().toBuilder().addFatalExceptions("no.Such"))
            .build();

    assertThatThrownBy(() -> ProtoMapper.fromProto(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fatal_exceptions: no exception class no.Such");
  }

  @Test
  void countsCarryTheFaultCounts() {
    PipeReport report =
        PipeReport.pending(10, 1).withFaults(new FaultCounts(7, 3, Duration.ofMillis(1500)));

    RunCounts counts = ProtoMapper.counts(report);

    assertThat(counts.getRetryCount()).isEqualTo(7);
    assertThat(counts.getSkippedCount()).isEqualTo(3);
    assertThat(counts.getBackoffMillis()).isEqualTo(1500);
  }

  private static PipeDescription pipe() {
    return new PipeDescription(
        DataDescription.of(Location.parse("in.csv")),
        DataDescription.of(Location.parse("out.jsonl")),
        null,
        null,
        List.of(),
        List.of(),
        new SingleThreadExecutor());
  }
}
