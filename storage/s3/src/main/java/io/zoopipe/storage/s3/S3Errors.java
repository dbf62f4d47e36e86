package io.zoopipe.storage.s3;

import io.zoopipe.common.io.Location;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Turns SDK exceptions into the {@link IOException}s the {@link io.zoopipe.common.io.Storage}
 * contract promises: one line naming the location, with the SDK exception as the cause (never in
 * the message). Stateless.
 */
final class S3Errors {
  private static final int MAX_DETAIL_CHARS = 200;

  private S3Errors() {}

  /** An exception for {@code e}, raised while doing {@code action} ("reading") on location. */
  static IOException translate(SdkException e, Location location, String action) {
    if (e instanceof AbortedException) {
      InterruptedIOException interrupted =
          new InterruptedIOException(location + ": " + action + " was interrupted");
      interrupted.initCause(e);
      return interrupted;
    }
    if (e instanceof S3Exception s3) {
      return translate(s3, location, action);
    }
    String message = e.getMessage();
    if (message != null && message.startsWith(CredentialsDiagnosis.SDK_PREFIX)) {
      return new IOException(
          location + ": " + action + " failed: " + CredentialsDiagnosis.explain(message), e);
    }
    Throwable root = rootCause(e);
    if (root instanceof UnknownHostException) {
      return new IOException(
          location
              + ": "
              + action
              + " failed: unknown host "
              + oneLine(root.getMessage(), "")
              + "; an S3-compatible endpoint usually needs path-style access"
              + " (ZOOPIPE_S3_PATH_STYLE=true)",
          e);
    }
    if (root != e) {
      // The SDK's own text is generic ("Unable to execute HTTP request"); the cause says what.
      message = root.getClass().getSimpleName() + ": " + oneLine(root.getMessage(), "no detail");
    }
    return new IOException(
        location + ": " + action + " failed: " + oneLine(message, "no detail"), e);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static IOException translate(S3Exception e, Location location, String action) {
    int status = e.statusCode();
    String code = errorCode(e);
    IOException translated;
    if (status == 404 && "NoSuchBucket".equals(code)) {
      translated = noSuchBucket(location);
    } else if (status == 404 && (code == null || "NoSuchKey".equals(code))) {
      translated = new NoSuchFileException(location.toString(), null, "no such object");
    } else if (status == 403) {
      translated =
          new AccessDeniedException(
              location.toString(),
              null,
              "access denied while "
                  + action
                  + " (HTTP 403"
                  + (code == null ? "" : " " + code)
                  + "); check the credentials and the bucket's policy");
    } else if (status == 301 || "PermanentRedirect".equals(code)) {
      return new IOException(
          location
              + ": bucket '"
              + location.authority()
              + "' is in another region than the client's; set AWS_REGION to its region",
          e);
    } else {
      String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
      return new IOException(
          location
              + ": "
              + action
              + " failed (HTTP "
              + status
              + (code == null ? "" : " " + code)
              + (message == null ? "" : ": " + oneLine(message, ""))
              + ")",
          e);
    }
    translated.initCause(e);
    return translated;
  }

  /** The exception for a bucket that does not exist, naming the bucket and the location. */
  static NoSuchFileException noSuchBucket(Location location) {
    return new NoSuchFileException(
        location.toString(), null, "bucket '" + location.authority() + "' does not exist");
  }

  /** Whether {@code s3} is the "not found" answer of a HEAD or GET (bucket or key). */
  static boolean isNotFound(S3Exception s3) {
    return s3.statusCode() == 404;
  }

  /**
   * Whether retrying may help: a server error, throttling, or a broken connection. Interrupts and
   * client-side mistakes (bad credentials, missing objects) are not transient.
   */
  static boolean isTransient(Throwable failure) {
    if (failure instanceof AbortedException || failure instanceof InterruptedIOException) {
      return false;
    }
    if (failure instanceof S3Exception s3) {
      int status = s3.statusCode();
      return status >= 500 || status == 429 || "SlowDown".equals(errorCode(s3));
    }
    if (failure instanceof SdkClientException client) {
      return client.getCause() instanceof IOException || client.retryable();
    }
    return failure instanceof IOException || failure instanceof UncheckedIOException;
  }

  private static @Nullable String errorCode(S3Exception e) {
    return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
  }

  /** The first line of {@code text}, cut to a readable length. */
  static String oneLine(@Nullable String text, String ifAbsent) {
    if (text == null || text.isBlank()) {
      return ifAbsent;
    }
    String line = text.strip();
    int newline = line.indexOf('\n');
    if (newline >= 0) {
      line = line.substring(0, newline).strip();
    }
    return line.length() <= MAX_DETAIL_CHARS ? line : line.substring(0, MAX_DETAIL_CHARS) + "...";
  }
}
