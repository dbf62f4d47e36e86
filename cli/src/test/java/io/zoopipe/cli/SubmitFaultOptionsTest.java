package io.zoopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.pipe.FaultPolicy;
import io.zoopipe.proto.v1.PipeSpec;
import io.zoopipe.rpc.ProtoMapper;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The fault options are part of the pipe definition: {@code submit} sends them as data. */
class SubmitFaultOptionsTest {

  private static PipeDescription described(String... faultOptions) {
    SubmitCommand command = new SubmitCommand();
    String[] args =
        Stream.concat(
                Stream.of("--input", "in.csv", "--output", "out.csv", "--threads", "2"),
                Arrays.stream(faultOptions))
            .toArray(String[]::new);
    new CommandLine(command).parseArgs(args);
    return command.pipeOptions.describe();
  }

  @Test
  void submitCarriesTheFaultPolicyIntoThePipeSpec() {
    PipeDescription description =
        described(
            "--hook-retries",
            "3",
            "--hook-backoff",
            "50ms,2s",
            "--hook-skip",
            "--hook-timeout",
            "1s",
            "--max-in-flight",
            "16",
            "--rate-limit",
            "200",
            "--hook-fatal",
            "java.util.concurrent.TimeoutException");

    FaultPolicy policy = description.faultPolicy();
    assertThat(policy.retry().maxAttempts()).isEqualTo(4);
    assertThat(policy.retry().initialBackoff()).isEqualTo(Duration.ofMillis(50));
    assertThat(policy.retry().maxBackoff()).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.retry().fatal()).isEqualTo(List.of(TimeoutException.class));
    assertThat(policy.skip()).isTrue();
    assertThat(policy.callTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.maxInFlight()).isEqualTo(16);
    assertThat(policy.rateLimit()).isEqualTo(200.0);

    PipeSpec spec = ProtoMapper.toProto(description);
    assertThat(spec.hasFaultPolicy()).isTrue();
    assertThat(ProtoMapper.fromProto(spec).faultPolicy()).isEqualTo(policy);
  }

  @Test
  void withoutFaultOptionsSubmitSendsNoPolicy() {
    PipeDescription description = described();

    assertThat(description.faultPolicy()).isEqualTo(FaultPolicy.NONE);
    assertThat(ProtoMapper.toProto(description).hasFaultPolicy()).isFalse();
  }

  @Test
  void anExceptionClassSubmitCannotSeeIsAUsageError() {
    assertThatThrownBy(() -> described("--hook-fatal", "com.example.NoSuchException"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("com.example.NoSuchException");
  }

  @Test
  void submitRefusesAJobIdOfItsOwn() {
    assertThatThrownBy(() -> described("--job-id", "nightly"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--job-id");
  }
}
