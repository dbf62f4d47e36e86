package io.zoopipe.format.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.format.csv.CsvInputAdapter;
import io.zoopipe.format.json.JsonOutputAdapter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite, the embedded default: a database file, no server. */
class SqliteLoadTest {
  @TempDir Path dir;

  @Test
  void csvToSqliteToJsonLinesEqualsCsvToJsonLines() throws Exception {
    Path csv = PostgresLoadTest.users(dir.resolve("users.csv"), 1_000);
    String url = "jdbc:sqlite:" + dir.resolve("users.db");
    Path viaDatabase = dir.resolve("via-db.jsonl");
    Path direct = dir.resolve("direct.jsonl");

    PipeReport load =
        run(new CsvInputAdapter(csv.toString()), output(url, "users", "create"), null);
    run(
        PostgresLoadTest.input(url, java.util.Map.of("table", "users")),
        new JsonOutputAdapter(viaDatabase.toString()),
        null);
    run(new CsvInputAdapter(csv.toString()), new JsonOutputAdapter(direct.toString()), null);

    assertThat(load.successCount()).isEqualTo(1_000);
    assertThat(Files.readString(viaDatabase)).isEqualTo(Files.readString(direct));
  }

  @Test
  void upsertTwiceGivesTheSameTableAndReplaceSwapsTheRows() throws Exception {
    Path csv = PostgresLoadTest.users(dir.resolve("users.csv"), 300);
    String url = "jdbc:sqlite:" + dir.resolve("u.db");
    OutputAdapter upsert =
        new JdbcOutputAdapter(
            Location.parse(url),
            JdbcOptions.parse(
                FormatOptions.none()
                    .with("table", "users")
                    .with("mode", "upsert")
                    .withList("key", List.of("id"))));

    run(new CsvInputAdapter(csv.toString()), upsert, PostgresLoadTest.User.class);
    List<String> once = dump(url, "users");
    run(new CsvInputAdapter(csv.toString()), upsert, PostgresLoadTest.User.class);
    List<String> twice = dump(url, "users");
    run(
        new CsvInputAdapter(PostgresLoadTest.users(dir.resolve("few.csv"), 5).toString()),
        output(url, "users", "replace"),
        PostgresLoadTest.User.class);

    assertThat(once).hasSize(300);
    assertThat(twice).isEqualTo(once);
    assertThat(dump(url, "users")).hasSize(5);
  }

  @Test
  void failedRowsGoToAnErrorTable() throws Exception {
    Path csv = dir.resolve("bad.csv");
    Files.writeString(
        csv, "id,name,signup,balance,active\n1,a,2024-01-01,1.5,true\nx,b,2024-01-01,2,false\n");
    String url = "jdbc:sqlite:" + dir.resolve("e.db");
    // SQLite has one writer per file at a time: the error table lives in a file of its own.
    String rejects = "jdbc:sqlite:" + dir.resolve("rejects.db");

    try (StorageFactory storage = StorageFactory.defaults()) {
      PipeReport report =
          Pipe.builder()
              .input(new CsvInputAdapter(csv.toString()))
              .output(output(url, "users", "create"))
              .errorOutput(output(rejects, "rejects", "append"))
              .schema(PostgresLoadTest.User.class)
              .storage(storage)
              .build()
              .run();
      assertThat(report.status()).isEqualTo(PipeStatus.COMPLETED);
    }

    assertThat(dump(url, "users")).hasSize(1);
    assertThat(dump(rejects, "rejects"))
        .singleElement()
        .asString()
        .startsWith("x|b|2024-01-01|2|false|1|")
        .contains("id:");
  }

  @Test
  void modeCreateRefusesATableThatExistsBeforeAnythingRuns() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("c.db");
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE users (id INTEGER)");
    }

    try (StorageFactory storage = StorageFactory.defaults()) {
      assertThatThrownBy(() -> output(url, "users", "create").checkWritable(storage))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("table users already exists (mode create)");
    }
  }

  @Test
  void adaptersTravelAsDescriptions() {
    JdbcOutputAdapter adapter =
        new JdbcOutputAdapter(
            Location.parse("jdbc:sqlite:/tmp/x.db"),
            JdbcOptions.parse(
                FormatOptions.none()
                    .with("table", "main.users")
                    .with("mode", "upsert")
                    .withList("key", List.of("id", "day"))
                    .with("batch_size", "100")));

    DataDescription description = new JdbcFormat().describe(adapter).orElseThrow();

    assertThat(description.location().text()).isEqualTo("jdbc:sqlite:/tmp/x.db");
    assertThat(description.format()).isEqualTo("jdbc");
    assertThat(((JdbcOutputAdapter) description.toOutput()).options()).isEqualTo(adapter.options());
  }

  static JdbcOutputAdapter output(String url, String table, String mode) {
    return new JdbcOutputAdapter(
        Location.parse(url),
        JdbcOptions.parse(FormatOptions.none().with("table", table).with("mode", mode)));
  }

  private static PipeReport run(InputAdapter input, OutputAdapter output, @Nullable Class<?> schema)
      throws InterruptedException {
    try (StorageFactory storage = StorageFactory.defaults()) {
      Pipe.Builder builder =
          Pipe.builder()
              .input(input)
              .output(output)
              .executor(new MultiThreadExecutor(2, 128))
              .storage(storage);
      if (schema != null) {
        builder.schema(schema);
      }
      PipeReport report = builder.build().run();
      assertThat(report.status())
          .as(String.valueOf(report.exception()))
          .isEqualTo(PipeStatus.COMPLETED);
      return report;
    }
  }

  static List<String> dump(String url, String table) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(result.getString(i)).append('|');
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}
