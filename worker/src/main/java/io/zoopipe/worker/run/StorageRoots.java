package io.zoopipe.worker.run;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.OutsideStorageRootsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The places a worker may read and write: local directories and object-store prefixes ({@code
 * s3://bucket/prefix}). A local location is inside a root when its real path (absolute, {@code ..}
 * resolved, symbolic links resolved as far as the path exists) lies in the root's real path; an
 * object-store location when it names the root's bucket and its key lies below the prefix, which is
 * taken as a directory ({@code s3://b/data} admits {@code s3://b/data/x}, not {@code
 * s3://b/database}). A database root is the start of a JDBC URL ({@code jdbc:postgresql://db1},
 * {@code jdbc:sqlite:/data/}): it admits a URL that begins with it where the root ends at a
 * boundary (the end, or {@code / : ? ; #} next), so {@code jdbc:postgresql://db1} admits {@code
 * jdbc:postgresql://db1:5432/app}, not {@code jdbc:postgresql://db10/app}. {@link #UNRESTRICTED}
 * admits everything. Immutable and thread-safe.
 */
public final class StorageRoots {
  /** No roots: every location is admitted (workers started by a manager for one job). */
  public static final StorageRoots UNRESTRICTED =
      new StorageRoots(List.of(), List.of(), List.of(), List.of());

  private final List<String> given;
  private final List<Path> directories;
  private final List<ObjectRoot> prefixes;
  private final List<String> databases;

  private StorageRoots(
      List<String> given,
      List<Path> directories,
      List<ObjectRoot> prefixes,
      List<String> databases) {
    this.given = List.copyOf(given);
    this.directories = List.copyOf(directories);
    this.prefixes = List.copyOf(prefixes);
    this.databases = List.copyOf(databases);
  }

  /**
   * Roots as given on a command line: existing local directories (relative ones against the working
   * directory) or {@code scheme://bucket[/prefix]}. An empty list means {@link #UNRESTRICTED}.
   *
   * @throws IllegalArgumentException naming the root, when a directory does not exist or is not a
   *     directory, or an object-store root has no bucket
   */
  public static StorageRoots of(List<String> roots) {
    if (roots.isEmpty()) {
      return UNRESTRICTED;
    }
    List<Path> directories = new ArrayList<>();
    List<ObjectRoot> prefixes = new ArrayList<>();
    List<String> databases = new ArrayList<>();
    for (String root : roots) {
      requireNonNull(root, "root is null");
      if (root.isBlank()) {
        throw new IllegalArgumentException("storage root is empty");
      }
      if (root.regionMatches(true, 0, Location.JDBC + ":", 0, Location.JDBC.length() + 1)) {
        if (!Location.mask(root).equals(root)) {
          throw new IllegalArgumentException(
              "storage root " + Location.mask(root) + " must not carry a password");
        }
        databases.add(root);
        continue;
      }
      int schemeEnd = root.indexOf("://");
      if (schemeEnd > 1 && !root.toLowerCase(Locale.ROOT).startsWith(Location.FILE + "://")) {
        prefixes.add(ObjectRoot.parse(root, schemeEnd));
      } else {
        directories.add(directory(root, Location.parse(root).toPath()));
      }
    }
    return new StorageRoots(roots, directories, prefixes, databases);
  }

  /** Whether any root was given (if not, every location is admitted). */
  public boolean isRestricted() {
    return !given.isEmpty();
  }

  /** Whether {@code location} lies under one of the roots (always, when unrestricted). */
  public boolean admits(Location location) {
    return refusal(location) == null;
  }

  /**
   * Checks that {@code location} lies under one of the roots.
   *
   * @param role what the location is for, for the message ("input", "output part")
   * @throws OutsideStorageRootsException naming the location and the roots, when it does not
   */
  public void check(String role, Location location) {
    String refusal = refusal(location);
    if (refusal != null) {
      throw new OutsideStorageRootsException(
          role + " " + location + refusal + " is outside this worker's storage roots " + this);
    }
  }

  /** Null when admitted, else what to add to the location in the message (may be empty). */
  private @Nullable String refusal(Location location) {
    if (!isRestricted()) {
      return null;
    }
    if (location.isDatabase()) {
      String url = location.path();
      if (url.contains("..")) {
        return " (a URL with '..')";
      }
      for (String database : databases) {
        if (url.startsWith(database)
            && (url.length() == database.length()
                || "/:?;#".indexOf(url.charAt(database.length())) >= 0
                || "/:?;#".indexOf(database.charAt(database.length() - 1)) >= 0)) {
          return null;
        }
      }
      return "";
    }
    if (!location.isFile()) {
      for (ObjectRoot prefix : prefixes) {
        if (prefix.admits(location)) {
          return null;
        }
      }
      return "";
    }
    Path resolved;
    try {
      resolved = resolve(location.toPath());
    } catch (InvalidPathException e) {
      return " (not a valid path)";
    }
    if (resolved == null) {
      return " (a symbolic link that cannot be resolved)";
    }
    for (Path directory : directories) {
      if (resolved.startsWith(directory)) {
        return null;
      }
    }
    return resolved.equals(location.toPath()) ? "" : " (resolves to " + resolved + ")";
  }

  /**
   * The real path of the longest existing part of {@code path} (so links and {@code ..} are
   * resolved as the operating system would), followed by the rest, normalised. Null when an
   * existing part cannot be resolved (a dangling symbolic link, which a write would follow).
   */
  private static @Nullable Path resolve(Path path) {
    Path existing = path.toAbsolutePath();
    Deque<Path> missing = new ArrayDeque<>();
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      Path name = existing.getFileName();
      if (name != null) {
        missing.push(name);
      }
      existing = existing.getParent();
    }
    if (existing == null) {
      return null;
    }
    Path resolved;
    try {
      resolved = existing.toRealPath();
    } catch (IOException e) {
      return null;
    }
    for (Path name : missing) {
      resolved = resolved.resolve(name);
    }
    return resolved.normalize();
  }

  private static Path directory(String root, Path path) {
    try {
      Path real = path.toAbsolutePath().toRealPath();
      if (!Files.isDirectory(real)) {
        throw new IllegalArgumentException("storage root " + root + " is not a directory");
      }
      return real;
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("storage root " + root + " does not exist", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("storage root " + root + ": " + e, e);
    }
  }

  /** The roots as given, for messages: {@code [/data, s3://bucket/in]}. */
  @Override
  public String toString() {
    return given.toString();
  }

  /** An object-store root: a bucket and a key prefix without trailing slash (empty: the bucket). */
  private record ObjectRoot(String scheme, String bucket, String prefix) {
    static ObjectRoot parse(String root, int schemeEnd) {
      String scheme = root.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
      String rest = root.substring(schemeEnd + 3);
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String prefix = slash < 0 ? "" : rest.substring(slash + 1);
      while (prefix.endsWith("/")) {
        prefix = prefix.substring(0, prefix.length() - 1);
      }
      if (bucket.isEmpty()) {
        throw new IllegalArgumentException(
            "storage root " + root + " must look like " + scheme + "://bucket[/prefix]");
      }
      if (hasDotSegment(prefix)) {
        throw new IllegalArgumentException(
            "storage root " + root + " must not contain '.' or '..' segments");
      }
      return new ObjectRoot(scheme, bucket, prefix);
    }

    boolean admits(Location location) {
      String key = location.path();
      return location.scheme().equals(scheme)
          && location.authority().equals(bucket)
          && (prefix.isEmpty() || key.startsWith(prefix + "/"))
          // Keys are not paths, but some stores and HTTP layers normalise dot segments.
          && !hasDotSegment(key);
    }

    private static boolean hasDotSegment(String key) {
      for (String segment : key.split("/", -1)) {
        if (segment.equals(".") || segment.equals("..")) {
          return true;
        }
      }
      return false;
    }
  }
}
