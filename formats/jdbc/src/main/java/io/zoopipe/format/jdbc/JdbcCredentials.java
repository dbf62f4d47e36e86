package io.zoopipe.format.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Where a connection's user and password come from, never the command line: the user from the
 * {@code user} option or the URL; the password from the environment variable the {@code
 * password_env} option names (default {@value #DEFAULT_PASSWORD_ENV}), else from the file the
 * {@code password_file} option or {@value #PASSWORD_FILE_ENV} names (its first line), else from the
 * driver's own mechanisms ({@code ~/.pgpass} for PostgreSQL). An immutable value; what it resolves
 * is never printed.
 *
 * @param user the user name, or null for the URL's or the driver's
 * @param passwordEnv the variable holding the password
 * @param passwordFile a file holding the password, or null
 */
public record JdbcCredentials(
    @Nullable String user, String passwordEnv, @Nullable String passwordFile) {
  /** The variable read for the password unless {@code password_env} names another. */
  public static final String DEFAULT_PASSWORD_ENV = "ZOOPIPE_JDBC_PASSWORD";

  /** The variable naming a password file when no {@code password_file} option is given. */
  public static final String PASSWORD_FILE_ENV = "ZOOPIPE_JDBC_PASSWORD_FILE";

  public static final JdbcCredentials DEFAULT =
      new JdbcCredentials(null, DEFAULT_PASSWORD_ENV, null);

  /**
   * The connection properties for these credentials, resolved against {@code environment}.
   *
   * @throws IOException when the password file cannot be read
   */
  Properties properties(Map<String, String> environment) throws IOException {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    String password = environment.get(passwordEnv);
    String file = passwordFile != null ? passwordFile : environment.get(PASSWORD_FILE_ENV);
    if (password == null && file != null && !file.isBlank()) {
      try {
        String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        password = (newline < 0 ? text : text.substring(0, newline)).stripTrailing();
      } catch (IOException e) {
        throw new IOException("cannot read the password file " + file + ": " + e.getMessage(), e);
      }
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    return properties;
  }

  /** The options that describe these credentials (defaults omitted). */
  Map<String, String> options() {
    Map<String, String> options = new java.util.TreeMap<>();
    if (user != null) {
      options.put(JdbcOptions.USER, user);
    }
    if (!passwordEnv.equals(DEFAULT_PASSWORD_ENV)) {
      options.put(JdbcOptions.PASSWORD_ENV, passwordEnv);
    }
    if (passwordFile != null) {
      options.put(JdbcOptions.PASSWORD_FILE, passwordFile);
    }
    return options;
  }
}
