package io.zoopipe.format.csv;

import static io.zoopipe.format.csv.CsvFixtures.input;
import static io.zoopipe.format.csv.CsvFixtures.readAll;
import static io.zoopipe.format.csv.CsvFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.EntryStatus;
import io.zoopipe.common.report.ErrorRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Error records carry a bounded prefix of a value or record over a limit, with its size, never the
 * whole of it: one huge field must not cost its size again in every error output.
 */
class CsvOverLimitValuesTest {
  private static final CsvOptions OPTIONS =
      CsvOptions.defaults().withMaxFieldBytes(2000).withMaxRecordBytes(200_000);

  @TempDir Path dir;

  @Test
  void aValueOverMaxFieldBytesIsKeptAsAPrefixWithItsSize() throws IOException {
    String big = "é" + "x".repeat(4999);
    Path file = write(dir, "wide.csv", "id,text\n1,\"" + big + "\"\n2," + big + "\n3,ok\n");

    List<Entry> entries = readAll(input(file, OPTIONS).withChunkBytes(256));

    assertThat(entries)
        .extracting(Entry::status)
        .containsExactly(EntryStatus.FAILED, EntryStatus.FAILED, EntryStatus.PENDING);
    for (Entry bad : entries.subList(0, 2)) {
      String value = (String) bad.fullRawData().get("text");
      assertThat(value).isEqualTo(big.substring(0, 1023) + "... [truncated: 5001 bytes]");
      assertThat((String) bad.rawData().get("text")).isEqualTo(value);
      assertThat(bad.errors().get(0).message())
          .startsWith("field of 5001 bytes at byte ")
          .endsWith("is longer than maxFieldBytes (2000)");
      assertThat(ErrorRow.of(bad).rawText()).isNull();
    }
  }

  @Test
  void theTextOfARecordOverMaxFieldBytesIsAPrefixWithItsSize() throws IOException {
    String big = "y".repeat(100_000);
    Path file = write(dir, "count.csv", "id,text\n1," + big + ",extra\n2,ok\n");

    List<Entry> entries = readAll(input(file, OPTIONS).withChunkBytes(256));

    Entry bad = entries.get(0);
    assertThat(bad.fullRawData()).isEmpty();
    assertThat(bad.rawText())
        .hasSize(OverLimitText.TEXT_PREFIX_BYTES + "... [truncated: 100008 bytes]".length())
        .startsWith("1,yyy")
        .endsWith("... [truncated: 100008 bytes]");
    assertThat(entries.get(1).status()).isEqualTo(EntryStatus.PENDING);
  }

  @Test
  void aRecordCutAtMaxRecordBytesKeepsAPrefixAndGivesItsSize() throws IOException {
    String big = "z".repeat(300_000);
    Path file = write(dir, "cut.csv", "id,text\n1," + big + "\n2,\"" + big + "\"\n3,ok\n");

    List<Entry> entries = readAll(input(file, OPTIONS).withChunkBytes(4096));

    assertThat(entries).hasSize(3);
    assertThat(entries.get(0).errors().get(0).message())
        .isEqualTo(
            "a record of 300002 bytes at byte 8 is longer than maxRecordBytes (200000); it was cut"
                + " at its first line break");
    assertThat(entries.get(1).errors().get(0).message())
        .isEqualTo(
            "a record of 300004 bytes at byte 300011 is longer than maxRecordBytes (200000); it was"
                + " cut at its first line break");
    for (Entry bad : entries.subList(0, 2)) {
      assertThat(bad.rawText())
          .startsWith(bad.offset() == 8 ? "1,zzz" : "2,\"zzz")
          .endsWith(" bytes]")
          .hasSizeLessThan(OverLimitText.TEXT_PREFIX_BYTES + 40);
    }
    assertThat(entries.get(2).status()).isEqualTo(EntryStatus.PENDING);
  }
}
