package io.zoopipe.manager.merge;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.adapter.Envelope;
import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Compression;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StagedFile;
import io.zoopipe.common.io.StagedObject;
import io.zoopipe.common.io.StagedOutput;
import io.zoopipe.common.io.Storage;
import io.zoopipe.common.io.StorageFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Merges the parts of one output into its destination, as if one JVM had written it: the envelope's
 * head, the non-empty parts in shard order with the separator between two of them, the tail. Pieces
 * of the envelope are written beside the parts, each compressed on its own when the destination is
 * (concatenated gzip members and zstd frames are valid streams), and {@link Storage#concatenate}
 * assembles everything atomically: nothing is visible at the destination until it is complete. The
 * envelope pieces are deleted once the destination is written (or the merge failed). Stateless
 * apart from its settings; thread-safe.
 */
public final class PartMerger {
  private final StorageFactory storage;
  private final Location destination;
  private final Location workDirectory;
  private final Compression compression;

  /**
   * @param storage where the destination, the parts and the pieces are
   * @param workDirectory where to write the envelope pieces (the parts' directory or prefix)
   */
  public PartMerger(StorageFactory storage, Location destination, Location workDirectory) {
    this.storage = requireNonNull(storage, "storage is null");
    this.destination = requireNonNull(destination, "destination is null");
    this.workDirectory = requireNonNull(workDirectory, "workDirectory is null");
    this.compression = Compression.fromFileName(destination.fileName());
  }

  /**
   * Writes the destination.
   *
   * @param parts the parts in shard order; only non-empty ones (parts with records)
   */
  public void merge(Envelope envelope, List<Location> parts) throws IOException {
    stage(envelope, parts).publishOrDiscard();
  }

  /**
   * Writes the destination's content, staged: complete, but visible only once the returned output
   * is published (see {@link Storage#stageConcatenation}).
   */
  public StagedOutput stage(Envelope envelope, List<Location> parts) throws IOException {
    List<Location> pieces = new ArrayList<>();
    try {
      StagedOutput staged =
          storage
              .forLocation(destination)
              .stageConcatenation(sources(envelope, parts, pieces), destination);
      return deletingAfterwards(storage, staged, pieces);
    } catch (IOException | RuntimeException e) {
      pieces.forEach(piece -> deleteQuietly(storage, piece));
      throw e;
    }
  }

  /**
   * {@code staged}, deleting {@code temporaries} once it is published or discarded: a storage may
   * stage a concatenation without reading its sources yet (S3 assembles the target server-side when
   * it publishes), so the sources must outlive the staging.
   */
  public static StagedOutput deletingAfterwards(
      StorageFactory storage, StagedOutput staged, List<Location> temporaries) {
    List<Location> owned = List.copyOf(temporaries);
    return new StagedOutput() {
      @Override
      public Optional<StagedFile> file() {
        return staged.file();
      }

      @Override
      public Optional<StagedObject> object() {
        return staged.object();
      }

      @Override
      public void sync() throws IOException {
        staged.sync();
      }

      @Override
      public void publish() throws IOException {
        try {
          staged.publish();
        } finally {
          owned.forEach(temporary -> deleteQuietly(storage, temporary));
        }
      }

      @Override
      public void discard() {
        try {
          staged.discard();
        } finally {
          owned.forEach(temporary -> deleteQuietly(storage, temporary));
        }
      }
    };
  }

  /** The pieces and parts to concatenate, writing the envelope pieces (added to {@code pieces}). */
  private List<Location> sources(Envelope envelope, List<Location> parts, List<Location> pieces)
      throws IOException {
    List<Location> sources = new ArrayList<>();
    if (parts.isEmpty()) {
      // No part has a record: the destination is what one JVM writes for no records, and an
      // empty compressed file is not a valid stream while one empty member is.
      Location empty = piece("empty", envelope.empty(), compression != Compression.NONE, pieces);
      if (empty != null) {
        sources.add(empty);
      }
      return sources;
    }
    Location head = piece("head", envelope.head(), false, pieces);
    Location separator = piece("separator", envelope.separator(), false, pieces);
    Location tail = piece("tail", envelope.tail(), false, pieces);
    if (head != null) {
      sources.add(head);
    }
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0 && separator != null) {
        sources.add(separator);
      }
      sources.add(parts.get(i));
    }
    if (tail != null) {
      sources.add(tail);
    }
    return sources;
  }

  /** Deletes a temporary file of the merge; a failure only leaves it for the job's clean-up. */
  public static void deleteQuietly(StorageFactory storage, Location location) {
    try {
      storage.forLocation(location).delete(location);
    } catch (IOException | RuntimeException e) {
      // The job's clean-up removes its work directory; an object left behind is only litter.
    }
  }

  private @Nullable Location piece(
      String name, byte[] content, boolean evenIfEmpty, List<Location> pieces) throws IOException {
    if (content.length == 0 && !evenIfEmpty) {
      return null;
    }
    Location location = workDirectory.withSuffix("/" + name + "." + destination.fileName());
    pieces.add(location);
    try (AtomicOutput output = storage.forLocation(location).create(location)) {
      OutputStream out = compression.compress(output.stream());
      out.write(content);
      if (out != output.stream()) {
        out.close();
      }
      output.commit();
    }
    return location;
  }
}
