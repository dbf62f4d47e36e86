package io.zoopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.rpc.ProtoMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code zoopipe submit} takes the database options of {@code run} (they belong to the pipe's
 * definition) and sends them with the job, passwords excepted: only where a password is found
 * travels.
 */
class SubmitDatabaseTest {
  @Test
  void theDatabaseOptionsTravelWithTheJob() {
    SubmitCommand submit = new SubmitCommand();
    new CommandLine(submit)
        .parseArgs(
            "--input",
            "jdbc:postgresql://db/app",
            "--table",
            "users",
            "--shard-column",
            "id",
            "--fetch-size",
            "500",
            "--db-user",
            "etl",
            "--db-password-env",
            "APP_PASSWORD",
            "--output",
            "jdbc:sqlite:/data/out.db",
            "--output-table",
            "people",
            "--write-mode",
            "upsert",
            "--upsert-key",
            "id",
            "--server",
            "127.0.0.1:1");

    PipeDescription sent =
        ProtoMapper.fromProto(ProtoMapper.toProto(submit.pipeOptions.describe()));

    DataDescription input = sent.input();
    assertThat(input.format()).isEqualTo("jdbc");
    assertThat(input.location().text()).isEqualTo("jdbc:postgresql://db/app");
    assertThat(input.options().values())
        .containsEntry("table", "users")
        .containsEntry("shard_column", "id")
        .containsEntry("fetch_size", "500")
        .containsEntry("user", "etl")
        .containsEntry("password_env", "APP_PASSWORD");
    DataDescription output = sent.output();
    assertThat(output.format()).isEqualTo("jdbc");
    assertThat(output.options().values())
        .containsEntry("table", "people")
        .containsEntry("mode", "upsert");
    assertThat(output.options().getList("key")).contains(List.of("id"));
  }

  @Test
  void aPasswordInTheUrlIsRefusedBeforeAnythingIsSent() {
    SubmitCommand submit = new SubmitCommand();
    new CommandLine(submit)
        .parseArgs(
            "--input",
            "jdbc:postgresql://db/app?password=hunter2",
            "--table",
            "users",
            "--output",
            "out.jsonl",
            "--server",
            "127.0.0.1:1");

    assertThatThrownBy(() -> submit.pipeOptions.describe())
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("a password does not belong on the command line")
        .hasMessageNotContaining("hunter2");
  }
}
