package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.zoopipe.endtoend.testing.Cli;
import io.zoopipe.endtoend.testing.InProcessCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A Latin-1 input read as UTF-8 (the default): every record with a non-ASCII byte is an error
 * record whose base64 decodes to the record's exact input bytes, in every error output format, and
 * two worker JVMs write the same error output as one JVM, byte for byte.
 */
class UndecodableBytesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ROWS = 600;

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({"csv,csv", "csv,jsonl", "csv,json", "jsonl,csv", "jsonl,jsonl", "jsonl,json"})
  void everyUndecodableRecordKeepsItsExactBytes(String input, String errors) throws Exception {
    byte[] bytes = latin1Input(input);
    Path single = Files.createDirectories(dir.resolve("single"));
    Path workers = Files.createDirectories(dir.resolve("workers"));
    Files.write(single.resolve("in." + input), bytes);
    Files.write(workers.resolve("in." + input), bytes);

    InProcessCli.Outcome one = InProcessCli.run(arguments(single, input, errors));
    Path log = workers.resolve("run.log");
    int status =
        Cli.run(
            workers,
            log,
            arguments(workers, input, errors, "--workers", "2", "--shards", "3")
                .toArray(String[]::new));

    assertThat(one.status()).as(one.err()).isZero();
    assertThat(status).as(Files.readString(log)).isZero();
    Path errorFile = single.resolve("errors." + errors);
    assertThat(Files.readAllBytes(workers.resolve("errors." + errors)))
        .isEqualTo(Files.readAllBytes(errorFile));
    List<Map.Entry<Long, String>> kept = base64ByOffset(errorFile, errors);
    assertThat(kept).hasSize(ROWS / 3);
    for (Map.Entry<Long, String> record : kept) {
      int offset = Math.toIntExact(record.getKey());
      byte[] decoded = Base64.getDecoder().decode(record.getValue());
      assertThat(decoded)
          .as("the record at byte %d", offset)
          .isEqualTo(Arrays.copyOfRange(bytes, offset, lineEnd(bytes, offset)));
    }
    assertThat(Files.readString(single.resolve("out." + input), StandardCharsets.UTF_8))
        .doesNotContain("\uFFFD");
  }

  /** Every third row has a Latin-1 letter; some rows end with CRLF. */
  private static byte[] latin1Input(String format) {
    StringBuilder text = new StringBuilder(format.equals("csv") ? "id,name,city\n" : "");
    for (int i = 0; i < ROWS; i++) {
      String name = i % 3 == 0 ? "Zoë " + i : "Ann " + i;
      String city = i % 5 == 0 ? "\"Saint, Malo\"" : "Paris";
      String end = i % 4 == 0 ? "\r\n" : "\n";
      if (format.equals("csv")) {
        text.append(i).append(',').append(name).append(',').append(city).append(end);
      } else {
        text.append("{\"id\":")
            .append(i)
            .append(",\"name\":\"")
            .append(name)
            .append("\",\"city\":\"Paris\"}")
            .append(end);
      }
    }
    return text.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static List<String> arguments(Path dir, String input, String errors, String... extra) {
    List<String> arguments = new ArrayList<>();
    arguments.addAll(
        List.of(
            "run",
            "--input",
            dir.resolve("in." + input).toString(),
            "--output",
            dir.resolve("out." + input).toString(),
            "--errors",
            dir.resolve("errors." + errors).toString(),
            "--batch-size",
            "37",
            "--progress",
            "none"));
    arguments.addAll(List.of(extra));
    return arguments;
  }

  /** The offset and base64 bytes of every error record that has them. */
  private static List<Map.Entry<Long, String>> base64ByOffset(Path file, String format)
      throws Exception {
    List<Map.Entry<Long, String>> kept = new ArrayList<>();
    if (format.equals("csv")) {
      CsvMapper csv = new CsvMapper();
      try (MappingIterator<Map<String, String>> rows =
          csv.readerFor(Map.class)
              .with(CsvSchema.emptySchema().withHeader())
              .readValues(file.toFile())) {
        while (rows.hasNext()) {
          Map<String, String> row = rows.next();
          if (!row.get("_raw_base64").isEmpty()) {
            kept.add(Map.entry(Long.parseLong(row.get("_offset")), row.get("_raw_base64")));
          }
        }
      }
      return kept;
    }
    List<JsonNode> records = new ArrayList<>();
    if (format.equals("json")) {
      JSON.readTree(file.toFile()).forEach(records::add);
    } else {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        records.add(JSON.readTree(line));
      }
    }
    for (JsonNode record : records) {
      if (record.has("raw_base64")) {
        kept.add(Map.entry(record.get("offset").asLong(), record.get("raw_base64").asText()));
      }
    }
    return kept;
  }

  /** Where the record at {@code offset} ends: its line break (a CRLF's CR), or the end. */
  private static int lineEnd(byte[] bytes, int offset) {
    int end = offset;
    while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
      end++;
    }
    return end;
  }
}
