package io.zoopipe.storage.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * How to assemble one object from a sequence of sources as multipart-upload parts, given their
 * sizes. S3 requires every part but the last to be at least {@code minPart} bytes, and copies at
 * most {@code maxCopy} bytes per UploadPartCopy. The rule, source by source:
 *
 * <ul>
 *   <li>a source of at least {@code minPart} bytes, with nothing pending, becomes copied parts (cut
 *       into equal pieces of at most {@code maxCopy});
 *   <li>a smaller source is appended to the pending bytes;
 *   <li>a large source that finds bytes pending first tops them up to {@code minPart} with its own
 *       first bytes; its remainder is copied if at least {@code minPart}, else pended;
 *   <li>pending bytes become an uploaded part as soon as they reach {@code minPart}, and at the end
 *       whatever size they have (the last part may be small).
 * </ul>
 *
 * A source that may not be copied (bytes given rather than an object) is pended whole. So only
 * those, bytes of sources smaller than {@code minPart}, plus at most {@code minPart} bytes of the
 * large source after each run of small ones, travel through this process; an uploaded part is
 * smaller than {@code 2 * minPart} plus the bytes given in it. An immutable value.
 *
 * @param parts the parts in order; empty when all sources are empty
 */
record ConcatenationPlan(List<Part> parts) {
  /** The largest range one UploadPartCopy may copy: 5 GiB. */
  static final long MAX_COPY_PART_BYTES = 5L << 30;

  ConcatenationPlan {
    parts = List.copyOf(parts);
  }

  static ConcatenationPlan of(List<Long> sizes, long minPart, long maxCopy) {
    return of(sizes, source -> true, minPart, maxCopy);
  }

  /**
   * The plan for sources of which only those {@code copiable} says so may be copied server-side;
   * the others (bytes that are not in an object) are always pended whole, like small sources.
   */
  static ConcatenationPlan of(List<Long> sizes, IntPredicate copiable, long minPart, long maxCopy) {
    if (minPart < 1 || maxCopy < minPart) {
      throw new IllegalArgumentException(
          "need 1 <= minPart <= maxCopy, got " + minPart + " and " + maxCopy);
    }
    List<Part> parts = new ArrayList<>();
    List<Segment> pending = new ArrayList<>();
    long pendingBytes = 0;
    for (int source = 0; source < sizes.size(); source++) {
      long size = sizes.get(source);
      long position = 0;
      if (!copiable.test(source)) {
        if (size > 0) {
          pending.add(new Segment(source, 0, size));
          pendingBytes += size;
        }
        if (pendingBytes >= minPart) {
          parts.add(new Part(false, pending));
          pending = new ArrayList<>();
          pendingBytes = 0;
        }
        continue;
      }
      if (pendingBytes > 0 || size < minPart) {
        long take = size < minPart ? size : minPart - pendingBytes;
        if (take > 0) {
          pending.add(new Segment(source, 0, take));
          pendingBytes += take;
        }
        position = take;
        if (pendingBytes >= minPart) {
          parts.add(new Part(false, pending));
          pending = new ArrayList<>();
          pendingBytes = 0;
        }
      }
      long remaining = size - position;
      if (remaining == 0) {
        continue;
      }
      if (remaining < minPart) {
        pending.add(new Segment(source, position, size));
        pendingBytes += remaining;
        continue;
      }
      long pieces = (remaining + maxCopy - 1) / maxCopy;
      long pieceBytes = (remaining + pieces - 1) / pieces;
      for (long start = position; start < size; start += pieceBytes) {
        parts.add(
            new Part(
                true, List.of(new Segment(source, start, Math.min(size, start + pieceBytes)))));
      }
    }
    if (pendingBytes > 0) {
      parts.add(new Part(false, pending));
    }
    return new ConcatenationPlan(parts);
  }

  /**
   * One part of the target.
   *
   * @param copied true for a server-side copy of its single segment, false for bytes downloaded
   *     from its segments and uploaded
   * @param segments the source ranges whose bytes the part holds, in order
   */
  record Part(boolean copied, List<Segment> segments) {
    Part {
      segments = List.copyOf(segments);
      if (segments.isEmpty() || (copied && segments.size() != 1)) {
        throw new IllegalArgumentException("a part has one segment if copied, else at least one");
      }
    }

    long length() {
      return segments.stream().mapToLong(Segment::length).sum();
    }
  }

  /**
   * Bytes {@code [start, end)} of source number {@code source}.
   *
   * @param source the index of the source in the concatenation's list
   * @param start the first byte
   * @param end one past the last byte
   */
  record Segment(int source, long start, long end) {
    Segment {
      if (source < 0 || start < 0 || end <= start) {
        throw new IllegalArgumentException(
            "invalid segment [" + start + ", " + end + ") of source " + source);
      }
    }

    long length() {
      return end - start;
    }
  }
}
