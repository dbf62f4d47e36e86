package io.zoopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.rpc.ProtoMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code zoopipe submit} takes {@code --output-option} as {@code run} does: the options travel with
 * the job as the output's format options, and one the format does not take is refused before
 * anything is sent.
 */
class SubmitOutputOptionsTest {
  @Test
  void outputOptionsTravelWithTheJob() {
    SubmitCommand submit =
        submit(
            "--output-option",
            "compression=zstd",
            "--output-option",
            "row_group_size=8m",
            "--output",
            "/data/out.parquet");

    PipeDescription sent =
        ProtoMapper.fromProto(ProtoMapper.toProto(submit.pipeOptions.describe()));

    DataDescription output = sent.output();
    assertThat(output.format()).isEqualTo("parquet");
    assertThat(output.options().values())
        .containsEntry("compression", "zstd")
        .containsEntry("row_group_size", "8m");
  }

  @Test
  void anOptionTheOutputFormatDoesNotTakeIsRefused() {
    SubmitCommand submit =
        submit("--output-option", "compression=zstd", "--output", "/data/out.jsonl");

    assertThatThrownBy(() -> submit.pipeOptions.describe())
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--output-option compression: format jsonl");
  }

  private static SubmitCommand submit(String... output) {
    SubmitCommand submit = new SubmitCommand();
    String[] args = new String[output.length + 4];
    args[0] = "--input";
    args[1] = "/data/in.csv";
    System.arraycopy(output, 0, args, 2, output.length);
    args[output.length + 2] = "--server";
    args[output.length + 3] = "127.0.0.1:1";
    new CommandLine(submit).parseArgs(args);
    return submit;
  }
}
