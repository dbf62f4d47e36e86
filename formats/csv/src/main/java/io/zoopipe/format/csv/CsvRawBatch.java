package io.zoopipe.format.csv;

import io.zoopipe.common.adapter.CharsetCheck;
import io.zoopipe.common.adapter.CompactJsonBatch;
import io.zoopipe.common.adapter.JsonLayout;
import io.zoopipe.common.adapter.Utf8RowsBatch;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.Entry.RawRecord;
import io.zoopipe.common.pipe.EntryStatus;
import io.zoopipe.common.validation.Violation;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Framed CSV records, undecoded: a copy of their bytes, where each starts and ends, and their
 * source offsets. {@link #decode} splits fields and builds strings for the wanted columns only.
 * Immutable once built; {@link #decode} may run on any thread, and on several at once.
 */
final class CsvRawBatch implements CompactJsonBatch, Utf8RowsBatch {
  /** Records up to this long (or up to maxFieldBytes) may take the JSON fast path. */
  static final int FAST_PATH_MAX_RECORD_BYTES = 1 << 20;

  private final CsvColumns columns;
  private final CsvOptions options;
  private final byte[] data;
  private final int[] starts;
  private final int[] ends;
  private final long[] offsets;
  private final int[] fieldCounts;
  private final @Nullable String @Nullable [] problems;
  private final long @Nullable [] problemSizes;
  private final int count;
  private final long firstPosition;

  private CsvRawBatch(Builder builder, CsvColumns columns) {
    this.columns = columns;
    this.options = builder.options;
    this.data = builder.data;
    this.starts = builder.starts;
    this.ends = builder.ends;
    this.offsets = builder.offsets;
    this.fieldCounts = builder.fieldCounts;
    this.problems = builder.problems;
    this.problemSizes = builder.problemSizes;
    this.count = builder.count;
    this.firstPosition = builder.firstPosition;
  }

  @Override
  public int size() {
    return count;
  }

  @Override
  public List<Entry> decode(ColumnSet columnSet) {
    return decode(columnSet, false);
  }

  /** Every column readable: those of {@code upFront} decoded now, the others when first read. */
  @Override
  public List<Entry> decodeOnDemand(ColumnSet upFront) {
    return decode(upFront, true);
  }

  /**
   * Decodes the {@code columnSet} columns of every record; the others are pruned, or with {@code
   * onDemand} left for the row to decode when first read ({@link #decodeRest}).
   */
  private List<Entry> decode(ColumnSet columnSet, boolean onDemand) {
    int columnCount = columns.size();
    boolean[] wanted = columns.wanted(columnSet);
    @Nullable Object[] template = new Object[columnCount];
    Object notWanted = onDemand ? CsvRow.LAZY : CsvRow.PRUNED;
    int lastWanted = -1;
    boolean lazyRows = false;
    for (int c = 0; c < columnCount; c++) {
      template[c] = wanted[c] ? null : notWanted;
      lazyRows |= onDemand && !wanted[c];
      if (wanted[c]) {
        lastWanted = c;
      }
    }
    CsvRecordDecoder decoder = new CsvRecordDecoder(columns, options, true);
    // UTF-8 rows keep where their values' bytes are: JSON output copies them as they are.
    CsvRawFields rawFields =
        lastWanted >= 0 && options.charset().equals(StandardCharsets.UTF_8)
            ? new CsvRawFields(data, count, wanted, (byte) options.quote())
            : null;
    // One pass over the batch settles the usual case: ASCII is valid in every charset read.
    CharsetCheck check = new CharsetCheck(options.charset());
    CharsetCheck eachRecord =
        check.checks() && count > 0 && !CharsetCheck.isAscii(data, starts[0], ends[count - 1])
            ? check
            : null;
    List<Entry> entries = new ArrayList<>(count);
    // One call per record: the JIT compiles the record's work once, as a method of its own,
    // rather than twice inside this loop (on-stack replacement, then the normal compile).
    for (int i = 0; i < count; i++) {
      entries.add(
          decodeWanted(i, decoder, template, wanted, lastWanted, rawFields, eachRecord, lazyRows));
    }
    return entries;
  }

  /** Decodes record {@code i} with every column, its values as strings. */
  private Entry decodeRecord(int i) {
    int columnCount = columns.size();
    boolean[] all = new boolean[columnCount];
    Arrays.fill(all, true);
    CsvRecordDecoder decoder = new CsvRecordDecoder(columns, options, true);
    CharsetCheck check = new CharsetCheck(options.charset());
    return decodeWanted(
        i,
        decoder,
        new Object[columnCount],
        all,
        columnCount - 1,
        null,
        check.checks() ? check : null,
        false);
  }

  /**
   * Decodes record {@code i}, materialising the {@code wanted} columns only; with a {@code check},
   * a record whose bytes are not valid in the charset is an error record that keeps them. With
   * {@code lazyRows} the row decodes its {@link CsvRow#LAZY} columns when first read.
   */
  private Entry decodeWanted(
      int i,
      CsvRecordDecoder decoder,
      @Nullable Object[] template,
      boolean[] wanted,
      int lastWanted,
      @Nullable CsvRawFields rawFields,
      @Nullable CharsetCheck check,
      boolean lazyRows) {
    int columnCount = columns.size();
    long position = firstPosition + i;
    long offset = offsets[i];
    Supplier<RawRecord> raw = rawRecord(i);
    String problem = problems == null ? null : problems[i];
    if (problem != null) {
      return Entry.malformed(position, offset, Violation.parse(problem), raw);
    }
    if (check != null) {
      int invalid = check.firstInvalid(data, starts[i], ends[i]);
      if (invalid >= 0) {
        return Entry.malformed(position, offset, check.violation(invalid, offset), raw);
      }
    }
    @Nullable Object[] values = template.clone();
    int base = rawFields == null ? 0 : rawFields.base(i);
    decoder.recordFieldsIn(rawFields, base);
    int fields =
        decoder.split(data, starts[i], ends[i], offset, values, wanted, lastWanted, fieldCounts[i]);
    if (fields != columnCount) {
      Violation violation = Violation.parse(fieldCountMessage(columnCount, fields, offset));
      return Entry.malformed(position, offset, violation, raw);
    }
    List<Violation> violations = decoder.violations();
    // A value with a problem (bytes invalid in UTF-8) is not its bytes: write the strings.
    CsvRow row =
        new CsvRow(
            columns,
            values,
            rawFields != null && violations == null ? rawFields : null,
            base,
            lazyRows ? this : null,
            i);
    Entry entry = new Entry(row, position, offset, raw);
    if (violations != null) {
      violations.forEach(entry::fail);
    }
    return entry;
  }

  @Override
  public @Nullable JsonRows toJson(JsonLayout layout) {
    CsvJsonTranscoder transcoder = CsvJsonTranscoder.create(columns, options);
    if (transcoder == null) {
      return null;
    }
    byte[] separator = layout.separator();
    byte[] terminator = layout.terminator();
    int around = separator.length + terminator.length;
    int dataBytes = count == 0 ? 0 : ends[count - 1] - starts[0];
    byte[] out = new byte[Math.max(1024, dataBytes + dataBytes / 4 + count * (around + 64))];
    int o = 0;
    int written = 0;
    List<Entry> failed = List.of();
    for (int i = 0; i < count; i++) {
      int start = starts[i];
      int end = ends[i];
      if (fastPathMayTake(i)) {
        int need = o + separator.length + transcoder.room(end - start) + terminator.length;
        if (need > out.length) {
          out = Arrays.copyOf(out, Math.max(need, out.length + out.length / 2));
        }
        int at = o;
        if (written > 0) {
          System.arraycopy(separator, 0, out, at, separator.length);
          at += separator.length;
        }
        at = transcoder.write(data, start, end, out, at);
        if (at != CsvJsonTranscoder.REFUSED) {
          System.arraycopy(terminator, 0, out, at, terminator.length);
          o = at + terminator.length;
          written++;
          continue;
        }
      }
      // Not clean: the general decoder says what is wrong. Should it find nothing wrong, the two
      // disagree, and the general path decides for the whole batch.
      failed = failedOrNull(i, failed);
      if (failed == null) {
        return null;
      }
    }
    return new JsonRows(out, o, written, failed);
  }

  /**
   * Whether a byte-level path may try record {@code i}: no framing problem, and not huge (a record
   * over maxFieldBytes and 1 MiB takes the general path, rather than room for it many times over).
   */
  private boolean fastPathMayTake(int i) {
    return ends[i] - starts[i] <= Math.max(options.maxFieldBytes(), FAST_PATH_MAX_RECORD_BYTES)
        && (problems == null || problems[i] == null);
  }

  /**
   * Record {@code i}, which a byte-level path refused, decoded the general way and added to {@code
   * failed} (a new list when it is the empty one); or null when the general path finds nothing
   * wrong with it: the two disagree, and the general path decides for the whole batch.
   */
  private @Nullable List<Entry> failedOrNull(int i, List<Entry> failed) {
    Entry entry = decodeRecord(i);
    if (entry.status() != EntryStatus.FAILED) {
      return null;
    }
    List<Entry> list = failed.isEmpty() ? new ArrayList<>() : failed;
    list.add(entry);
    return list;
  }

  /**
   * The values of the batch's clean records as UTF-8 bytes, copied out of the records (a quoted
   * value unescaped, a trailing CR dropped) without a string made: what {@link #decode} gives,
   * every column a string, when its strings are encoded again. A record this cannot split cleanly
   * (a framing problem, bytes invalid in UTF-8, a wrong number of fields, an unterminated quote,
   * bytes after a closing quote, a field over maxFieldBytes) is decoded the general way, which says
   * what is wrong with it; should it find nothing wrong, the two disagree and the whole batch takes
   * the general path.
   */
  @Override
  public @Nullable Utf8Rows toUtf8Rows() {
    int columnCount = columns.size();
    if (!options.charset().equals(StandardCharsets.UTF_8) || columnCount == 0) {
      return null;
    }
    int dataBytes = count == 0 ? 0 : ends[count - 1] - starts[0];
    byte[] out = new byte[Math.max(64, dataBytes)];
    int[] bounds = new int[count * columnCount * 2];
    CharsetCheck check = new CharsetCheck(StandardCharsets.UTF_8);
    boolean ascii = count == 0 || CharsetCheck.isAscii(data, starts[0], ends[count - 1]);
    byte delimiter = (byte) options.delimiter();
    byte quote = (byte) options.quote();
    long delimiters = 0x0101010101010101L * (delimiter & 0xFF);
    long quotes = 0x0101010101010101L * (quote & 0xFF);
    int o = 0;
    int written = 0;
    List<Entry> failed = List.of();
    for (int i = 0; i < count; i++) {
      int start = starts[i];
      int end = ends[i];
      if (fastPathMayTake(i) && (ascii || check.firstInvalid(data, start, end) < 0)) {
        if (o + (end - start) > out.length) {
          out = Arrays.copyOf(out, Math.max(o + (end - start), out.length + out.length / 2));
        }
        int next =
            splitUtf8(
                start,
                end,
                out,
                o,
                bounds,
                written * columnCount * 2,
                delimiter,
                quote,
                delimiters,
                quotes);
        if (next >= 0) {
          o = next;
          written++;
          continue;
        }
      }
      failed = failedOrNull(i, failed);
      if (failed == null) {
        return null;
      }
    }
    return new Utf8Rows(columns.names(), out, bounds, written, failed);
  }

  /**
   * Copies the values of the record {@code data[start, end)} to {@code out[o]}, one after the
   * other, their bounds to {@code bounds[b]}; {@code out} has room for the record. Returns the
   * index after the last value, or -1 when the record is not clean (then what was written is
   * garbage). The rules are {@link CsvRecordDecoder#split}'s: a field that starts with a quote is
   * quoted, a doubled quote in it is one quote, a quote elsewhere is content.
   */
  private int splitUtf8(
      int start,
      int end,
      byte[] out,
      int o,
      int[] bounds,
      int b,
      byte delimiter,
      byte quote,
      long delimiters,
      long quotes) {
    if (end > start && data[end - 1] == '\r') {
      end--;
    }
    int maxField = options.maxFieldBytes();
    int last = columns.size() - 1;
    int p = start;
    for (int c = 0; ; c++) {
      int valueStart = o;
      if (p < end && data[p] == quote) {
        int contentStart = p + 1;
        int q = contentStart;
        while (true) {
          int at = CsvRecordDecoder.indexOf(quotes, quote, data, q, end);
          System.arraycopy(data, q, out, o, at - q);
          o += at - q;
          if (at >= end) {
            return -1; // unterminated quote
          }
          if (at + 1 < end && data[at + 1] == quote) {
            out[o++] = quote;
            q = at + 2;
            continue;
          }
          if (at - contentStart > maxField) {
            return -1;
          }
          p = at + 1;
          if (p < end && data[p] != delimiter) {
            return -1; // bytes after the closing quote
          }
          break;
        }
      } else {
        int at = CsvRecordDecoder.indexOf(delimiters, delimiter, data, p, end);
        if (at - p > maxField) {
          return -1;
        }
        System.arraycopy(data, p, out, o, at - p);
        o += at - p;
        p = at;
      }
      bounds[b++] = valueStart;
      bounds[b++] = o;
      if (p >= end) {
        return c == last ? o : -1; // too few fields otherwise
      }
      if (c == last) {
        return -1; // too many fields
      }
      p++;
    }
  }

  /**
   * Decodes in place the values of record {@code i} that {@code values} still marks {@link
   * CsvRow#LAZY}: exactly what decoding the record with every column gives. Only a row without
   * problems is read (one with any is an error record), and its bytes were checked whole when the
   * batch was decoded, so decoding the rest finds none.
   */
  void decodeRest(int i, @Nullable Object[] values) {
    boolean[] wanted = new boolean[values.length];
    int lastWanted = -1;
    for (int c = 0; c < values.length; c++) {
      if (values[c] == CsvRow.LAZY) {
        wanted[c] = true;
        lastWanted = c;
      }
    }
    if (lastWanted < 0) {
      return;
    }
    @Nullable Object[] decoded = new Object[values.length];
    new CsvRecordDecoder(columns, options, true)
        .split(data, starts[i], ends[i], offsets[i], decoded, wanted, lastWanted, fieldCounts[i]);
    for (int c = 0; c <= lastWanted; c++) {
      if (wanted[c]) {
        values[c] = decoded[c];
      }
    }
  }

  static String fieldCountMessage(int expected, int found, long offset) {
    return "expected "
        + expected
        + " fields, found "
        + found
        + " in the record at byte "
        + offset
        + (expected == 1 ? "" : " (a delimiter or quote may be missing or extra)");
  }

  /**
   * Recovers record {@code i} whole: every column (invalid bytes replaced) and its text; a value
   * over maxFieldBytes, a text over it and a record that was cut are bounded prefixes ({@link
   * OverLimitText}).
   */
  private Supplier<RawRecord> rawRecord(int i) {
    return () -> {
      int start = starts[i];
      int end = ends[i];
      if (end > start && data[end - 1] == '\r') {
        end--;
      }
      Charset charset = options.charset();
      String problem = problems == null ? null : problems[i];
      long size = problem == null || problemSizes == null ? end - start : problemSizes[i];
      String text =
          size > end - start || end - start > options.maxFieldBytes()
              ? OverLimitText.of(
                  data, start, end - start, charset, OverLimitText.TEXT_PREFIX_BYTES, size)
              : new String(data, start, end - start, charset);
      if (problem != null) {
        return new RawRecord(Map.of(), text);
      }
      String base64 =
          new CharsetCheck(charset).firstInvalid(data, start, end) >= 0
              ? CharsetCheck.base64(data, start, end)
              : null;
      int columnCount = columns.size();
      @Nullable Object[] values = new Object[columnCount];
      boolean[] all = new boolean[columnCount];
      Arrays.fill(all, true);
      CsvRecordDecoder decoder = new CsvRecordDecoder(columns, options, false);
      int fields = decoder.split(data, starts[i], ends[i], offsets[i], values, all);
      if (fields != columnCount) {
        return new RawRecord(Map.of(), text, base64);
      }
      Map<String, Object> map = new LinkedHashMap<>(columnCount * 2);
      for (int c = 0; c < columnCount; c++) {
        map.put(columns.name(c), values[c] == null ? "" : values[c]);
      }
      return new RawRecord(map, text, base64);
    };
  }

  /** Collects records framed by the reader thread. Not thread-safe. */
  static final class Builder {
    private final CsvOptions options;
    private final long firstPosition;
    private byte[] data;
    private int length;
    private int[] starts;
    private int[] ends;
    private long[] offsets;
    private int[] fieldCounts;
    private @Nullable String @Nullable [] problems;
    private long @Nullable [] problemSizes;
    private int count;

    Builder(CsvOptions options, long firstPosition, int expectedRecords, int expectedBytes) {
      this.options = options;
      this.firstPosition = firstPosition;
      this.data = new byte[Math.max(1024, expectedBytes)];
      int capacity = Math.max(16, expectedRecords);
      this.starts = new int[capacity];
      this.ends = new int[capacity];
      this.offsets = new long[capacity];
      this.fieldCounts = new int[capacity];
    }

    /**
     * Copies one record's bytes {@code bytes[start, end)}; {@code fields} is its number of fields
     * as the framer counted them, or -1 when unknown; {@code size} is the record's whole size,
     * which for a cut record ({@code problem} not null) may exceed the bytes kept of it.
     */
    void add(
        byte[] bytes,
        int start,
        int end,
        long offset,
        @Nullable String problem,
        int fields,
        long size) {
      int recordLength = end - start;
      if (length + recordLength > data.length) {
        data = Arrays.copyOf(data, Math.max(2 * data.length, length + recordLength));
      }
      if (count == starts.length) {
        int capacity = 2 * count;
        starts = Arrays.copyOf(starts, capacity);
        ends = Arrays.copyOf(ends, capacity);
        offsets = Arrays.copyOf(offsets, capacity);
        fieldCounts = Arrays.copyOf(fieldCounts, capacity);
        if (problems != null) {
          problems = Arrays.copyOf(problems, capacity);
        }
        if (problemSizes != null) {
          problemSizes = Arrays.copyOf(problemSizes, capacity);
        }
      }
      System.arraycopy(bytes, start, data, length, recordLength);
      starts[count] = length;
      ends[count] = length + recordLength;
      offsets[count] = offset;
      fieldCounts[count] = fields;
      if (problem != null) {
        if (problems == null) {
          problems = new String[starts.length];
        }
        if (problemSizes == null) {
          problemSizes = new long[starts.length];
        }
        problems[count] = problem;
        problemSizes[count] = size;
      }
      length += recordLength;
      count++;
    }

    int count() {
      return count;
    }

    long firstPosition() {
      return firstPosition;
    }

    @Nullable String problem(int index) {
      return problems == null ? null : problems[index];
    }

    /** The fields of the first record (a header): see {@link CsvRecordDecoder#fields}. */
    List<String> fields(CsvRecordDecoder decoder) {
      return decoder.fields(data, starts[0], ends[0], offsets[0]);
    }

    int bytes() {
      return length;
    }

    CsvRawBatch build(CsvColumns columns) {
      return new CsvRawBatch(this, columns);
    }
  }
}
