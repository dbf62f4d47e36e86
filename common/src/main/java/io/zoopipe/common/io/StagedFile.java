package io.zoopipe.common.io;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * A staged local file and the destination a rename publishes it to; both absolute, in one
 * directory.
 */
public record StagedFile(Path staged, Path target) {
  public StagedFile {
    requireNonNull(staged, "staged is null");
    requireNonNull(target, "target is null");
    if (!staged.isAbsolute() || !target.isAbsolute()) {
      throw new IllegalArgumentException("paths must be absolute: " + staged + " -> " + target);
    }
  }
}
