package io.zoopipe.common.io;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where bytes live: a local path or an object-store URI such as {@code s3://bucket/key}. A value;
 * it does not touch storage.
 *
 * @param scheme {@code file} for local paths, else the URI scheme in lower case
 * @param authority the bucket for object stores, empty for files
 * @param path the file path, or the object key (no leading slash)
 */
public record Location(String scheme, String authority, String path) {
  public static final String FILE = "file";

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
   * Parses {@code s3://bucket/key}, {@code file:///path}, a plain path, or {@code -} ({@link
   * #STANDARD_STREAMS}).
   */
  public static Location parse(String text) {
    requireNonNull(text, "location is null");
    if (text.isBlank()) {
      throw new IllegalArgumentException("location is empty");
    }
    if (text.equals("-")) {
      return STANDARD_STREAMS;
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

  @Override
  public String toString() {
    return isFile() || isStandardStream() ? path : scheme + "://" + authority + "/" + path;
  }
}
