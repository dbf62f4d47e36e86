package io.zoopipe.cli;

import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.Location;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The options of {@code jdbc:} inputs and outputs ({@code --table}, {@code --query}, {@code
 * --output-table}, {@code --write-mode}, ...), turned into the options of the {@code jdbc} format
 * for each role. Passwords are never options: they come from {@code $ZOOPIPE_JDBC_PASSWORD} (or the
 * variable {@code --db-password-env} names), a file, or the driver's own mechanisms; a URL that
 * carries one is refused.
 */
final class DatabaseOptions {
  @Option(
      names = "--table",
      paramLabel = "NAME",
      description = "The table a jdbc: input reads (schema.table allowed).")
  @Nullable String table;

  @Option(
      names = "--query",
      paramLabel = "SQL",
      description = "The query a jdbc: input reads, instead of --table.")
  @Nullable String query;

  @Option(
      names = "--fetch-size",
      paramLabel = "N",
      description = "Rows a jdbc: input fetches per round trip (default: 10000).")
  @Nullable Integer fetchSize;

  @Option(
      names = "--shard-column",
      paramLabel = "COLUMN",
      description =
          "Numeric or date column a sharded jdbc: read splits into key ranges (--workers).")
  @Nullable String shardColumn;

  @Option(
      names = "--output-table",
      paramLabel = "NAME",
      description = "The table a jdbc: output writes.")
  @Nullable String outputTable;

  @Option(
      names = "--write-mode",
      paramLabel = "create|append|replace|upsert",
      description =
          "What a jdbc: output does to its table (default: create, failing if it exists).")
  @Nullable String writeMode;

  @Option(
      names = "--upsert-key",
      split = ",",
      paramLabel = "COLUMN",
      description = "The key columns of --write-mode upsert.")
  List<String> upsertKey = new ArrayList<>();

  @Option(
      names = "--insert-batch-size",
      paramLabel = "N",
      description = "Rows per batched INSERT of a jdbc: output (default: 5000).")
  @Nullable Integer insertBatchSize;

  @Option(
      names = "--copy",
      paramLabel = "auto|true|false",
      description = "Load PostgreSQL with COPY (default: auto, COPY unless upserting).")
  @Nullable String copy;

  @Option(
      names = "--errors-table",
      paramLabel = "NAME",
      description = "The table failed rows go to when --errors is a jdbc: URL.")
  @Nullable String errorsTable;

  @Option(
      names = "--db-user",
      paramLabel = "USER",
      description = "Database user (default: the URL's, or the driver's).")
  @Nullable String user;

  @Option(
      names = "--db-password-env",
      paramLabel = "VAR",
      description = "Environment variable holding the password (default: ZOOPIPE_JDBC_PASSWORD).")
  @Nullable String passwordEnv;

  @Option(
      names = "--db-password-file",
      paramLabel = "FILE",
      description = "File whose first line is the password (default: $ZOOPIPE_JDBC_PASSWORD_FILE).")
  @Nullable String passwordFile;

  /** Refuses a JDBC URL that carries a password: it would show in process lists and histories. */
  static void refusePassword(String option, Location location) {
    if (location.isDatabase() && !Location.mask(location.path()).equals(location.path())) {
      throw new UsageException(
          option
              + " "
              + location
              + ": a password does not belong on the command line; put it in"
              + " $ZOOPIPE_JDBC_PASSWORD or a file (--db-password-file)");
    }
  }

  /** {@code options} with the input's database options, when {@code location} is a database. */
  FormatOptions forInput(Location location, FormatOptions options) {
    if (!location.isDatabase()) {
      refuseFor("--input", table, "--table", query, "--query");
      return options;
    }
    if ((table == null) == (query == null)) {
      throw new UsageException("--input " + location + " needs --table or --query (one of them)");
    }
    FormatOptions with = credentials(options);
    with = put(with, "table", table);
    with = put(with, "query", query);
    with = put(with, "fetch_size", fetchSize);
    return put(with, "shard_column", shardColumn);
  }

  /** {@code options} with the output's database options, when {@code location} is a database. */
  FormatOptions forOutput(Location location, FormatOptions options) {
    if (!location.isDatabase()) {
      refuseFor("--output", outputTable, "--output-table", writeMode, "--write-mode");
      return options;
    }
    if (outputTable == null) {
      throw new UsageException("--output " + location + " needs --output-table");
    }
    FormatOptions with = credentials(options).with("table", outputTable);
    with = put(with, "mode", writeMode);
    if (!upsertKey.isEmpty()) {
      with = with.withList("key", upsertKey);
    }
    with = put(with, "batch_size", insertBatchSize);
    return put(with, "copy", copy);
  }

  /** {@code options} with the error output's database options: appended, never upserted. */
  FormatOptions forErrors(Location location, FormatOptions options) {
    if (!location.isDatabase()) {
      return options;
    }
    if (errorsTable == null) {
      throw new UsageException("--errors " + location + " needs --errors-table");
    }
    String mode = writeMode == null || writeMode.equals("upsert") ? "append" : writeMode;
    FormatOptions with = credentials(options).with("table", errorsTable).with("mode", mode);
    with = put(with, "batch_size", insertBatchSize);
    return put(with, "copy", copy);
  }

  private FormatOptions credentials(FormatOptions options) {
    FormatOptions with = put(options, "user", user);
    with = put(with, "password_env", passwordEnv);
    return put(with, "password_file", passwordFile);
  }

  private static FormatOptions put(FormatOptions options, String key, @Nullable Object value) {
    return value == null ? options : options.with(key, value.toString());
  }

  private static void refuseFor(
      String role, @Nullable String first, String firstName, @Nullable String second, String name) {
    String given = first != null ? firstName : second != null ? name : null;
    if (given != null) {
      throw new UsageException(given + " is for a jdbc: " + role + ", not a file");
    }
  }
}
