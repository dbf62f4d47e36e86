package io.zoopipe.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.pipe.ErrorLimit;
import io.zoopipe.proto.v1.PipeSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtoMapperErrorLimitTest {

  @Test
  void theErrorLimitTravelsAndBack() {
    PipeDescription limited = pipe().withErrorLimit(new ErrorLimit(0, 0.25));

    PipeSpec spec = ProtoMapper.toProto(limited);

    assertThat(spec.getMaxErrors()).isZero();
    assertThat(spec.hasMaxErrors()).isTrue();
    assertThat(spec.getMaxErrorRate()).isEqualTo(0.25);
    assertThat(ProtoMapper.fromProto(spec).errorLimit()).isEqualTo(new ErrorLimit(0, 0.25));
  }

  @Test
  void noLimitLeavesTheFieldsUnset() {
    PipeSpec spec = ProtoMapper.toProto(pipe());

    assertThat(spec.hasMaxErrors()).isFalse();
    assertThat(spec.hasMaxErrorRate()).isFalse();
    assertThat(ProtoMapper.fromProto(spec).errorLimit()).isEqualTo(ErrorLimit.NONE);
  }

  @Test
  void refusesANegativeCountOrARateAboveOne() {
    PipeSpec spec = ProtoMapper.toProto(pipe());

    assertThatThrownBy(() -> ProtoMapper.fromProto(spec.toBuilder().setMaxErrors(-2).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipe.max_errors must be >= 0, got -2");
    assertThatThrownBy(() -> ProtoMapper.fromProto(spec.toBuilder().setMaxErrorRate(2).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pipe.max_error_rate must be between 0 and 1, got 2.0");
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
