package io.zoopipe.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import org.junit.jupiter.api.Test;

class StatusMapperClientSideTest {
  @Test
  void everyWorkerStatusBecomesTheKindThatWasSent() {
    for (ErrorKind kind : ErrorKind.values()) {
      Status.Code code = StatusMapper.code(kind);
      ErrorKind back = StatusMapper.kind(code);
      switch (kind) {
        case TOO_MANY_ROW_ERRORS, HOOK -> assertThat(back).isEqualTo(ErrorKind.HOOK);
        default -> assertThat(back).isEqualTo(kind);
      }
    }
  }

  @Test
  void retriesALostWorkerButNotABadRequest() {
    assertThat(StatusMapper.isRetryable(Status.Code.UNAVAILABLE)).isTrue();
    assertThat(StatusMapper.isRetryable(Status.Code.INTERNAL)).isTrue();
    assertThat(StatusMapper.isRetryable(Status.Code.INVALID_ARGUMENT)).isFalse();
    assertThat(StatusMapper.isRetryable(Status.Code.NOT_FOUND)).isFalse();
    assertThat(StatusMapper.isRetryable(Status.Code.ABORTED)).isFalse();
  }

  @Test
  void theMessageIsTheWorkersDescription() {
    assertThat(
            StatusMapper.toException(Status.NOT_FOUND.withDescription("input x does not exist"))
                .getMessage())
        .isEqualTo("input x does not exist");
  }

  @Test
  void aRefusedSecretIsAConfigurationErrorThatSaysSo() {
    Status refused = Status.UNAUTHENTICATED.withDescription("wrong secret");

    PipelineException failure = StatusMapper.toException(refused);

    assertThat(StatusMapper.isRetryable(refused.getCode())).isFalse();
    assertThat(failure.kind()).isEqualTo(ErrorKind.INVALID_CONFIGURATION);
    assertThat(failure.getMessage())
        .startsWith("the worker refused the secret")
        .endsWith(": wrong secret");
  }
}
