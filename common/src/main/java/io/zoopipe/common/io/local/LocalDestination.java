package io.zoopipe.common.io.local;

import io.zoopipe.common.io.Location;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Where writing to a local location really goes. A symbolic link is followed to its final target
 * (which need not exist yet), so that the temporary file is created beside the target and renamed
 * onto it: the link stays a link. A location that is a directory, or a device, FIFO or socket, is
 * refused, since renaming a file over it would replace it rather than write to it. Stateless.
 */
final class LocalDestination {
  /** As many links as Linux follows before it reports a loop (ELOOP). */
  private static final int MAX_LINKS = 40;

  private LocalDestination() {}

  /**
   * The absolute path to write {@code location} at: its final link target, in its directory's real
   * path.
   *
   * @throws IOException naming the location when it is a directory or not a regular file, when its
   *     directory does not exist, or when its links form a loop
   */
  static Path of(Location location) throws IOException {
    Path path = location.toPath().toAbsolutePath();
    checkType(location, path);
    Path current = path;
    for (int links = 0; Files.isSymbolicLink(current); links++) {
      if (links == MAX_LINKS) {
        throw new FileSystemException(
            path.toString(), null, "too many levels of symbolic links under " + location);
      }
      // A relative target is relative to the directory the link is in, as the kernel reads it.
      current = realDirectory(location, current).resolve(Files.readSymbolicLink(current));
    }
    return realDirectory(location, current).resolve(fileName(location, current));
  }

  /** Refuses an existing directory or special file; follows links to see what it is. */
  static void checkType(Location location, Path path) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return; // not there yet (or a dangling link): it will be created
    }
    if (attributes.isDirectory()) {
      throw new IOException(location + " is a directory; give a file name");
    }
    if (attributes.isOther()) {
      throw new IOException(
          location
              + " is not a regular file but a device, FIFO or socket; an output is written as a"
              + " new file and renamed into place (use - for standard output)");
    }
  }

  private static Path realDirectory(Location location, Path path) throws IOException {
    Path parent = path.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new NoSuchFileException(
          String.valueOf(parent), null, "directory for " + location + " does not exist");
    }
    return parent.toRealPath();
  }

  private static Path fileName(Location location, Path path) throws IOException {
    Path name = path.getFileName();
    if (name == null || Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(location + " is a directory; give a file name");
    }
    return name;
  }
}
