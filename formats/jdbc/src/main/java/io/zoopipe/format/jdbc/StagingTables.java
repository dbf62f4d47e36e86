package io.zoopipe.format.jdbc;

import io.zoopipe.common.io.Location;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The staging tables of sharded loads: shard {@code s}, attempt {@code a} of job {@code j} into
 * target {@code t} writes {@code zoopipe_stage_<hash of t>_<j>_<s>_<a>} in {@code t}'s schema, so
 * that the tables of one target are found by prefix. A part's location is the database's URL with
 * the staging table after {@code #}. Rule for dead tables: a staging table of target {@code t}
 * whose job is not the job now starting a load into {@code t} is dead (one job loads a table at a
 * time), and the new job drops it. Stateless.
 */
final class StagingTables {
  static final String PREFIX = "zoopipe_stage_";

  private StagingTables() {}

  /** The prefix of every staging table of {@code target}. */
  static String prefix(SqlName target) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(target.toString().getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(digest, 0, 4) + "_";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The prefix of the staging tables of job {@code jobId} into {@code target}. */
  static String jobPrefix(SqlName target, String jobId) {
    String job = jobId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return prefix(target) + job.substring(0, Math.min(job.length(), 16)) + "_";
  }

  /** The staging table of one attempt. */
  static SqlName table(SqlName target, String jobId, int shard, int attempt) {
    return target.withName(jobPrefix(target, jobId) + shard + "_" + attempt);
  }

  /** {@code url#table}: where a part is written. */
  static Location location(Location database, SqlName table) {
    return new Location(Location.JDBC, "", url(database) + "#" + table);
  }

  /** The URL without a part's {@code #table}. */
  static String url(Location location) {
    String path = location.path();
    int hash = path.lastIndexOf('#');
    return hash < 0 ? path : path.substring(0, hash);
  }

  /** The staging table a part location names, if it names one. */
  static Optional<SqlName> named(Location location) {
    String path = location.path();
    int hash = path.lastIndexOf('#');
    return hash < 0 ? Optional.empty() : Optional.of(SqlName.parse(path.substring(hash + 1)));
  }

  /** The tables of {@code schema} whose name starts with {@code prefix}. */
  static List<SqlName> list(Connection connection, SqlName target, String prefix)
      throws SQLException {
    DatabaseMetaData metadata = connection.getMetaData();
    String escape = metadata.getSearchStringEscape();
    String pattern = escape == null ? prefix : prefix.replace("_", escape + "_");
    List<SqlName> tables = new ArrayList<>();
    try (ResultSet rows = metadata.getTables(null, target.schema(), pattern + "%", null)) {
      while (rows.next()) {
        String name = rows.getString("TABLE_NAME");
        if (name != null && name.startsWith(prefix)) {
          tables.add(target.withName(name));
        }
      }
    }
    return tables;
  }
}
