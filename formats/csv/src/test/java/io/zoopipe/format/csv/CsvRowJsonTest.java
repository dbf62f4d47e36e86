package io.zoopipe.format.csv;

import static io.zoopipe.format.csv.CsvFixtures.input;
import static io.zoopipe.format.csv.CsvFixtures.readAll;
import static io.zoopipe.format.csv.CsvFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV row written as JSON from its values' UTF-8 bytes gives exactly the bytes Jackson writes for
 * a plain map of its strings: quotes and doubled quotes, line breaks in fields, multi-byte and
 * 4-byte UTF-8, every control character, backslashes; rows a hook changed; rows with problems.
 */
class CsvRowJsonTest {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
  private static final ObjectWriter PLAIN_WRITER =
      MAPPER.writer().withAttribute(CsvRow.PLAIN_UTF8_JSON, Boolean.TRUE);
  private static final String[] PIECES = {
    "a", "Zoë", "日本", "😀", "\\", "/", "\t", "\b", "\f", "\u0000", "\u0001", "\u001f", "\u007f",
    "\u0080", "\u2028", "\uffff", "\ufeff", " ", "x\"y", "''"
  };
  private static final String[] QUOTED_ONLY = {"\"", "\"\"", "\n", "\r", "\r\n", ",", "\",\""};

  @TempDir Path dir;

  @Test
  void randomTrickyRowsWriteTheSameJsonAsTheirStrings() throws IOException {
    Random random = new Random(11);
    ByteArrayOutputStream csv = new ByteArrayOutputStream();
    csv.writeBytes("id,text,other,last\n".getBytes(StandardCharsets.UTF_8));
    for (int row = 0; row < 3000; row++) {
      switch (random.nextInt(20)) {
        case 0 -> csv.writeBytes("1,too,few\n".getBytes(StandardCharsets.UTF_8));
        case 1 -> csv.writeBytes(new byte[] {'2', ',', (byte) 0xC3, ',', 'x', ',', 'y', '\n'});
        default -> {
          for (int field = 0; field < 4; field++) {
            if (field > 0) {
              csv.write(',');
            }
            csv.writeBytes(field(random).getBytes(StandardCharsets.UTF_8));
          }
          csv.write('\n');
        }
      }
    }
    Path file = write(dir, "tricky.csv", csv.toByteArray());

    int fromBytes = 0;
    for (ColumnSet columns : List.of(ColumnSet.all(), ColumnSet.of("text", "last"))) {
      for (Entry entry : readAll(input(file), columns, 97)) {
        Map<String, Object> row = entry.rawData();
        if (row instanceof CsvRow csvRow && csvRow.rawFields() != null) {
          fromBytes++;
        }
        assertSameJson(row);
      }
    }
    assertThat(fromBytes).isGreaterThan(4000); // the byte path was taken
  }

  @Test
  void everyAsciiCharacterInAQuotedAndAnUnquotedFieldWritesTheSameJson() throws IOException {
    StringBuilder csv = new StringBuilder("a,b\n");
    for (char c = 0; c < 128; c++) {
      String text = "x" + c + "y";
      csv.append('"').append(text.replace("\"", "\"\"")).append("\",");
      csv.append(c == ',' || c == '\n' || c == '\r' ? "z" : text).append('\n');
    }
    List<Entry> entries = readAll(input(write(dir, "ascii.csv", csv.toString())));

    assertThat(entries).hasSize(128);
    for (Entry entry : entries) {
      assertThat(((CsvRow) entry.rawData()).rawFields()).isNotNull();
      assertSameJson(entry.rawData());
    }
  }

  @Test
  void otherMapperSettingsWriteTheSameJsonAsForTheStrings() throws IOException {
    Path file = write(dir, "settings.csv", "a,b,c\n\"x\"\"😀\",é\u0001,plain\n😀,\"日本\",z\n");
    List<Entry> entries = readAll(input(file));
    for (ObjectMapper mapper :
        List.of(
            JsonMapper.builder().build(),
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build())) {
      for (Entry entry : entries) {
        byte[] expected = mapper.writeValueAsBytes(new LinkedHashMap<>(entry.rawData()));
        assertThat(mapper.writeValueAsBytes(entry.rawData()))
            .as("%s", new String(expected, StandardCharsets.UTF_8))
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void valuesAHookChangedAreWrittenFromTheirNewStrings() throws IOException {
    Path file = write(dir, "change.csv", "a,b,c\n\"x\"\"1\",é,z\n");
    Entry entry = readAll(input(file)).get(0);
    Map<String, Object> row = entry.rawData();

    row.put("a", "new \"a\"");
    row.remove("c");
    row.entrySet().iterator().next().setValue("set");
    row.put("added", 42);

    assertSameJson(row);
    assertThat(json(row)).isEqualTo("{\"a\":\"set\",\"b\":\"é\",\"added\":42}");
  }

  @Test
  void aRowWithBytesInvalidInUtf8IsAnErrorRecordWhoseRawDataHasItsReplacedStrings()
      throws IOException {
    Path file = write(dir, "invalid.csv", new byte[] {'a', '\n', (byte) 0xFF, 'x', '\n'});
    Entry entry = readAll(input(file)).get(0);

    assertThat(entry.status()).isEqualTo(io.zoopipe.common.pipe.EntryStatus.FAILED);
    assertThat(entry.fullRawData()).containsExactly(java.util.Map.entry("a", "\uFFFDx"));
    assertSameJson(entry.fullRawData());
  }

  private static String field(Random random) {
    boolean quoted = random.nextBoolean();
    StringBuilder text = new StringBuilder();
    int pieces = random.nextInt(6);
    for (int i = 0; i < pieces; i++) {
      if (quoted && random.nextInt(4) == 0) {
        text.append(QUOTED_ONLY[random.nextInt(QUOTED_ONLY.length)]);
      } else {
        text.append(PIECES[random.nextInt(PIECES.length)]);
      }
    }
    if (quoted) {
      return '"' + text.toString().replace("\"", "\"\"") + '"';
    }
    String plain = text.toString();
    return plain.startsWith("\"") ? "a" + plain : plain;
  }

  private static void assertSameJson(Map<String, Object> row) throws JsonProcessingException {
    byte[] expected = MAPPER.writeValueAsBytes(new LinkedHashMap<>(row));
    assertThat(MAPPER.writeValueAsBytes(row))
        .as("%s", new String(expected, StandardCharsets.UTF_8))
        .isEqualTo(expected);
    // As the JSON output writes it: the whole row from its bytes where it can.
    assertThat(PLAIN_WRITER.writeValueAsBytes(row))
        .as("whole row: %s", new String(expected, StandardCharsets.UTF_8))
        .isEqualTo(expected);
    assertThat(PLAIN_WRITER.writeValueAsBytes(List.of(row, row)))
        .isEqualTo(MAPPER.writeValueAsBytes(List.of(new LinkedHashMap<>(row), row)));
  }

  private static String json(Map<String, Object> row) throws JsonProcessingException {
    return new String(MAPPER.writeValueAsBytes(row), StandardCharsets.UTF_8);
  }
}
