package io.zoopipe.endtoend.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What every run of {@code zoopipe run} on a malformed input must satisfy, checked with parsers
 * that are not ZooPipe's (Jackson for JSON Lines, Jackson CSV): an exit status of 0 to 3, no stack
 * trace, a report whose counts add up, outputs holding as many records as the report says, no run
 * failed by a record that was read, and no field of a JSON input silently missing from a CSV
 * output. Stateless; thread-safe.
 */
public final class RunChecks {
  private static final Pattern STACK_TRACE =
      Pattern.compile("(?m)^\\s+at [\\w$.]+\\(|Exception in thread|^Caused by: ");
  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
              .streamReadConstraints(
                  StreamReadConstraints.builder().maxNestingDepth(100_000).build())
              .build());
  private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);

  private RunChecks() {}

  /** The problems of a run of {@code fuzzCase} in {@code dir}: none when it behaved. */
  public static List<String> problems(FuzzCase fuzzCase, Path dir, int status, String printed)
      throws IOException {
    List<String> problems = new ArrayList<>();
    if (status < 0 || status > 3) {
      problems.add("exit status " + status + ", not 0 to 3");
    }
    if (STACK_TRACE.matcher(printed).find()) {
      problems.add("a stack trace was printed");
    }
    Path reportFile = fuzzCase.reportFile(dir);
    if (status == 0 && !Files.exists(reportFile)) {
      problems.add("exit status 0 but no report");
    }
    if (!Files.exists(reportFile)) {
      return problems;
    }
    JsonNode report = JSON.readTree(reportFile.toFile());
    long total = report.path("total_processed").asLong(-1);
    long success = report.path("success_count").asLong(-1);
    long errors = report.path("error_count").asLong(-1);
    long dropped = report.path("dropped_count").asLong(-1);
    if (total != success + errors + dropped || total < 0) {
      problems.add(
          String.format(
              "report: total %d != success %d + error %d + dropped %d",
              total, success, errors, dropped));
    }
    if (status != 0) {
      // Bad rows are error records: a record its reader accepted must not fail the run later.
      if (printed.contains("cannot write a record")) {
        problems.add("a record the reader accepted failed the run at write time");
      }
      if (Files.exists(fuzzCase.outputFile(dir))) {
        problems.add("exit status " + status + " but the output was written");
      }
      return problems;
    }
    checkCount(problems, "output", fuzzCase.output(), fuzzCase.outputFile(dir), success);
    Path errorFile = fuzzCase.errorFile(dir);
    if (errorFile != null && fuzzCase.errors() != null) {
      checkCount(problems, "error output", fuzzCase.errors(), errorFile, errors);
      checkKeptBytes(problems, fuzzCase.errors(), errorFile, fuzzCase.inputFile(dir));
    }
    if (fuzzCase.input().equals("jsonl")
        && fuzzCase.output().equals("csv")
        && !fuzzCase.schema()
        && errors == 0) {
      Set<String> missing = keys(fuzzCase.inputFile(dir));
      missing.removeAll(header(fuzzCase.outputFile(dir)));
      if (!missing.isEmpty()) {
        problems.add("JSON keys missing from the CSV output's columns: " + missing);
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<String> left =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.contains("zoopipe-") || n.contains("shard-"))
              .toList();
      if (!left.isEmpty()) {
        problems.add("temporary files left: " + left);
      }
    }
    return problems;
  }

  /** The count named {@code name} in a report file, or -1 when it has none. */
  public static long reportCount(Path reportFile, String name) throws IOException {
    if (!Files.exists(reportFile)) {
      return -1;
    }
    return JSON.readTree(reportFile.toFile()).path(name).asLong(-1);
  }

  private static void checkCount(
      List<String> problems, String what, String format, Path file, long expected) {
    try {
      long records = format.equals("csv") ? csvRecords(file) : jsonLinesRecords(file);
      if (records != expected) {
        problems.add(what + " holds " + records + " records, the report says " + expected);
      }
    } catch (IOException | RuntimeException e) {
      problems.add(what + " " + file.getFileName() + " does not parse: " + e);
    }
  }

  /**
   * Every error record that keeps its bytes as base64 keeps exactly the input's bytes of a record
   * at its offset (up to a line break or the end of the input), and they are not valid UTF-8.
   */
  private static void checkKeptBytes(
      List<String> problems, String format, Path errorFile, Path inputFile) {
    try {
      if (!Files.exists(errorFile)) {
        return;
      }
      byte[] input = Files.readAllBytes(inputFile);
      for (JsonNode record : errorRecords(errorFile, format)) {
        String base64 = record.path(format.equals("csv") ? "_raw_base64" : "raw_base64").asText("");
        long offset = record.path(format.equals("csv") ? "_offset" : "offset").asLong(-1);
        if (base64.isEmpty()) {
          continue;
        }
        byte[] kept = java.util.Base64.getDecoder().decode(base64);
        int from = (int) offset;
        if (from == 0 && input.length >= 3 && (input[0] & 0xFF) == 0xEF) {
          from = 3; // the byte order mark, which the record at 0 owns but does not hold
        }
        int end = from + kept.length;
        boolean exact =
            from >= 0
                && end <= input.length
                && java.util.Arrays.equals(kept, 0, kept.length, input, from, end)
                && (end == input.length || input[end] == '\n' || input[end] == '\r');
        if (!exact) {
          problems.add("error record at byte " + offset + " keeps bytes that are not its record's");
        } else if (isUtf8(kept)) {
          problems.add("error record at byte " + offset + " keeps bytes that are valid UTF-8");
        }
      }
    } catch (IOException | RuntimeException e) {
      problems.add("error output " + errorFile.getFileName() + " kept bytes unreadable: " + e);
    }
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  private static List<JsonNode> errorRecords(Path file, String format) throws IOException {
    List<JsonNode> records = new ArrayList<>();
    if (format.equals("csv")) {
      if (Files.size(file) == 0) {
        return records;
      }
      try (MappingIterator<java.util.Map<String, String>> rows =
          new CsvMapper()
              .readerFor(java.util.Map.class)
              .with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withHeader())
              .readValues(file.toFile())) {
        while (rows.hasNext()) {
          records.add(JSON.valueToTree(rows.next()));
        }
      }
      return records;
    }
    for (String line : Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)) {
      if (!line.isBlank()) {
        records.add(JSON.readTree(line));
      }
    }
    return records;
  }

  /** The records of a CSV file with a header line: each must have as many fields as the header. */
  public static long csvRecords(Path file) throws IOException {
    if (!Files.exists(file) || Files.size(file) == 0) {
      return 0;
    }
    long records = 0;
    int width = -1;
    try (MappingIterator<List<String>> rows = CSV.readerFor(List.class).readValues(file.toFile())) {
      while (rows.hasNext()) {
        List<String> row = rows.next();
        if (width < 0) {
          width = row.size();
          continue;
        }
        if (row.size() != width) {
          throw new IOException("record " + records + " has " + row.size() + " fields: " + row);
        }
        records++;
      }
    }
    return records;
  }

  /** The records of a JSON Lines file: each non-blank line must be one JSON object. */
  public static long jsonLinesRecords(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    long records = 0;
    // Files.readString refuses bytes that are not UTF-8; only line feeds end a line.
    for (String line : Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)) {
      if (line.isBlank()) {
        continue;
      }
      if (!JSON.readTree(line).isObject()) {
        throw new IOException("not a JSON object: " + line);
      }
      records++;
    }
    return records;
  }

  /** The top-level keys of every line of a JSON Lines file that Jackson reads as an object. */
  private static Set<String> keys(Path file) throws IOException {
    Set<String> keys = new LinkedHashSet<>();
    for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
      @Nullable JsonNode node;
      try {
        node = JSON.readTree(line.getBytes(StandardCharsets.ISO_8859_1));
      } catch (IOException e) {
        continue;
      }
      if (node != null && node.isObject()) {
        node.fieldNames().forEachRemaining(keys::add);
      }
    }
    return keys;
  }

  private static List<String> header(Path csv) throws IOException {
    if (!Files.exists(csv) || Files.size(csv) == 0) {
      return List.of();
    }
    try (MappingIterator<List<String>> rows = CSV.readerFor(List.class).readValues(csv.toFile())) {
      return rows.hasNext() ? rows.next() : List.of();
    }
  }
}
