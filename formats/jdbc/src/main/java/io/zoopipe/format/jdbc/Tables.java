package io.zoopipe.format.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

/** Statements on tables that every dialect understands. Stateless. */
final class Tables {
  private Tables() {}

  /**
   * Whether {@code table} (quoted) exists, asked by selecting nothing from it inside a savepoint,
   * so that the failed statement of a missing table does not end the load's transaction.
   */
  static boolean exists(Connection connection, String table) throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    try (Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
      connection.releaseSavepoint(savepoint);
      return true;
    } catch (SQLException e) {
      connection.rollback(savepoint);
      return false;
    }
  }

  static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
