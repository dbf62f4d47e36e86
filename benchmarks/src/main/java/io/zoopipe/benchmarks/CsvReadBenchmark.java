package io.zoopipe.benchmarks;

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
import io.zoopipe.format.csv.CsvInputAdapter;
import io.zoopipe.format.csv.CsvOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Single-thread read throughput of the CSV reader (framing, decoding some or all columns, framing
 * on one thread while another decodes), against Jackson's CSV parser reading every row into a
 * {@code String[]}. One operation reads the whole generated file ({@link CsvBenchmarkFiles}), so
 * rows per second are {@code rows / (ms/op) * 1000}. For people tuning the reader; the build never
 * runs it and nothing asserts a time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class CsvReadBenchmark {
  private static final int BATCH = 1000;
  private static final ColumnSet THREE = ColumnSet.of("c1", "c5", "c8");

  /** {@code wide}: 28 columns of about 78 bytes of text; {@code narrow}: 9 of about 210. */
  @Param({"wide", "narrow"})
  public String shape = "wide";

  /** Rows in the generated file. */
  @Param({"1000000"})
  public int rows = 1_000_000;

  private Path file = Path.of("");

  @Setup(Level.Trial)
  public void generate() throws IOException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "zoopipe-benchmark");
    Files.createDirectories(dir);
    file =
        shape.equals("wide")
            ? CsvBenchmarkFiles.generate(dir.resolve("wide-28-" + rows + ".csv"), 28, 78, rows)
            : CsvBenchmarkFiles.generate(dir.resolve("narrow-9-" + rows + ".csv"), 9, 210, rows);
  }

  /** The baseline: Jackson's CSV parser, every row into a String[] on this thread. */
  @Benchmark
  public long jacksonAllAsStrings(Blackhole blackhole) throws IOException {
    CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    long count = 0;
    try (MappingIterator<String[]> it =
        mapper
            .readerFor(String[].class)
            .with(CsvSchema.emptySchema().withSkipFirstDataRow(true))
            .readValues(file.toFile())) {
      while (it.hasNext()) {
        blackhole.consume(it.next());
        count++;
      }
    }
    return count;
  }

  @Benchmark
  public long framingOnly() throws IOException {
    return read(null, null);
  }

  @Benchmark
  public long decodeNoColumn(Blackhole blackhole) throws IOException {
    return read(ColumnSet.none(), blackhole);
  }

  @Benchmark
  public long decodeThreeColumns(Blackhole blackhole) throws IOException {
    return read(THREE, blackhole);
  }

  @Benchmark
  public long decodeAllColumns(Blackhole blackhole) throws IOException {
    return read(ColumnSet.all(), blackhole);
  }

  /** The reader thread frames while a second thread decodes every column, as on 2 cores. */
  @Benchmark
  public long pipelinedDecodeAllColumns(Blackhole blackhole)
      throws IOException, InterruptedException {
    BlockingQueue<Object> queue = new ArrayBlockingQueue<>(4);
    Object end = new Object();
    AtomicLong decoded = new AtomicLong();
    Thread decoder =
        new Thread(
            () -> {
              try {
                for (Object batch = queue.take(); batch != end; batch = queue.take()) {
                  for (Entry entry : ((RawBatch) batch).decode(ColumnSet.all())) {
                    blackhole.consume(entry.rawData());
                    decoded.incrementAndGet();
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "benchmark-decoder");
    decoder.start();
    try (RecordReader reader = open()) {
      for (RawBatch batch = reader.next(BATCH); batch != null; batch = reader.next(BATCH)) {
        queue.put(batch);
      }
    } finally {
      queue.put(end);
      decoder.join();
    }
    return decoded.get();
  }

  /** Reads the file on this thread; decodes each batch when {@code columns} is given. */
  private long read(@Nullable ColumnSet columns, @Nullable Blackhole blackhole) throws IOException {
    long count = 0;
    try (RecordReader reader = open()) {
      for (RawBatch batch = reader.next(BATCH); batch != null; batch = reader.next(BATCH)) {
        count += batch.size();
        if (columns != null && blackhole != null) {
          for (Entry entry : batch.decode(columns)) {
            if (entry.status() == EntryStatus.FAILED) {
              throw new IllegalStateException("benchmark data is malformed: " + entry.errors());
            }
            blackhole.consume(entry.rawData().values());
          }
        }
      }
    }
    return count;
  }

  private static final StorageFactory STORAGE = StorageFactory.defaults();

  private RecordReader open() throws IOException {
    return new CsvInputAdapter(Location.of(file), CsvOptions.defaults()).open(STORAGE);
  }
}
