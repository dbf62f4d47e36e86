package io.zoopipe.format.csv;

/**
 * Where the wanted fields of a batch's rows are in the batch's UTF-8 bytes, so that a row can be
 * written as JSON straight from them ({@link CsvRow}) instead of re-encoding its strings. Each row
 * has one slot per wanted column at {@code base + 2 * slot}: the content's start and end in {@link
 * #data()}, the end complemented ({@code ~end}) when the content is quoted and holds doubled
 * quotes; a start of -1 means "not usable" (the row changed the value). Shared by the rows of one
 * batch, which one thread processes at a time; a row writes only its own slots.
 */
final class CsvRawFields {
  private final byte[] data;
  private final int[] bounds;
  private final int[] slotOf;
  private final int slots;
  private final byte quote;
  private final long quotes;

  /**
   * @param wanted which columns get a slot
   */
  CsvRawFields(byte[] data, int rows, boolean[] wanted, byte quote) {
    this.data = data;
    this.slotOf = new int[wanted.length];
    int count = 0;
    for (int c = 0; c < wanted.length; c++) {
      slotOf[c] = wanted[c] ? count++ : -1;
    }
    this.slots = count;
    this.bounds = new int[rows * slots * 2];
    this.quote = quote;
    this.quotes = 0x0101010101010101L * (quote & 0xFF);
  }

  byte[] data() {
    return data;
  }

  byte quote() {
    return quote;
  }

  /** The quote byte in each byte of a long, for {@link CsvRecordDecoder#indexOf}. */
  long quotes() {
    return quotes;
  }

  /** Index in the bounds of row {@code row}'s first slot. */
  int base(int row) {
    return row * slots * 2;
  }

  int[] bounds() {
    return bounds;
  }

  /** Slot of {@code column}, or -1 when it has none. */
  int slot(int column) {
    return slotOf[column];
  }

  /**
   * Records where the value of {@code column} is, for the row at {@code base}. A value with
   * characters outside the BMP is not usable: Jackson writes them from a string as escaped
   * surrogates unless COMBINE_UNICODE_SURROGATES_IN_UTF8 is on, which a generator cannot be asked.
   */
  void set(int base, int column, int start, int end, boolean doubledQuotes, boolean outsideBmp) {
    int at = base + 2 * slotOf[column];
    bounds[at] = outsideBmp ? -1 : start;
    bounds[at + 1] = doubledQuotes ? ~end : end;
  }

  /** Marks the value of {@code column} in the row at {@code base} as changed. */
  void invalidate(int base, int column) {
    int slot = slotOf[column];
    if (slot >= 0) {
      bounds[base + 2 * slot] = -1;
    }
  }
}
