package io.zoopipe.common.pipe;

/** What kind of run-level failure a {@link PipelineException} describes. */
public enum ErrorKind {
  /** An option, class name or combination of settings is invalid. */
  INVALID_CONFIGURATION,
  /** The input is missing, unreadable or not in the declared format as a whole. */
  INVALID_INPUT,
  /** More rows failed than the configured limit allows. */
  TOO_MANY_ROW_ERRORS,
  /** Reading or writing storage failed. */
  STORAGE,
  /** A hook failed on a batch. */
  HOOK,
  /** A bug or an unexpected state inside ZooPipe. */
  INTERNAL
}
