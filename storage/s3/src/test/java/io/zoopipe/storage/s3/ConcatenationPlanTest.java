package io.zoopipe.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.storage.s3.ConcatenationPlan.Part;
import io.zoopipe.storage.s3.ConcatenationPlan.Segment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcatenationPlanTest {
  private static final long MIN_PART = 5;
  private static final long MAX_COPY = 12;
  private static final long[] SIZES = {0, 1, 2, 4, 5, 6, 9, 10, 11, 13, 25};

  @Test
  void everyPlanCoversTheSourcesInOrderWithValidParts() {
    for (List<Long> sizes : allSequences(4)) {
      ConcatenationPlan plan = ConcatenationPlan.of(sizes, MIN_PART, MAX_COPY);

      assertCoversInOrder(sizes, plan);
      List<Part> parts = plan.parts();
      for (int i = 0; i < parts.size(); i++) {
        Part part = parts.get(i);
        if (i < parts.size() - 1) {
          assertThat(part.length()).as("part %d of %s", i, sizes).isGreaterThanOrEqualTo(MIN_PART);
        }
        if (part.copied()) {
          assertThat(part.length()).as("copy %d of %s", i, sizes).isBetween(MIN_PART, MAX_COPY);
        } else {
          assertThat(part.length()).as("upload %d of %s", i, sizes).isLessThan(2 * MIN_PART);
        }
      }
    }
  }

  @Test
  void downloadsOnlySmallSourcesAndTopUps() {
    for (List<Long> sizes : allSequences(4)) {
      ConcatenationPlan plan = ConcatenationPlan.of(sizes, MIN_PART, MAX_COPY);

      long downloaded =
          plan.parts().stream().filter(part -> !part.copied()).mapToLong(Part::length).sum();
      long small = sizes.stream().filter(size -> size < MIN_PART).mapToLong(Long::longValue).sum();
      long large = sizes.stream().filter(size -> size >= MIN_PART).count();

      // Each large source may top up the buffer and leave a remainder under one part.
      assertThat(downloaded).as("%s", sizes).isLessThanOrEqualTo(small + large * 2 * MIN_PART);
    }
  }

  @Test
  void largeSourcesAloneAreCopiedWhole() {
    ConcatenationPlan plan = ConcatenationPlan.of(List.of(6L, 11L, 5L), MIN_PART, MAX_COPY);

    assertThat(plan.parts())
        .containsExactly(
            new Part(true, List.of(new Segment(0, 0, 6))),
            new Part(true, List.of(new Segment(1, 0, 11))),
            new Part(true, List.of(new Segment(2, 0, 5))));
  }

  @Test
  void largeSourceAfterSmallOnesTopsUpTheBufferAndCopiesTheRest() {
    ConcatenationPlan plan = ConcatenationPlan.of(List.of(2L, 1L, 11L, 3L), MIN_PART, MAX_COPY);

    assertThat(plan.parts())
        .containsExactly(
            new Part(
                false, List.of(new Segment(0, 0, 2), new Segment(1, 0, 1), new Segment(2, 0, 2))),
            new Part(true, List.of(new Segment(2, 2, 11))),
            new Part(false, List.of(new Segment(3, 0, 3))));
  }

  @Test
  void sourcesLargerThanOneCopyAreCutIntoEqualPieces() {
    ConcatenationPlan plan = ConcatenationPlan.of(List.of(25L), MIN_PART, MAX_COPY);

    assertThat(plan.parts())
        .containsExactly(
            new Part(true, List.of(new Segment(0, 0, 9))),
            new Part(true, List.of(new Segment(0, 9, 18))),
            new Part(true, List.of(new Segment(0, 18, 25))));
  }

  @Test
  void sourcesThatMayNotBeCopiedArePendedWhole() {
    List<Long> sizes = List.of(20L, 4L, 30L, 3L);
    // Source 1 is bytes given, 3 the footer: neither can be an UploadPartCopy, whatever its size.
    ConcatenationPlan plan = ConcatenationPlan.of(sizes, source -> source % 2 == 0, 10, 100);

    assertCoversInOrder(sizes, plan);
    assertThat(plan.parts())
        .extracting(ConcatenationPlan.Part::copied)
        .containsExactly(true, false, true, false);
    // The bytes given are topped up from the next copiable source, whose rest is copied.
    assertThat(plan.parts().get(1).segments())
        .containsExactly(
            new ConcatenationPlan.Segment(1, 0, 4), new ConcatenationPlan.Segment(2, 0, 6));
    assertThat(plan.parts().get(2).segments())
        .containsExactly(new ConcatenationPlan.Segment(2, 6, 30));
    assertThat(plan.parts().get(3).segments())
        .containsExactly(new ConcatenationPlan.Segment(3, 0, 3));
    // Given bytes of any size are uploaded, never copied.
    ConcatenationPlan large = ConcatenationPlan.of(List.of(50L), source -> false, 10, 100);
    assertThat(large.parts()).extracting(ConcatenationPlan.Part::copied).containsExactly(false);
  }

  @Test
  void emptySourcesMakeNoParts() {
    assertThat(ConcatenationPlan.of(List.of(0L, 0L), MIN_PART, MAX_COPY).parts()).isEmpty();
    assertThat(ConcatenationPlan.of(List.of(), MIN_PART, MAX_COPY).parts()).isEmpty();
  }

  private static void assertCoversInOrder(List<Long> sizes, ConcatenationPlan plan) {
    int source = 0;
    long position = 0;
    for (Part part : plan.parts()) {
      for (Segment segment : part.segments()) {
        while (source < sizes.size() && position == sizes.get(source)) {
          source++;
          position = 0;
        }
        assertThat(segment.source()).as("%s: source of %s", sizes, segment).isEqualTo(source);
        assertThat(segment.start()).as("%s: start of %s", sizes, segment).isEqualTo(position);
        position = segment.end();
      }
    }
    while (source < sizes.size() && position == sizes.get(source)) {
      source++;
      position = 0;
    }
    assertThat(source).as("%s: every byte planned", sizes).isEqualTo(sizes.size());
  }

  private static List<List<Long>> allSequences(int maxLength) {
    List<List<Long>> sequences = new ArrayList<>();
    sequences.add(List.of());
    List<List<Long>> previous = List.of(List.of());
    for (int length = 1; length <= maxLength; length++) {
      List<List<Long>> next = new ArrayList<>();
      for (List<Long> prefix : previous) {
        for (long size : SIZES) {
          List<Long> sequence = new ArrayList<>(prefix);
          sequence.add(size);
          next.add(List.copyOf(sequence));
        }
      }
      sequences.addAll(next);
      previous = next;
    }
    return sequences;
  }
}
