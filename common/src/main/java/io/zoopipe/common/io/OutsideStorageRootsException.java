package io.zoopipe.common.io;

/**
 * A shard task names a location outside the worker's storage roots; nothing was read or written.
 * The worker service answers PERMISSION_DENIED with the message, which names the location and the
 * roots.
 */
public final class OutsideStorageRootsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OutsideStorageRootsException(String message) {
    super(message);
  }
}
