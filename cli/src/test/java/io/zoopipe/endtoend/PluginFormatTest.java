package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.cli.ZooPipeCli;
import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.format.FormatRegistry;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.manager.ManagerExecution;
import io.zoopipe.manager.PipeManager;
import io.zoopipe.worker.InProcessWorkerLauncher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A format that lives only in this test tree ({@code io.zoopipe.endtoend.lines}, registered in its
 * {@code META-INF/services}) works through {@code zoopipe run} and through a manager with workers,
 * with no line of it anywhere else: formats are plugins.
 */
class PluginFormatTest {
  @TempDir Path dir;

  @Test
  void theRegistryFindsTheTestFormatByNameAndExtension() {
    FormatRegistry formats = FormatRegistry.installed();

    assertThat(formats.forName("lines").name()).isEqualTo("lines");
    assertThat(formats.forFileName("in.lines.gz").name()).isEqualTo("lines");
    assertThat(formats.knownNames()).contains("lines", "csv", "json", "jsonl");
  }

  @Test
  void zoopipeRunConvertsBetweenThePluginFormatAndJsonLines() throws Exception {
    Path input = Files.writeString(dir.resolve("in.lines"), "alpha\nbeta \"quoted\"\n\ngamma\n");

    int toJson = zoopipe("run", "--input", input.toString(), "--output", path("out.jsonl"));
    int back =
        zoopipe(
            "run", "--input", path("out.jsonl"), "--output", path("back.lines"), "--threads", "2");

    assertThat(toJson).isZero();
    assertThat(Files.readString(dir.resolve("out.jsonl")))
        .isEqualTo(
            "{\"line\":\"alpha\"}\n{\"line\":\"beta \\\"quoted\\\"\"}\n{\"line\":\"\"}\n"
                + "{\"line\":\"gamma\"}\n");
    assertThat(back).isZero();
    assertThat(dir.resolve("back.lines")).hasSameTextualContentAs(input);
  }

  @Test
  void aManagerCutsThePluginFormatIntoShardsAndMergesThemExactly() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 700; i++) {
      text.append("line ").append(i).append(" ").append("x".repeat(i % 13)).append('\n');
    }
    Path input = Files.writeString(dir.resolve("in.lines"), text, StandardCharsets.UTF_8);

    PipeManager manager =
        PipeManager.builder()
            .pipe(description(input, dir.resolve("merged.lines")))
            .workers(new InProcessWorkerLauncher(2))
            .shards(9)
            .build();
    ManagerExecution execution = manager.start();
    PipeReport report = execution.await();

    assertThat(report.status())
        .as(String.valueOf(report.exception()))
        .isEqualTo(PipeStatus.COMPLETED);
    assertThat(report.totalProcessed()).isEqualTo(700);
    assertThat(execution.shardReports()).hasSize(9);
    assertThat(dir.resolve("merged.lines")).hasSameTextualContentAs(input);
  }

  private static PipeDescription description(Path input, Path output) {
    return new PipeDescription(
        DataDescription.of(Location.of(input)),
        DataDescription.of(Location.of(output)),
        null,
        null,
        List.of(),
        List.of(),
        new SingleThreadExecutor(25));
  }

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  private static int zoopipe(String... arguments) {
    return ZooPipeCli.execute(
        arguments, new PrintWriter(new StringWriter(), true), new PrintWriter(System.err, true));
  }
}
