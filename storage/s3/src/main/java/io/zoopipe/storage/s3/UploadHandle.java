package io.zoopipe.storage.s3;

import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * What a commit record keeps of a staged multipart upload, so that a later process can complete it
 * without this one: the upload id, the object's size once complete, and every part's number and
 * ETag (ListParts is not needed, nor trusted, to rebuild the completion). One line of text, {@code
 * upload <id> <size> <part>:<etag> ...}, values URL-encoded. Immutable.
 */
record UploadHandle(String uploadId, long size, List<CompletedPart> parts) {
  private static final String TAG = "upload";

  UploadHandle {
    requireNonNull(uploadId, "uploadId is null");
    parts = List.copyOf(parts);
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
  }

  String text() {
    StringBuilder text = new StringBuilder(TAG).append(' ').append(encode(uploadId));
    text.append(' ').append(size);
    for (CompletedPart part : parts) {
      text.append(' ').append(part.partNumber()).append(':').append(encode(part.eTag()));
    }
    return text.toString();
  }

  /**
   * Parses {@link #text()}.
   *
   * @throws IllegalArgumentException when {@code text} is not an upload handle
   */
  static UploadHandle parse(String text) {
    String[] fields = text.split(" ", -1);
    if (fields.length < 3 || !fields[0].equals(TAG)) {
      throw new IllegalArgumentException("not an S3 upload handle: " + text);
    }
    List<CompletedPart> parts = new ArrayList<>(fields.length - 3);
    try {
      for (int i = 3; i < fields.length; i++) {
        int colon = fields[i].indexOf(':');
        parts.add(
            CompletedPart.builder()
                .partNumber(Integer.parseInt(fields[i].substring(0, colon)))
                .eTag(decode(fields[i].substring(colon + 1)))
                .build());
      }
      return new UploadHandle(decode(fields[1]), Long.parseLong(fields[2]), parts);
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("not an S3 upload handle: " + text, e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }
}
