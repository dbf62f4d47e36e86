package io.zoopipe.format.jdbc;

import io.zoopipe.common.io.Location;
import java.io.IOException;
import java.sql.SQLException;

/** Turns driver exceptions into one-line messages that name the (masked) database. Stateless. */
final class JdbcErrors {
  private JdbcErrors() {}

  /** An I/O failure saying what was being done to {@code location} and what the driver said. */
  static IOException io(Location location, String doing, SQLException e) {
    return new IOException(location + ": " + doing + ": " + firstLine(e), e);
  }

  /** The first line of the driver's message, with any URL password masked. */
  static String firstLine(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    String line = (newline < 0 ? message : message.substring(0, newline)).strip();
    return Location.mask(line);
  }
}
