package io.zoopipe.format.jdbc;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.format.FormatOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The options of a JDBC input or output, parsed from {@link FormatOptions}: what is read (a {@code
 * table} or a {@code query}) or written (a {@code table}, a {@code mode} and for upserts a {@code
 * key}), the sizes of fetches and insert batches, whether {@code COPY} is used, the column a
 * manager shards a read by, and where the credentials come from ({@link JdbcCredentials}). An
 * immutable value.
 *
 * @param table the table read or written, or null when a query is read
 * @param query the query read, or null
 * @param fetchSize rows the driver fetches per round trip while reading
 * @param batchSize rows per batched insert
 * @param mode what a write does to the table there
 * @param key the upsert key columns (empty unless {@code mode} is upsert)
 * @param copy {@code auto} (COPY where the database has it and the mode allows), {@code true} or
 *     {@code false}
 * @param shardColumn the numeric or date column a sharded read splits by ranges of, or null
 * @param credentials where the user and password come from
 * @param shard the key range of one planned shard of a read (set by the manager's plan), or null
 * @param snapshot the PostgreSQL snapshot a planned shard reads in, or null
 */
public record JdbcOptions(
    @Nullable SqlName table,
    @Nullable String query,
    int fetchSize,
    int batchSize,
    WriteMode mode,
    List<SqlName> key,
    String copy,
    @Nullable SqlName shardColumn,
    JdbcCredentials credentials,
    @Nullable KeyRange shard,
    @Nullable String snapshot) {
  public static final String TABLE = "table";
  public static final String QUERY = "query";
  public static final String FETCH_SIZE = "fetch_size";
  public static final String BATCH_SIZE = "batch_size";
  public static final String MODE = "mode";
  public static final String KEY = "key";
  public static final String COPY = "copy";
  public static final String SHARD_COLUMN = "shard_column";
  public static final String USER = "user";
  public static final String PASSWORD_ENV = "password_env";
  public static final String PASSWORD_FILE = "password_file";
  public static final String SNAPSHOT = "snapshot";

  /** Every option name. */
  public static final Set<String> NAMES =
      Set.of(
          TABLE,
          QUERY,
          FETCH_SIZE,
          BATCH_SIZE,
          MODE,
          KEY,
          COPY,
          SHARD_COLUMN,
          USER,
          PASSWORD_ENV,
          PASSWORD_FILE,
          KeyRange.SHARD,
          SNAPSHOT);

  public static final int DEFAULT_FETCH_SIZE = 10_000;
  public static final int DEFAULT_BATCH_SIZE = 5_000;

  public JdbcOptions {
    requireNonNull(mode, "mode is null");
    requireNonNull(copy, "copy is null");
    requireNonNull(credentials, "credentials are null");
    key = List.copyOf(key);
    if (table != null && query != null) {
      throw new IllegalArgumentException("give a table or a query, not both");
    }
    if (fetchSize < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "options fetch_size and batch_size must be >= 1, got " + fetchSize + ", " + batchSize);
    }
    if (!Set.of("auto", "true", "false").contains(copy)) {
      throw new IllegalArgumentException("option copy must be auto, true or false, got " + copy);
    }
    if (mode == WriteMode.UPSERT && key.isEmpty()) {
      throw new IllegalArgumentException("mode upsert needs the key columns (option key)");
    }
    if (snapshot != null && !snapshot.matches("[0-9A-Fa-f-]+")) {
      throw new IllegalArgumentException("option snapshot is not a snapshot id: " + snapshot);
    }
    if (mode != WriteMode.UPSERT && !key.isEmpty()) {
      throw new IllegalArgumentException("option key is for mode upsert, the mode is " + mode);
    }
  }

  /**
   * Parses {@code options}.
   *
   * @throws IllegalArgumentException naming the option at fault
   */
  public static JdbcOptions parse(FormatOptions options) {
    options.requireKnown(JdbcFormat.NAME, NAMES);
    SqlName table = options.get(TABLE).map(t -> name(TABLE, t)).orElse(null);
    String query = options.get(QUERY).orElse(null);
    if (query != null && query.isBlank()) {
      throw new IllegalArgumentException("option query is empty");
    }
    List<SqlName> key = new ArrayList<>();
    for (String column : options.getList(KEY).orElse(List.of())) {
      key.add(column(KEY, column));
    }
    return new JdbcOptions(
        table,
        query,
        number(options, FETCH_SIZE, DEFAULT_FETCH_SIZE),
        number(options, BATCH_SIZE, DEFAULT_BATCH_SIZE),
        options.get(MODE).map(WriteMode::parse).orElse(WriteMode.CREATE),
        key,
        options.get(COPY).map(c -> c.strip().toLowerCase(Locale.ROOT)).orElse("auto"),
        options.get(SHARD_COLUMN).map(c -> column(SHARD_COLUMN, c)).orElse(null),
        new JdbcCredentials(
            options.get(USER).orElse(null),
            options.get(PASSWORD_ENV).orElse(JdbcCredentials.DEFAULT_PASSWORD_ENV),
            options.get(PASSWORD_FILE).orElse(null)),
        options.get(KeyRange.SHARD).map(KeyRange::parse).orElse(null),
        options.get(SNAPSHOT).orElse(null));
  }

  /** These options as format options (defaults omitted), the form in which they travel. */
  public FormatOptions toOptions() {
    Map<String, String> values = new TreeMap<>(credentials.options());
    if (table != null) {
      values.put(TABLE, table.toString());
    }
    if (query != null) {
      values.put(QUERY, query);
    }
    if (fetchSize != DEFAULT_FETCH_SIZE) {
      values.put(FETCH_SIZE, Integer.toString(fetchSize));
    }
    if (batchSize != DEFAULT_BATCH_SIZE) {
      values.put(BATCH_SIZE, Integer.toString(batchSize));
    }
    if (mode != WriteMode.CREATE) {
      values.put(MODE, mode.optionValue());
    }
    if (!key.isEmpty()) {
      values.put(KEY, FormatOptions.list(key.stream().map(SqlName::toString).toList()));
    }
    if (!copy.equals("auto")) {
      values.put(COPY, copy);
    }
    if (shardColumn != null) {
      values.put(SHARD_COLUMN, shardColumn.toString());
    }
    if (shard != null) {
      values.put(KeyRange.SHARD, shard.optionValue());
    }
    if (snapshot != null) {
      values.put(SNAPSHOT, snapshot);
    }
    return FormatOptions.of(values);
  }

  /** The table, for an output. */
  SqlName requireTable() {
    if (table == null) {
      throw new IllegalArgumentException("a JDBC output needs a table (option table)");
    }
    return table;
  }

  /** What is read, for messages: {@code table users} or {@code query}. */
  String source() {
    return table != null ? "table " + table : "query";
  }

  private static SqlName name(String option, String text) {
    try {
      return SqlName.parse(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("option " + option + ": " + e.getMessage(), e);
    }
  }

  private static SqlName column(String option, String text) {
    try {
      return SqlName.column(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("option " + option + ": " + e.getMessage(), e);
    }
  }

  private static int number(FormatOptions options, String option, int fallback) {
    String text = options.get(option).orElse(null);
    if (text == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "option " + option + " must be a whole number, got " + text, e);
    }
  }
}
