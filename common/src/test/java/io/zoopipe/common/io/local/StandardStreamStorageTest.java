package io.zoopipe.common.io.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code -}: standard input when read, standard output when written, streamed. */
class StandardStreamStorageTest {
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final StandardStreamStorage storage =
      new StandardStreamStorage(
          new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8)), stdout);

  @Test
  void aDashIsTheStandardStreamsAndADotSlashDashIsAFile() {
    assertThat(Location.parse("-")).isEqualTo(Location.STANDARD_STREAMS);
    assertThat(Location.parse("-").toString()).isEqualTo("-");
    assertThat(Location.parse("./-").isFile()).isTrue();
  }

  @Test
  void readsStandardInputFromItsStartOnly() throws IOException {
    try (InputStream in = storage.open(Location.STANDARD_STREAMS, 0, Long.MAX_VALUE)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("a\nb\n");
    }
    assertThat(storage.size(Location.STANDARD_STREAMS)).isZero();
    assertThatThrownBy(() -> storage.open(Location.STANDARD_STREAMS, 3, Long.MAX_VALUE))
        .hasMessageContaining("only be read from its start");
  }

  @Test
  void writesStandardOutputOnCommitAndOneOutputAtATime() throws IOException {
    try (AtomicOutput output = storage.create(Location.STANDARD_STREAMS)) {
      output.stream().write("x\n".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> storage.create(Location.STANDARD_STREAMS))
          .hasMessageContaining("already being written");
      output.commit();
    }
    try (AtomicOutput again = storage.create(Location.STANDARD_STREAMS)) {
      again.commit();
    }

    assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("x\n");
  }

  @Test
  void refusesOtherLocations() {
    assertThatThrownBy(() -> storage.exists(Location.parse("a.csv")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
