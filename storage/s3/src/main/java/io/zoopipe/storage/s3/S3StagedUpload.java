package io.zoopipe.storage.s3;

import static java.util.Objects.requireNonNull;

import io.zoopipe.common.io.StagedFile;
import io.zoopipe.common.io.StagedObject;
import io.zoopipe.common.io.StagedOutput;
import java.io.IOException;
import java.util.Optional;

/**
 * A complete S3 object staged as a multipart upload whose every part is uploaded but which is not
 * completed: nothing is visible at the key, and the upload outlives this process, so a commit
 * record can name it ({@link #object()}) and a later run complete or abort it. {@link #publish()}
 * completes it (idempotently, see {@link StagedUploads#publish}); {@link #discard()} aborts it. Not
 * thread-safe: one thread publishes or discards.
 */
final class S3StagedUpload implements StagedOutput {
  private final StagedUploads uploads;
  private final StagedObject object;
  private boolean ended;

  S3StagedUpload(StagedUploads uploads, StagedObject object) {
    this.uploads = requireNonNull(uploads, "uploads is null");
    this.object = requireNonNull(object, "object is null");
  }

  @Override
  public Optional<StagedObject> object() {
    return Optional.of(object);
  }

  @Override
  public Optional<StagedFile> file() {
    return Optional.empty();
  }

  @Override
  public void publish() throws IOException {
    if (ended) {
      throw new IllegalStateException(object.target() + " was already published or discarded");
    }
    uploads.publish(object);
    ended = true; // a failed completion may still be discarded
  }

  @Override
  public void discard() {
    if (ended) {
      return;
    }
    ended = true;
    uploads.discard(object);
  }
}
