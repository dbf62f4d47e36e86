package io.zoopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zoopipe run} with a database (SQLite files) as input or output: the same exit statuses as
 * files, one-line usage errors (status 2) for a missing table, a bad query or a password on the
 * command line, and the password never echoed.
 */
class RunDatabaseTest {
  private static final String USER_SCHEMA = "io.zoopipe.examples.UserSchema";

  @TempDir Path dir;
  private Path users;
  private String database;

  @BeforeEach
  void writeUsers() throws IOException {
    users = dir.resolve("users.csv");
    Files.writeString(
        users,
        "user_id,username,age,email,city\n"
            + "1,ann,30,ann@example.com,Oslo\n"
            + "2,bob,abc,bob@example.com,Rome\n"
            + "3,cy,40,cy@example.com,Lima\n",
        StandardCharsets.UTF_8);
    database = "jdbc:sqlite:" + dir.resolve("app.db");
  }

  @Test
  void aCsvLoadsIntoATableAndTheTableReadsBackAsJsonLines() throws Exception {
    Outcome load =
        zoopipe(
            "--input",
            users.toString(),
            "--output",
            database,
            "--output-table",
            "users",
            // SQLite has one writer per file at a time: the error table lives in a file of its own.
            "--errors",
            rejectsDatabase(),
            "--errors-table",
            "rejects",
            "--schema",
            USER_SCHEMA,
            "--progress",
            "none");
    Path out = dir.resolve("out.jsonl");
    Outcome read =
        zoopipe(
            "--input",
            database,
            "--query",
            "SELECT user_id, username FROM users ORDER BY user_id",
            "--output",
            out.toString(),
            "--progress",
            "none");
    Outcome rejects =
        zoopipe(
            "--input",
            rejectsDatabase(),
            "--table",
            "rejects",
            "--output",
            dir.resolve("rejects.jsonl").toString(),
            "--progress",
            "none");

    assertThat(load.status()).as(load.err()).isZero();
    assertThat(read.status()).as(read.err()).isZero();
    assertThat(Files.readAllLines(out))
        .containsExactly(
            "{\"user_id\":\"1\",\"username\":\"ann\"}", "{\"user_id\":\"3\",\"username\":\"cy\"}");
    assertThat(rejects.status()).isZero();
    assertThat(Files.readString(dir.resolve("rejects.jsonl"))).contains("\"username\":\"bob\"");
  }

  @Test
  void aMissingTableIsAOneLineUsageError() {
    Outcome outcome =
        zoopipe(
            "--input",
            database,
            "--table",
            "missing",
            "--output",
            dir.resolve("o.jsonl").toString());

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(firstLine(outcome.err()))
        .isEqualTo(
            "zoopipe run: --input "
                + database
                + ": table missing: [SQLITE_ERROR] SQL error or missing database (no such table:"
                + " missing)");
    assertThat(dir.resolve("o.jsonl")).doesNotExist();
  }

  @Test
  void withWorkersAMissingTableOrShardColumnIsAOneLineUsageErrorBeforeAnyWorkerStarts()
      throws Exception {
    assertThat(
            zoopipe(
                    "--input",
                    users.toString(),
                    "--output",
                    database,
                    "--output-table",
                    "users",
                    "--progress",
                    "none")
                .status())
        .isZero();
    Path out = dir.resolve("o.jsonl");

    Outcome missingTable =
        zoopipe(
            "--input",
            database,
            "--table",
            "missing",
            "--shard-column",
            "user_id",
            "--output",
            out.toString(),
            "--workers",
            "2");
    Outcome missingColumn =
        zoopipe(
            "--input",
            database,
            "--table",
            "users",
            "--shard-column",
            "nope",
            "--output",
            out.toString(),
            "--workers",
            "2");

    assertThat(missingTable.status()).as(missingTable.err()).isEqualTo(2);
    assertThat(firstLine(missingTable.err()))
        .startsWith("zoopipe run: --input " + database + ": table missing:")
        .contains("no such table");
    assertThat(missingColumn.status()).as(missingColumn.err()).isEqualTo(2);
    assertThat(firstLine(missingColumn.err()))
        .startsWith("zoopipe run: --input " + database)
        .contains("nope");
    assertThat(out).doesNotExist();
  }

  @Test
  void aBadQueryIsAOneLineUsageError() {
    Outcome outcome =
        zoopipe(
            "--input",
            database,
            "--query",
            "SELEC nothing",
            "--output",
            dir.resolve("o.jsonl").toString());

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(firstLine(outcome.err()))
        .startsWith("zoopipe run: --input")
        .contains("syntax error");
  }

  @Test
  void aPasswordOnTheCommandLineIsRefusedAndNotEchoed() {
    Outcome outcome =
        zoopipe(
            "--input", "jdbc:postgresql://db.example/app?user=etl&password=hunter2",
            "--table", "users",
            "--output", dir.resolve("o.jsonl").toString());

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.err()).contains("password=***").doesNotContain("hunter2");
  }

  @Test
  void aPasswordInAMalformedCommandLineIsNotEchoed() {
    Outcome outcome =
        zoopipe(
            "--input", "jdbc:postgresql://db.example/app?password=hunter2",
            "--no-such-option", "jdbc:postgresql://etl:hunter2@db.example/app");

    assertThat(outcome.status()).isEqualTo(2);
    assertThat(outcome.err()).doesNotContain("hunter2");
  }

  @Test
  void anOutputTableThatExistsInModeCreateIsRefusedBeforeAnythingRuns() {
    String[] load = {
      "--input",
      users.toString(),
      "--output",
      database,
      "--output-table",
      "users",
      "--progress",
      "none"
    };
    assertThat(zoopipe(load).status()).isZero();

    Outcome again = zoopipe(load);

    assertThat(again.status()).isEqualTo(2);
    assertThat(again.err()).contains("already exists (mode create)");
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse("");
  }

  private String rejectsDatabase() {
    return "jdbc:sqlite:" + dir.resolve("rejects.db");
  }

  private static Outcome zoopipe(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] command = new String[arguments.length + 1];
    command[0] = "run";
    System.arraycopy(arguments, 0, command, 1, arguments.length);
    int status =
        ZooPipeCli.execute(command, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Outcome(status, out.toString(), err.toString());
  }

  private record Outcome(int status, String out, String err) {}
}
