package io.zoopipe.examples.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.adapter.InputAdapter;
import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.executor.PipeExecutor;
import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.EntryStatus;
import io.zoopipe.common.pipe.Hook;
import io.zoopipe.common.pipe.HookStore;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.ProgressListener;
import io.zoopipe.format.csv.CsvInputAdapter;
import io.zoopipe.format.csv.CsvOptions;
import io.zoopipe.format.csv.CsvOutputAdapter;
import io.zoopipe.format.json.JsonFormat;
import io.zoopipe.format.json.JsonOutputAdapter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heavy-ETL job as a new user writes it ({@link PlainEtlSchema}, {@link
 * PlainNormalizeAndHashHook}, which names no columns): its rows decode the columns the schema reads
 * up front and the others only when a hook reads them, and it writes byte for byte what decoding
 * every column up front writes, and what the tuned job writes.
 */
class PlainEtlTest {
  @TempDir Path dir;

  @Test
  void decodingOnDemandWritesWhatDecodingEveryColumnWrites() throws Exception {
    Path input = users(dir.resolve("users.csv"), 6_000, new SplittableRandom(3));
    for (PipeExecutor executor :
        List.of(new SingleThreadExecutor(500), new MultiThreadExecutor(3, 211))) {
      PipeReport lazy = run(input, csv(input), executor, "lazy", new CountryHook());
      PipeReport eager =
          run(input, new EveryColumnUpFront(csv(input)), executor, "eager", new CountryHook());

      assertThat(lazy.errorCount()).isGreaterThan(100);
      assertThat(lazy.successCount()).isEqualTo(eager.successCount());
      assertSameFiles("lazy", "eager");
    }
  }

  @Test
  void thePlainJobWritesTheTunedJobsOutput() throws Exception {
    Path input = users(dir.resolve("users.csv"), 6_000, new SplittableRandom(5));
    PipeReport plain = run(input, csv(input), new MultiThreadExecutor(2, 300), "plain");
    PipeReport tuned =
        Pipe.builder()
            .input(csv(input))
            .schema(HeavyEtlSchema.class)
            .postValidationHook(new NormalizeAndHashHook())
            .executor(new MultiThreadExecutor(2, 300))
            .output(
                new JsonOutputAdapter(Location.of(dir.resolve("tuned.jsonl")), JsonFormat.JSONL))
            .build()
            .run(ProgressListener.NONE);

    assertThat(plain.errorCount()).isEqualTo(tuned.errorCount()).isPositive();
    assertThat(Files.readAllBytes(dir.resolve("plain.jsonl")))
        .isEqualTo(Files.readAllBytes(dir.resolve("tuned.jsonl")));
  }

  private void assertSameFiles(String a, String b) throws IOException {
    assertThat(Files.readAllBytes(dir.resolve(a + ".jsonl")))
        .isEqualTo(Files.readAllBytes(dir.resolve(b + ".jsonl")));
    assertThat(Files.readAllBytes(dir.resolve(a + "-errors.csv")))
        .isEqualTo(Files.readAllBytes(dir.resolve(b + "-errors.csv")));
    assertThat(Files.readAllBytes(dir.resolve(a + "-errors.jsonl")))
        .isEqualTo(Files.readAllBytes(dir.resolve(b + "-errors.jsonl")));
  }

  private PipeReport run(
      Path input, InputAdapter adapter, PipeExecutor executor, String name, Hook... preHooks)
      throws Exception {
    for (String errors : List.of("csv", "jsonl")) {
      Pipe.Builder builder =
          Pipe.builder()
              .input(adapter)
              .schema(PlainEtlSchema.class)
              .postValidationHook(new PlainNormalizeAndHashHook())
              .executor(executor)
              .output(
                  new JsonOutputAdapter(
                      Location.of(dir.resolve(name + ".jsonl")), JsonFormat.JSONL))
              .errorOutput(
                  errors.equals("csv")
                      ? new CsvOutputAdapter(
                          Location.of(dir.resolve(name + "-errors.csv")), CsvOptions.defaults())
                      : new JsonOutputAdapter(
                          Location.of(dir.resolve(name + "-errors.jsonl")), JsonFormat.JSONL));
      for (Hook hook : preHooks) {
        builder.preValidationHook(hook);
      }
      PipeReport report = builder.build().run(ProgressListener.NONE);
      if (errors.equals("jsonl")) {
        return report;
      }
    }
    throw new AssertionError("unreachable");
  }

