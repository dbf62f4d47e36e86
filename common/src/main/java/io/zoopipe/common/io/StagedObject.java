package io.zoopipe.common.io;

import static java.util.Objects.requireNonNull;

/**
 * A staged output in a remote store that a later process can publish or discard from a commit
 * record, through the {@link ResumableStorage} of its destination: the destination and the
 * storage's own description of what is staged (for S3, the multipart upload's id and parts), one
 * line of text. Immutable.
 *
 * @param target where publishing makes the bytes visible
 * @param handle what the storage needs to publish or discard them; no tab, newline or return
 */
public record StagedObject(Location target, String handle) {
  public StagedObject {
    requireNonNull(target, "target is null");
    requireNonNull(handle, "handle is null");
    if (handle.indexOf('\t') >= 0 || handle.indexOf('\n') >= 0 || handle.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("a staged handle is one line without tabs: " + handle);
    }
  }
}
