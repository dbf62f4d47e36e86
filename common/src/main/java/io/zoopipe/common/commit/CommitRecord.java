package io.zoopipe.common.commit;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StagedFile;
import io.zoopipe.common.io.StagedObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The durable record of one commit: the renames and staged objects that publish it and where its
 * copies are. One copy lies beside each destination, {@code .NAME.zoopipe-<id>.commit}, so that a
 * later run to any of them finds it. The first copy is the primary: the commit point is the moment
 * it exists. A local copy is written to a temporary file, fsynced and renamed into place; a remote
 * one is a single object write; either way a reader sees all or nothing of it. Text, one entry a
 * line, values escaped; local copies and moves are absolute paths, others location URIs. Immutable.
 */
record CommitRecord(List<Location> copies, List<StagedFile> moves, List<StagedObject> objects) {
  static final String SUFFIX = ".commit";
  private static final String WRITING_SUFFIX = SUFFIX + ".writing";
  private static final String HEADER = "zoopipe-commit 1";
  private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");

  CommitRecord {
    copies = List.copyOf(copies);
    moves = List.copyOf(moves);
    objects = List.copyOf(objects);
    if (copies.isEmpty()) {
      throw new IllegalArgumentException("a commit record needs a copy");
    }
  }

  /** A record of local renames only, its copies local files. */
  CommitRecord(List<Path> copies, List<StagedFile> moves) {
    this(copies.stream().map(Location::of).toList(), moves, List.of());
  }

  /** Where the copy of commit {@code id} beside {@code destination} lies. */
  static Path copyBeside(Path destination, String id) {
    return destination.resolveSibling("." + destination.getFileName() + ".zoopipe-" + id + SUFFIX);
  }

  /** Where the copy of commit {@code id} beside {@code destination} (any storage) lies. */
  static Location copyBeside(Location destination, String id) {
    if (destination.isFile()) {
      return Location.of(copyBeside(destination.toPath().toAbsolutePath(), id));
    }
    String path = destination.path();
    String directory = path.substring(0, path.lastIndexOf('/') + 1);
    return new Location(
        destination.scheme(),
        destination.authority(),
        directory + namePrefix(destination.fileName()) + id + SUFFIX);
  }

  /** How the names of every record copy beside a destination called {@code fileName} start. */
  static String namePrefix(String fileName) {
    return "." + fileName + ".zoopipe-";
  }

  /** Whether {@code path} is a record copy lying beside {@code destination}. */
  static boolean isCopyBeside(Path destination, Path path) {
    return isCopyName(
        String.valueOf(destination.getFileName()), String.valueOf(path.getFileName()));
  }

  /**
   * Whether {@code path} is a record copy being written beside {@code destination} ({@code
   * .NAME.zoopipe-<id>.commit.writing}): locked by its writer until it is renamed into place.
   */
  static boolean isWritingBeside(Path destination, Path path) {
    return hasName(
        String.valueOf(destination.getFileName()),
        String.valueOf(path.getFileName()),
        WRITING_SUFFIX);
  }

  /** Whether {@code name} is the name of a record copy beside a destination called {@code file}. */
  static boolean isCopyName(String file, String name) {
    return hasName(file, name, SUFFIX);
  }

  private static boolean hasName(String file, String name, String suffix) {
    String prefix = namePrefix(file);
    return name.startsWith(prefix)
        && name.endsWith(suffix)
        && ID.matcher(name.substring(prefix.length(), name.length() - suffix.length())).matches();
  }

  Location primary() {
    return copies.get(0);
  }

  /** Writes the local copy at {@code copy} durably (see {@link #write(Path, Runnable)}). */
  void write(Location copy, Runnable whileWriting) throws IOException {
    write(copy.toPath(), whileWriting);
  }

  /**
   * Writes the copy at {@code copy} durably: temporary file ({@code .writing}, locked by this
   * process like the other temporaries, so that a later run tells one whose writer died), fsync,
   * rename, directory fsync; runs {@code whileWriting} between the fsync and the rename (a test
   * pause).
   */
  void write(Path copy, Runnable whileWriting) throws IOException {
    Path temporary = copy.resolveSibling(copy.getFileName() + ".writing");
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      lock(channel);
      ByteBuffer bytes = ByteBuffer.wrap(text().getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
      whileWriting.run();
      // Renamed while still locked: a recovery never sees it unlocked before it is a record.
      try {
        Files.move(temporary, copy, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, copy, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
    syncDirectory(copy);
  }

  private static void lock(FileChannel channel) {
    try {
      channel.tryLock(); // released with the channel, or by the operating system if we die
    } catch (IOException e) {
      // No lock support on this file system: a later run then takes the file for abandoned.
    }
  }

  /** Reads a copy; a file that is not a whole record raises {@link IOException}. */
  static CommitRecord read(Path copy) throws IOException {
    return parse(Files.readString(copy, StandardCharsets.UTF_8), copy.toString());
  }

  /** Parses a copy's text, read from {@code where}; one that is not whole raises. */
  static CommitRecord parse(String text, String where) throws IOException {
    List<String> lines = text.lines().toList();
    if (lines.size() < 2
        || !lines.get(0).equals(HEADER)
        || !lines.get(lines.size() - 1).equals("end")) {
      throw new IOException(where + " is not a complete commit record");
    }
    List<Location> copies = new ArrayList<>();
    List<StagedFile> moves = new ArrayList<>();
    List<StagedObject> objects = new ArrayList<>();
    try {
      for (String line : lines.subList(1, lines.size() - 1)) {
        String[] fields = line.split("\t", -1);
        if (fields.length == 2 && fields[0].equals("copy")) {
          copies.add(Location.parse(unescape(fields[1])));
        } else if (fields.length == 3 && fields[0].equals("move")) {
          moves.add(new StagedFile(Path.of(unescape(fields[1])), Path.of(unescape(fields[2]))));
        } else if (fields.length == 3 && fields[0].equals("object")) {
          objects.add(new StagedObject(Location.parse(unescape(fields[1])), unescape(fields[2])));
        } else {
          throw new IOException(where + ": unexpected line in a commit record: " + line);
        }
      }
      return new CommitRecord(copies, moves, objects);
    } catch (IllegalArgumentException e) {
      throw new IOException(where + ": not a valid commit record: " + e.getMessage(), e);
    }
  }

  /** The text of every copy. */
  String text() {
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    for (Location copy : copies) {
      text.append("copy\t").append(escape(copy.toString())).append('\n');
    }
    for (StagedFile move : moves) {
      text.append("move\t")
          .append(escape(move.staged().toString()))
          .append('\t')
          .append(escape(move.target().toString()))
          .append('\n');
    }
    for (StagedObject object : objects) {
      text.append("object\t")
          .append(escape(object.target().toString()))
          .append('\t')
          .append(escape(object.handle()))
          .append('\n');
    }
    return text.append("end\n").toString();
  }

  /** Makes a rename or deletion in {@code file}'s directory durable, where the platform can. */
  static void syncDirectory(Path file) {
    Path directory = file.toAbsolutePath().getParent();
    if (directory == null) {
      return;
    }
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Not every platform opens directories (Windows); the rename itself is done.
    }
  }

  private static String escape(String value) {
    return value.replace("%", "%25").replace("\t", "%09").replace("\n", "%0A").replace("\r", "%0D");
  }

  private static String unescape(String value) {
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%09", "\t").replace("%25", "%");
  }
}
