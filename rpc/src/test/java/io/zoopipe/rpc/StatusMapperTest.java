package io.zoopipe.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.zoopipe.common.io.OutsideStorageRootsException;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class StatusMapperTest {
  @Test
  void mapsEveryErrorKind() {
    assertThat(StatusMapper.code(ErrorKind.INVALID_CONFIGURATION))
        .isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(StatusMapper.code(ErrorKind.INVALID_INPUT))
        .isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(StatusMapper.code(ErrorKind.TOO_MANY_ROW_ERRORS)).isEqualTo(Status.Code.ABORTED);
    assertThat(StatusMapper.code(ErrorKind.HOOK)).isEqualTo(Status.Code.ABORTED);
    assertThat(StatusMapper.code(ErrorKind.STORAGE)).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(StatusMapper.code(ErrorKind.INTERNAL)).isEqualTo(Status.Code.INTERNAL);
  }

  @Test
  void aMissingInputIsNotFoundWithItsName() {
    Status status =
        StatusMapper.toStatus(
            new PipelineException(
                ErrorKind.INVALID_INPUT,
                "input /data/in.csv does not exist",
                new NoSuchFileException("/data/in.csv")));

    assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(status.getDescription()).isEqualTo("input /data/in.csv does not exist");
  }

  @Test
  void aLocationOutsideTheStorageRootsIsPermissionDeniedWithItsMessage() {
    Status status =
        StatusMapper.toStatus(
            new OutsideStorageRootsException(
                "input /etc/passwd is outside this worker's storage roots [/data]"));

    assertThat(status.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(status.getDescription())
        .isEqualTo("input /etc/passwd is outside this worker's storage roots [/data]");
  }

  @Test
  void otherFailuresKeepAOneLineMessage() {
    assertThat(StatusMapper.toStatus(new IOException("disk\nfull")).getDescription())
        .isEqualTo("disk full");
    assertThat(StatusMapper.toStatus(new IllegalStateException("boom")).getCode())
        .isEqualTo(Status.Code.INTERNAL);
  }
}