  private static CsvInputAdapter csv(Path input) {
    return new CsvInputAdapter(Location.of(input), CsvOptions.defaults());
  }

  /** Users with wide rows: quoted text, line breaks, multi-byte text, blanks, bad emails. */
  private static Path users(Path file, int rows, SplittableRandom random) throws IOException {
    String[] bios = {
      "plain", "\"with, comma\"", "\"say \"\"hi\"\"\"", "\"two\nlines\"", "日本語 🎉", ""
    };
    StringBuilder csv = new StringBuilder("user_id,username,email,first_name,country,bio,tail\n");
    for (int i = 0; i < rows; i++) {
      String username =
          random.nextInt(40) == 0 ? "  " : (random.nextBoolean() ? " " : "") + "Ünï" + i;
      String email = random.nextInt(40) == 0 ? "x at y" : " U" + i + "@Example.COM ";
      String country = random.nextInt(25) == 0 ? "XX" : "FR";
      csv.append(Integer.toHexString(i + 4096))
          .append(',')
          .append(username)
          .append(',')
          .append(email)
          .append(",Ana,")
          .append(country)
          .append(',')
          .append(bios[random.nextInt(bios.length)])
          .append(',')
          .append(random.nextInt(50) == 0 ? "extra,field" : "t")
          .append(random.nextInt(5) == 0 ? "\r\n" : "\n");
    }
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    return file;
  }

  /**
   * Reads a raw column the schema does not, on some rows only, as a hook that names no columns:
   * fails rows of country XX whose user id is even.
   */
  static final class CountryHook implements Hook {
    @Override
    public List<Entry> execute(List<Entry> entries, HookStore store) {
      for (Entry entry : entries) {
        String userId = (String) entry.rawData().get("user_id");
        if (entry.status() != EntryStatus.FAILED
            && userId != null
            && Character.digit(userId.charAt(userId.length() - 1), 16) % 2 == 0
            && "XX".equals(entry.rawData().get("country"))) {
          entry.fail("country XX with an even id");
        }
      }
      return entries;
    }
  }

  /** The same input, whose batches decode every column up front (the default on demand). */
  private record EveryColumnUpFront(InputAdapter input) implements InputAdapter {
    @Override
    public RecordReader open(StorageFactory storage) throws IOException {
      RecordReader reader = input.open(storage);
      return new RecordReader() {
        @Override
        public List<String> columns() {
          return reader.columns();
        }

        @Override
        public @Nullable RawBatch next(int maxRecords) throws IOException {
          RawBatch batch = reader.next(maxRecords);
          return batch == null ? null : new UpFrontBatch(batch);
        }

        @Override
        public long bytesRead() {
          return reader.bytesRead();
        }

        @Override
        public long expectedBytes() {
          return reader.expectedBytes();
        }

        @Override
        public long startOffset() {
          return reader.startOffset();
        }

        @Override
        public long endOffset() {
          return reader.endOffset();
        }

        @Override
        public void close() throws IOException {
          reader.close();
        }
      };
    }

    @Override
    public boolean isSplittable() {
      return false;
    }

    @Override
    public Optional<Location> location() {
      return input.location();
    }

    @Override
    public String describe() {
      return input.describe();
    }
  }

  private record UpFrontBatch(RawBatch batch) implements RawBatch {
    @Override
    public int size() {
      return batch.size();
    }

    @Override
    public List<Entry> decode(ColumnSet columns) {
      assertThat(columns).isEqualTo(ColumnSet.all());
      return batch.decode(columns);
    }
  }
}
