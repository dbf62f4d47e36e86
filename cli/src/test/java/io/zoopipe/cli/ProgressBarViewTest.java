package io.zoopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressBarViewTest {

  private static PipeReport report(PipeStatus status, long records, long bytes, Duration took) {
    return new PipeReport(
        status, records, records, 0, 0, bytes, 4L << 20, null, null, took, 0, 0, 1000, 2, -1, -1,
        List.of(), List.of(), null);
  }

  private static String lastFrame(String drawn) {
    String[] frames = drawn.split("\r");
    for (int i = frames.length - 1; i >= 0; i--) {
      if (!frames[i].isBlank()) {
        return frames[i].strip();
      }
    }
    return "";
  }

  @Test
  void lastFrameShowsTheFinalCountsTheRunsElapsedTimeAndSeparatedFacts() {
    ByteArrayOutputStream drawn = new ByteArrayOutputStream();
    ProgressBarView view =
        new ProgressBarView(
            new PrintStream(drawn, true, StandardCharsets.UTF_8),
            snapshot -> String.format("%,d records", snapshot.totalProcessed()));

    // The first snapshot arrives late (a fast run): 46,000 records after 65 s.
    view.onProgress(report(PipeStatus.RUNNING, 46_000, 1L << 20, Duration.ofSeconds(65)));
    view.onFinished(report(PipeStatus.COMPLETED, 200_000, 4L << 20, Duration.ofSeconds(66)));

    String last = lastFrame(drawn.toString(StandardCharsets.UTF_8));
    assertThat(last).contains("100%").contains("200,000 records").doesNotContain("46,000");
    assertThat(last).containsPattern("KiB/s \\| 200,000 records");
    assertThat(last).contains("0:01:0").doesNotContain("(0:00:00");
  }

  @Test
  void aRunThatEndsBeforeItsFirstSnapshotStillShowsItsTotals() {
    ByteArrayOutputStream drawn = new ByteArrayOutputStream();
    ProgressBarView view =
        new ProgressBarView(
            new PrintStream(drawn, true, StandardCharsets.UTF_8),
            r -> r.totalProcessed() + " records");
    view.onFinished(report(PipeStatus.COMPLETED, 12, 4L << 20, Duration.ofMillis(300)));
    assertThat(lastFrame(drawn.toString(StandardCharsets.UTF_8)))
        .contains("100%")
        .contains("| 12 records");
  }
}
