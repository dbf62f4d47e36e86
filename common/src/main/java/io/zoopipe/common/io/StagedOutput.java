package io.zoopipe.common.io;

import java.io.IOException;
import java.util.Optional;

/**
 * An output whose bytes are complete but not yet visible at its destination: a temporary file
 * beside it, or an upload not yet completed. One of {@link #publish()} or {@link #discard()} ends
 * it. A {@link io.zoopipe.common.commit.OutputCommit} publishes several staged outputs together.
 * Not thread-safe: one thread stages, publishes or discards.
 */
public interface StagedOutput {
  /**
   * The rename that publishes this output, when it is one that a later process can perform from a
   * commit record (a local temporary file); empty when publishing needs this process.
   */
  Optional<StagedFile> file();

  /**
   * The staged object that publishes this output, when a later process can publish it from a commit
   * record through a {@link ResumableStorage} (an S3 multipart upload); empty otherwise.
   */
  default Optional<StagedObject> object() {
    return Optional.empty();
  }

  /** Makes the staged bytes durable (fsync), where the storage can; a no-op otherwise. */
  default void sync() throws IOException {}

  /** Makes the staged bytes visible at the destination, replacing what was there, in one step. */
  void publish() throws IOException;

  /** Deletes the staged bytes; the destination is untouched. Never throws. */
  void discard();

  /** Publishes, or discards when publishing fails: what a lone output does to finish. */
  default void publishOrDiscard() throws IOException {
    try {
      publish();
    } catch (IOException | RuntimeException e) {
      discard();
      throw e;
    }
  }

  /** A staged output that publishes by {@code commit()} and discards by {@code abort()}. */
  static StagedOutput deferred(AtomicOutput output) {
    return new StagedOutput() {
      @Override
      public Optional<StagedFile> file() {
        return Optional.empty();
      }

      @Override
      public void publish() throws IOException {
        output.commit();
      }

      @Override
      public void discard() {
        output.abort();
      }
    };
  }
}
