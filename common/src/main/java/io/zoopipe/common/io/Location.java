package io.zoopipe.common.io;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where bytes live: a local path or an object-store URI such as {@code s3://bucket/key}; or a
 * database, {@code jdbc:...}, whose path is the whole JDBC URL. A value; it does not touch storage.
 * {@link #toString()} masks a password a JDBC URL carries, for messages and logs; {@link #text()}
 * is the form {@link #parse} reads back.
 *
 * @param scheme {@code file} for local paths, {@code jdbc} for databases, else the URI scheme in
 *     lower case
 * @param authority the bucket for object stores, empty for files and databases
 * @param path the file path, the object key (no leading slash), or the JDBC URL
 */
public record Location(String scheme, String authority, String path) {
  public static final String FILE = "file";

  /** The scheme of databases: the path is a JDBC URL such as {@code jdbc:sqlite:/data/x.db}. */
  public static final String JDBC = "jdbc";

  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)((?:password|passwd|pwd)=)[^&;:]*");
  private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/:@]+:)[^/@]*@");

  /** The scheme of {@link #STANDARD_STREAMS}. */
  public static final String STANDARD_STREAM = "stdio";

  /**
   * {@code -}: standard input when read, standard output when written (streamed, never split). A
   * file named {@code -} is {@code ./-}.
   */
  public static final Location STANDARD_STREAMS = new Location(STANDARD_STREAM, "", "-");

  public Location {
    requireNonNull(scheme, "scheme is null");
    requireNonNull(authority, "authority is null");
    requireNonNull(path, "path is null");
    if (path.isEmpty()) {
      throw new IllegalArgumentException(
          "location has an empty path: " + scheme + "://" + authority);
    }
  }

  /**
   * Parses {@code s3://bucket/key}, {@code file:///path}, a JDBC URL ({@code jdbc:...}), a plain
   * path, or {@code -} ({@link #STANDARD_STREAMS}).
   */
  public static Location parse(String text) {
    requireNonNull(text, "location is null");
    if (text.isBlank()) {
      throw new IllegalArgumentException("location is empty");
    }
    if (text.equals("-")) {
      return STANDARD_STREAMS;
    }
    if (text.regionMatches(true, 0, JDBC + ":", 0, JDBC.length() + 1)) {
      return new Location(JDBC, "", JDBC + text.substring(JDBC.length()));
    }
    int schemeEnd = text.indexOf("://");
    if (schemeEnd <= 1) { // no scheme, or a Windows drive letter such as C://
      return new Location(FILE, "", text);
    }
    String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    String rest = text.substring(schemeEnd + 3);
    if (scheme.equals(FILE)) {
      return new Location(FILE, "", rest);
    }
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new IllegalArgumentException(
          "location " + text + " must look like " + scheme + "://bucket/key");
    }
    return new Location(scheme, rest.substring(0, slash), rest.substring(slash + 1));
  }

  public static Location of(Path path) {
    return new Location(FILE, "", path.toString());
  }

  public boolean isFile() {
    return scheme.equals(FILE);
  }

  /** Whether this is a database: its {@link #path()} is a JDBC URL. */
  public boolean isDatabase() {
    return scheme.equals(JDBC);
  }

  /** Whether this is {@code -}, the standard streams. */
  public boolean isStandardStream() {
    return scheme.equals(STANDARD_STREAM);
  }

  /** The local path; only for {@link #isFile()} locations. */
  public Path toPath() {
    if (!isFile()) {
      throw new IllegalStateException(this + " is not a local file");
    }
    return Path.of(path);
  }

  /** The last path segment, which carries the extensions that select format and compression. */
  public String fileName() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  /** A sibling location with {@code suffix} appended to the name (temporary and part files). */
  public Location withSuffix(String suffix) {
    return new Location(scheme, authority, path + suffix);
  }

  /** The text {@link #parse} reads back as this location; unlike {@link #toString()}, unmasked. */
  public String text() {
    return isFile() || isStandardStream() || isDatabase()
        ? path
        : scheme + "://" + authority + "/" + path;
  }

  /** The location for messages and logs: {@link #text()} with a JDBC URL's password masked. */
  @Override
  public String toString() {
    return isDatabase() ? mask(path) : text();
  }

  /**
   * {@code url} with the password it carries, if any, replaced by {@code ***}: in a {@code
   * password=} (or {@code passwd=}, {@code pwd=}) property and in {@code //user:password@host}.
   */
  public static String mask(String url) {
    String masked = URL_PASSWORD.matcher(url).replaceAll("$1***");
    return URL_USER_INFO.matcher(masked).replaceAll("$1***@");
  }
}
