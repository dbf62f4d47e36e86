package io.zoopipe.common.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ErrorLimitTest {

  @Test
  void noLimitNeverTrips() {
    assertThat(ErrorLimit.NONE.check(10, 10, true)).isNull();
    assertThat(ErrorLimit.NONE.isNone()).isTrue();
  }

  @Test
  void maxErrorsTripsOnceTheCountIsExceeded() {
    ErrorLimit limit = ErrorLimit.NONE.withMaxErrors(100);

    assertThat(limit.check(5_000, 100, false)).isNull();
    PipelineException crossed = limit.check(5_000, 1_234, false);

    assertThat(crossed).isNotNull();
    assertThat(crossed.kind()).isEqualTo(ErrorKind.TOO_MANY_ROW_ERRORS);
    assertThat(crossed.getMessage())
        .isEqualTo("too many row errors: 1,234 of 5,000 rows seen failed (limit --max-errors 100)");
  }

  @Test
  void maxErrorsZeroTripsOnTheFirstError() {
    ErrorLimit limit = ErrorLimit.NONE.withMaxErrors(0);

    assertThat(limit.check(3, 0, false)).isNull();
    assertThat(limit.check(3, 1, false)).isNotNull();
  }

  @Test
  void theRateIsJudgedOnlyOnceEnoughRowsWereSeenOrAtTheEnd() {
    ErrorLimit limit = ErrorLimit.NONE.withMaxErrorRate(0.05);

    assertThat(limit.check(999, 500, false)).isNull();
    assertThat(limit.check(1_000, 50, false)).isNull();
    assertThat(limit.check(1_000, 51, false)).isNotNull();
    PipelineException atEnd = limit.check(10, 1, true);

    assertThat(atEnd).isNotNull();
    assertThat(atEnd.getMessage())
        .isEqualTo("too many row errors: 1 of 10 rows seen failed (limit --max-error-rate 0.05)");
    assertThat(limit.check(0, 0, true)).isNull();
  }

  @Test
  void aPartGetsWhatIsLeftOfTheCountAndNoRate() {
    ErrorLimit limit = ErrorLimit.NONE.withMaxErrors(10).withMaxErrorRate(0.5);

    assertThat(limit.forPart(4)).isEqualTo(new ErrorLimit(6, -1));
    assertThat(limit.forPart(40)).isEqualTo(new ErrorLimit(0, -1));
    assertThat(ErrorLimit.NONE.withMaxErrorRate(0.5).forPart(4)).isEqualTo(ErrorLimit.NONE);
  }

  @Test
  void rejectsNegativeCountsAndRatesOutsideZeroToOne() {
    assertThatThrownBy(() -> ErrorLimit.NONE.withMaxErrors(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> ErrorLimit.NONE.withMaxErrorRate(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1.5");
    assertThatThrownBy(() -> ErrorLimit.NONE.withMaxErrorRate(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
