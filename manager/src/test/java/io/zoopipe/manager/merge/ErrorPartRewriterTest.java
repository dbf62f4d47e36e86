package io.zoopipe.manager.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.adapter.OutputContext;
import io.zoopipe.common.adapter.OutputSink;
import io.zoopipe.common.adapter.PartedOutput;
import io.zoopipe.common.io.Compression;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.report.ErrorRow;
import io.zoopipe.common.validation.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorPartRewriterTest {
  private static final List<String> INPUT_COLUMNS = List.of("id", "name");
  private static final List<String> CSV_COLUMNS =
      List.of("id", "name", "_position", "_offset", "_errors", "_raw_text", "_raw_base64");

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {"errors.csv", "errors.jsonl", "errors.json", "errors.csv.gz", "e.json.zst"})
  void aRewrittenPartIsWhatTheShardWritesWhenItsPositionsStartAtTheBase(String name)
      throws IOException {
    Path shard = dir.resolve("shard").resolve(name);
    Path expected = dir.resolve("expected").resolve(name);
    writePart(shard, rows(0));
    writePart(expected, rows(1_000_000_000_000L));

    Location rewritten =
        rewriter(name).rewrite(Location.of(shard), "part-1", 1_000_000_000_000L, 5);

    assertThat(decompressed(rewritten.toPath())).isEqualTo(decompressed(expected));
    assertThat(rewritten.toPath().getParent()).isEqualTo(dir.resolve("work"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"errors.csv", "errors.jsonl", "errors.json"})
  void aPartThatDoesNotReadBackAsItsShardsErrorCountFailsTheRewrite(String name)
      throws IOException {
    Path shard = dir.resolve("shard").resolve(name);
    writePart(shard, rows(0));

    assertThatThrownBy(() -> rewriter(name).rewrite(Location.of(shard), "part-1", 10, 6))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("reads back as 5 records, but its shard reported 6");
  }

  @ParameterizedTest
  @ValueSource(strings = {"errors.csv", "errors.jsonl"})
  void aPartWithARecordThatIsNotAnErrorRecordFailsTheRewrite(String name) throws IOException {
    Path shard = dir.resolve("shard").resolve(name);
    Files.createDirectories(shard.getParent());
    Files.writeString(shard, name.endsWith(".csv") ? "1,a,b\n" : "{\"position\":\n");

    assertThatThrownBy(() -> rewriter(name).rewrite(Location.of(shard), "part-1", 10, 1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(Location.of(shard).toString());
  }

  private ErrorPartRewriter rewriter(String name) throws IOException {
    Path work = Files.createDirectories(dir.resolve("work"));
    return new ErrorPartRewriter(
        StorageFactory.defaults(),
        DataDescription.of(Location.of(dir.resolve(name))),
        CSV_COLUMNS,
        Location.of(work));
  }

  /**
   * Rows with text that needs quoting and escaping, a parse failure, a record kept as base64, and a
   * null field.
   */
  private static List<ErrorRow> rows(long base) {
    List<ErrorRow> rows = new ArrayList<>();
    rows.add(row(base + 3, 40, "say \"hi\", twice"));
    rows.add(row(base + 9, 120, "line\nbreak 日本語 🎉"));
    rows.add(
        new ErrorRow(
            base + 10,
            150,
            List.of(Violation.parse("1 field too many")),
            Map.of(),
            "10,\"x\",y,z"));
    rows.add(
        new ErrorRow(
            base + 11,
            170,
            List.of(Violation.parse("bytes not valid UTF-8 at byte 2 of the record")),
            Map.of("id", "11", "name", "Zo\uFFFD"),
            null,
            "MTEsWm/r"));
    rows.add(row(base + 200, 9_000, ""));
    return rows;
  }

  private static ErrorRow row(long position, long offset, String name) {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("id", Long.toString(position % 1000));
    raw.put("name", name);
    return new ErrorRow(
        position, offset, List.of(new Violation("id", "must be even", "hook")), raw, null);
  }

  /** Writes rows as a shard writes its error part: the format's part writer. */
  private static void writePart(Path file, List<ErrorRow> rows) throws IOException {
    Files.createDirectories(file.getParent());
    Location location = Location.of(file);
    PartedOutput output = (PartedOutput) DataDescription.of(location).toOutput();
    try (OutputSink sink =
        output
            .asPart()
            .open(StorageFactory.defaults(), new OutputContext(INPUT_COLUMNS, ErrorRow.class))) {
      sink.write(sink.encode(rows.subList(0, 2)));
      sink.write(sink.encode(rows.subList(2, rows.size())));
      sink.finish();
    }
  }

  private static byte[] decompressed(Path file) throws IOException {
    try (InputStream in =
        Compression.fromFileName(file.getFileName().toString())
            .decompress(Files.newInputStream(file))) {
      return in.readAllBytes();
    }
  }
}
