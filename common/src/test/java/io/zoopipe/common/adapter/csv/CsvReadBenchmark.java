package io.zoopipe.common.adapter.csv;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.EntryStatus;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Single-thread read throughput, for people tuning the reader; not a test and never asserts a time.
 * Run with {@code mvn -pl common test -Dtest=CsvReadBenchmark -Dzoopipe.benchmark=true
 * -Dsurefire.failIfNoSpecifiedTests=false}. Generated files are kept in {@code
 * java.io.tmpdir/zoopipe-benchmark} between runs.
 */
@EnabledIfSystemProperty(named = "zoopipe.benchmark", matches = "true")
class CsvReadBenchmark {
  private static final int ROWS = 1_000_000;
  private static final int BATCH = 1000;
  private static final int RUNS = 5;
  private static final String TEXT =
      "some free text of moderate length as a description or a comment field would hold it; "
          .repeat(4);

  @Test
  void measureReadThroughput() throws IOException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "zoopipe-benchmark");
    Files.createDirectories(dir);
    Path wide = generate(dir.resolve("wide-28.csv"), 28, 78);
    Path narrow = generate(dir.resolve("narrow-9.csv"), 9, 210);
    ColumnSet three = ColumnSet.of("c1", "c5", "c20");

    jackson("28 columns, Jackson CsvMapper, all as String[]", wide);
    report("28 columns, framing only", wide, null);
    report("28 columns, framing + decode 3 columns", wide, three);
    report("28 columns, framing + decode no column", wide, ColumnSet.none());
    report("28 columns, framing + decode all columns", wide, ColumnSet.all());
    jackson("9 columns, Jackson CsvMapper, all as String[]", narrow);
    report("9 columns, framing only", narrow, null);
    report("9 columns, framing + decode all columns", narrow, ColumnSet.all());
    pipelined("28 columns, 2 threads, decode 3 columns", wide, three);
    pipelined("9 columns, 2 threads, decode all columns", narrow, ColumnSet.all());
  }

  /**
   * The baseline: Jackson's CSV parser reading every row into a String[] on this thread, as a plain
   * Jackson pipeline's reader would (it has to tokenize and build every field).
   */
  private static void jackson(String name, Path file) throws IOException {
    long bytes = Files.size(file);
    List<Double> seconds = new ArrayList<>();
    long rows = 0;
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    for (int run = 0; run < RUNS; run++) {
      long start = System.nanoTime();
      rows = 0;
      long checksum = 0;
      try (MappingIterator<String[]> it =
          mapper
              .readerFor(String[].class)
              .with(CsvSchema.emptySchema().withSkipFirstDataRow(true))
              .readValues(file.toFile())) {
        while (it.hasNext()) {
          String[] row = it.next();
          checksum += row.length;
          rows++;
        }
      }
      if (checksum == 42) {
        System.out.println("(checksum keeps the decoding alive)");
      }
      seconds.add((System.nanoTime() - start) / 1e9);
    }
    print(name, bytes, rows, seconds);
  }

  /** The reader thread frames while a second thread decodes, as an executor does on 2 cores. */
  private static void pipelined(String name, Path file, ColumnSet columns) throws IOException {
    List<Double> seconds = new ArrayList<>();
    long rows = 0;
    for (int run = 0; run < RUNS; run++) {
      BlockingQueue<RawBatch> queue = new ArrayBlockingQueue<>(4);
      AtomicLong decoded = new AtomicLong();
      long start = System.nanoTime();
      Thread decoder =
          new Thread(
              () -> {
                try {
                  for (RawBatch batch = queue.take(); batch.size() > 0; batch = queue.take()) {
                    decoded.addAndGet(batch.decode(columns).size());
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "benchmark-decoder");
      decoder.start();
      CsvInputAdapter adapter = new CsvInputAdapter(Location.of(file), CsvOptions.defaults());
      try (RecordReader reader = adapter.open(StorageFactory.defaults())) {
        for (RawBatch batch = reader.next(BATCH); batch != null; batch = reader.next(BATCH)) {
          queue.put(batch);
        }
        queue.put(
            new CsvRawBatch.Builder(CsvOptions.defaults(), 0, 1, 1)
                .build(new CsvColumns(List.of())));
        decoder.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      seconds.add((System.nanoTime() - start) / 1e9);
      rows = decoded.get();
    }
    Collections.sort(seconds);
    double median = seconds.get(RUNS / 2);
    System.out.printf(
        Locale.ROOT,
        "%-48s %,d rows: median %.3f s = %,.0f rows/s%n",
        name,
        rows,
        median,
        rows / median);
  }

  private static void report(String name, Path file, ColumnSet columns) throws IOException {
    long bytes = Files.size(file);
    List<Double> seconds = new ArrayList<>();
    long rows = 0;
    for (int run = 0; run < RUNS; run++) {
      long start = System.nanoTime();
      rows = read(file, columns);
      seconds.add((System.nanoTime() - start) / 1e9);
    }
    print(name, bytes, rows, seconds);
  }

  private static void print(String name, long bytes, long rows, List<Double> seconds) {
    Collections.sort(seconds);
    double median = seconds.get(RUNS / 2);
    System.out.printf(
        Locale.ROOT,
        "%-48s %,d rows, %.0f B/row: median %.3f s = %,.0f rows/s, %,.0f MB/s (best %.3f s)%n",
        name,
        rows,
        (double) bytes / rows,
        median,
        rows / median,
        bytes / median / 1e6,
        seconds.get(0));
  }

  /** Reads the file on this thread; decodes each batch when {@code columns} is given. */
  private static long read(Path file, ColumnSet columns) throws IOException {
    long rows = 0;
    long checksum = 0;
    CsvInputAdapter adapter = new CsvInputAdapter(Location.of(file), CsvOptions.defaults());
    try (RecordReader reader = adapter.open(StorageFactory.defaults())) {
      for (RawBatch batch = reader.next(BATCH); batch != null; batch = reader.next(BATCH)) {
        rows += batch.size();
        if (columns != null) {
          for (Entry entry : batch.decode(columns)) {
            if (entry.status() == EntryStatus.FAILED) {
              throw new IllegalStateException("benchmark data is malformed: " + entry.errors());
            }
            for (Object value : entry.rawData().values()) {
              checksum += ((String) value).length();
            }
          }
        }
      }
    }
    if (checksum == 42) {
      System.out.println("(checksum keeps the decoding alive)");
    }
    return rows;
  }

  /** A CSV of {@link #ROWS} rows: ids, emails, timestamps, amounts, quoted names, free text. */
  private static Path generate(Path file, int columns, int textLength) throws IOException {
    if (Files.exists(file)) {
      return file;
    }
    Random random = new Random(columns);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int c = 0; c < columns; c++) {
        out.write(c == 0 ? "c0" : ",c" + c);
      }
      out.write('\n');
      StringBuilder line = new StringBuilder(1024);
      for (int row = 0; row < ROWS; row++) {
        line.setLength(0);
        for (int c = 0; c < columns; c++) {
          if (c > 0) {
            line.append(',');
          }
          switch (c % 7) {
            case 0 -> line.append(row * 31L + c);
            case 1 -> line.append("user_").append(random.nextInt(1_000_000)).append("@example.com");
            case 2 ->
                line.append("2024-0")
                    .append(1 + random.nextInt(9))
                    .append("-1")
                    .append(random.nextInt(10))
                    .append("T12:34:56Z");
            case 3 -> line.append(random.nextInt(100_000)).append('.').append(random.nextInt(100));
            case 4 ->
                line.append("\"Lastname, Firstname ").append(random.nextInt(1000)).append('"');
            case 5 ->
                line.append(TEXT, 0, textLength - 11).append(' ').append(random.nextInt(1 << 30));
            default -> line.append(random.nextBoolean() ? "active" : "inactive");
          }
        }
        line.append('\n');
        out.append(line);
      }
    }
    return file;
  }
}
