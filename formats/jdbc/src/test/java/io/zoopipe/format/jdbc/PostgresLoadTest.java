package io.zoopipe.format.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.OutputAdapter;
import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.format.csv.CsvInputAdapter;
import io.zoopipe.format.json.JsonOutputAdapter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads into and reads from a real PostgreSQL server: both fast paths, upserts, atomicity. */
class PostgresLoadTest {
  record User(long id, String name, LocalDate signup, BigDecimal balance, boolean active) {}

  @TempDir Path dir;

  @Test
  void csvToPostgresToJsonLinesEqualsCsvToJsonLines() throws Exception {
    Path csv = users(dir.resolve("users.csv"), 2_000);
    for (String copy : List.of("true", "false")) {
      String url = TestPostgres.newDatabase();

      PipeReport load =
          run(new CsvInputAdapter(csv.toString()), output(url, "users", "create", copy));
      Path viaDatabase = dir.resolve("via-db-" + copy + ".jsonl");
      PipeReport read =
          run(input(url, Map.of("table", "users")), new JsonOutputAdapter(viaDatabase.toString()));
      Path direct = dir.resolve("direct.jsonl");
      run(new CsvInputAdapter(csv.toString()), new JsonOutputAdapter(direct.toString()));

      assertThat(load.status()).isEqualTo(PipeStatus.COMPLETED);
      assertThat(load.successCount()).isEqualTo(2_000);
      assertThat(read.successCount()).isEqualTo(2_000);
      assertThat(Files.readString(viaDatabase))
          .as("copy=" + copy)
          .isEqualTo(Files.readString(direct));
    }
  }

  @Test
  void aQueryIsReadWithTypedValues() throws Exception {
    String url = TestPostgres.newDatabase();
    run(
        new CsvInputAdapter(users(dir.resolve("u.csv"), 10).toString()),
        output(url, "users", "create", "auto"));
    Path out = dir.resolve("q.jsonl");

    run(
        input(url, Map.of("query", "SELECT id, signup FROM users WHERE id < 3 ORDER BY id")),
        new JsonOutputAdapter(out.toString()),
        null);

    assertThat(Files.readAllLines(out))
        .containsExactly(
            "{\"id\":0,\"signup\":\"2024-01-01\"}",
            "{\"id\":1,\"signup\":\"2024-01-02\"}",
            "{\"id\":2,\"signup\":\"2024-01-03\"}");
  }

  @Test
  void upsertTwiceGivesTheSameTable() throws Exception {
    String url = TestPostgres.newDatabase();
    Path csv = users(dir.resolve("users.csv"), 500);
    OutputAdapter upsert =
        new JdbcOutputAdapter(
            Location.parse(url),
            JdbcOptions.parse(
                FormatOptions.none()
                    .with("table", "users")
                    .with("mode", "upsert")
                    .withList("key", List.of("id"))));

    run(new CsvInputAdapter(csv.toString()), upsert);
    List<String> once = dump(url, "users");
    run(new CsvInputAdapter(csv.toString()), upsert);

    assertThat(once).hasSize(500);
    assertThat(dump(url, "users")).isEqualTo(once);
  }

  @Test
  void aFailingLoadLeavesTheTableAsItWas() throws Exception {
    String url = TestPostgres.newDatabase();
    run(
        new CsvInputAdapter(users(dir.resolve("a.csv"), 100).toString()),
        output(url, "users", "create", "auto"));
    List<String> before = dump(url, "users");
    Path bad = users(dir.resolve("b.csv"), 3_000);
    // A row that fails validation at the end, with no error allowed: the job fails after most rows
    // went into the transaction.
    Files.writeString(
        bad, "oops,x,2024-01-01,1.00,true\n", java.nio.file.StandardOpenOption.APPEND);

    PipeReport report;
    try (StorageFactory storage = storage()) {
      report =
          Pipe.builder()
              .input(new CsvInputAdapter(bad.toString()))
              .output(output(url, "users", "append", "false"))
              .schema(User.class)
              .executor(new MultiThreadExecutor(2, 300))
              .storage(storage)
              .maxErrors(0)
              .build()
              .run();
    }

    assertThat(report.status()).isEqualTo(PipeStatus.FAILED);
    assertThat(dump(url, "users")).isEqualTo(before);
  }

  @Test
  void aWrongPasswordIsOneLineBeforeAnythingRuns() throws Exception {
    String url = TestPostgres.newDatabase();
    InputAdapter input = input(url, Map.of("table", "users"));
    try (StorageFactory wrong =
        StorageFactory.builder()
            .provider(new JdbcStorageProvider())
            .environment(Map.of(JdbcCredentials.DEFAULT_PASSWORD_ENV, "nope"))
            .build()) {

      assertThatThrownBy(() -> input.checkReadable(wrong))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("password authentication failed")
          .hasMessageNotContaining("\n")
          .hasMessageNotContaining("nope");
    }
  }

  @Test
  void aMissingTableAndABadQueryAreOneLineErrors() throws Exception {
    String url = TestPostgres.newDatabase();
    try (StorageFactory storage = storage()) {
      assertThatThrownBy(() -> input(url, Map.of("table", "missing")).checkReadable(storage))
          .hasMessageContaining("table missing")
          .hasMessageContaining("does not exist")
          .hasMessageNotContaining("\n");
      assertThatThrownBy(() -> input(url, Map.of("query", "SELEC 1")).checkReadable(storage))
          .hasMessageContaining("syntax error")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void aTableNameCannotInjectSql() {
    assertThatThrownBy(
            () -> output("jdbc:postgresql://h/db", "users; DROP TABLE x", "create", "auto"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid SQL name");
  }

  static JdbcInputAdapter input(String url, Map<String, String> options) {
    return new JdbcInputAdapter(Location.parse(url), JdbcOptions.parse(FormatOptions.of(options)));
  }

  static JdbcOutputAdapter output(String url, String table, String mode, String copy) {
    return new JdbcOutputAdapter(
        Location.parse(url),
        JdbcOptions.parse(
            FormatOptions.none().with("table", table).with("mode", mode).with("copy", copy)));
  }

  static StorageFactory storage() {
    return StorageFactory.builder()
        .provider(new JdbcStorageProvider())
        .environment(TestPostgres.environment())
        .build();
  }

  private PipeReport run(InputAdapter input, OutputAdapter output) throws InterruptedException {
    return run(input, output, User.class);
  }

  private PipeReport run(InputAdapter input, OutputAdapter output, @Nullable Class<?> schema)
      throws InterruptedException {
    try (StorageFactory storage = storage()) {
      Pipe.Builder builder =
          Pipe.builder()
              .input(input)
              .output(output)
              .executor(new MultiThreadExecutor(2, 300))
              .storage(storage);
      if (schema != null) {
        builder.schema(schema);
      }
      return builder.build().run();
    }
  }

  static Path users(Path file, int rows) throws IOException {
    StringBuilder text = new StringBuilder("id,name,signup,balance,active\n");
    for (int i = 0; i < rows; i++) {
      text.append(i)
          .append(',')
          .append(i % 7 == 0 ? "\"Smith, \"\"J\"\"\"" : "user" + i)
          .append(',')
          .append(LocalDate.of(2024, 1, 1).plusDays(i % 300))
          .append(',')
          .append(BigDecimal.valueOf(i * 37L, 2))
          .append(',')
          .append(i % 2 == 0)
          .append('\n');
    }
    Files.writeString(file, text);
    return file;
  }

  static List<String> dump(String url, String table) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = TestPostgres.connect(url);
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
