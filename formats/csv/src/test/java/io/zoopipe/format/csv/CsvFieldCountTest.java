package io.zoopipe.format.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.validation.Violation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Counting the fields after the last wanted one, rather than splitting them, changes nothing: the
 * same field count, the same values and the same violations, on tricky records; and so does taking
 * the count the framer made while framing the record.
 */
class CsvFieldCountTest {
  private static final String[] PIECES = {
    "a", "bc", "", ",", ",", ",", "\"", "\"\"", "\"x,y\"", "\"q\"\"q\"", "é", "\r", "\n", " ", "z"
  };

  @Test
  void countingTheUnwantedFieldsAgreesWithSplittingThemOnRandomRecords() {
    Random random = new Random(7);
    for (int n = 0; n < 100_000; n++) {
      StringBuilder record = new StringBuilder();
      int pieces = random.nextInt(40);
      for (int i = 0; i < pieces; i++) {
        record.append(PIECES[random.nextInt(PIECES.length)]);
      }
      int maxFieldBytes = random.nextInt(5) == 0 ? 1 + random.nextInt(6) : 1 << 20;
      assertSameOutcome(record.toString(), random.nextInt(6), 6, maxFieldBytes, -1);
    }
  }

  @Test
  void theFramersFieldCountsAgreeWithSplittingOnRandomText() throws IOException {
    Random random = new Random(11);
    int known = 0;
    for (int n = 0; n < 20_000; n++) {
      StringBuilder text = new StringBuilder();
      int pieces = random.nextInt(60);
      for (int i = 0; i < pieces; i++) {
        text.append(PIECES[random.nextInt(PIECES.length)]);
      }
      int maxFieldBytes = random.nextInt(5) == 0 ? 1 + random.nextInt(6) : 1 << 20;
      CsvOptions options = CsvOptions.defaults().withMaxFieldBytes(maxFieldBytes);
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      // Small chunks: records and quoted fields straddle refills.
      try (CsvFramer framer =
          new CsvFramer(new ByteArrayInputStream(bytes), 0, options, 8 + random.nextInt(40))) {
        while (framer.next()) {
          if (framer.problem() != null) {
            continue;
          }
          String record =
              new String(
                  framer.recordBytes(),
                  framer.recordStart(),
                  framer.recordEnd() - framer.recordStart(),
                  StandardCharsets.UTF_8);
          int fields = framer.recordFields();
          if (fields >= 0) {
            known++;
            CsvRecordDecoder decoder =
                new CsvRecordDecoder(new CsvColumns(List.of("c")), options, true);
            assertThat(
                    decoder.split(
                        record.getBytes(StandardCharsets.UTF_8),
                        0,
                        record.getBytes(StandardCharsets.UTF_8).length,
                        0,
                        new Object[0],
                        new boolean[0]))
                .as("fields of <%s>", record)
                .isEqualTo(fields);
          }
          assertSameOutcome(record, random.nextInt(6), 6, maxFieldBytes, fields);
        }
      }
    }
    assertThat(known).isGreaterThan(10_000);
  }

  @Test
  void countsQuotedFieldsDelimitersInsideQuotesAndTrailingEmptyFields() {
    for (String record :
        List.of(
            "a,b,c,d",
            "a,\"b,c\",d,\"e\"\"f\"",
            "a,b,,",
            "a,b,\"\"",
            "a,b,\"x\"y,z",
            "a,b,\"unterminated,c",
            "a,b,c\"d,e",
            "12345678,\"12345678,12345678\",12345678,\"\"\"\",12345678,x",
            "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z",
            "a,b,c\r")) {
      for (int lastWanted = -1; lastWanted < 4; lastWanted++) {
        assertSameOutcome(record, lastWanted, 4, 1 << 20, -1);
        assertSameOutcome(record, lastWanted, 4, 3, -1);
      }
    }
  }

  private static void assertSameOutcome(
      String record, int lastWanted, int columnCount, int maxFieldBytes, int knownFields) {
    byte[] data = ("xx" + record + "yy").getBytes(StandardCharsets.UTF_8);
    int start = 2;
    int end = data.length - 2;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < columnCount; i++) {
      names.add("c" + i);
    }
    CsvColumns columns = new CsvColumns(names);
    CsvOptions options = CsvOptions.defaults().withMaxFieldBytes(maxFieldBytes);
    boolean[] wanted = new boolean[columnCount];
    for (int i = 0; i <= lastWanted && i < columnCount; i++) {
      wanted[i] = true;
    }

    CsvRecordDecoder splitting = new CsvRecordDecoder(columns, options, true);
    @Nullable Object[] split = new Object[columnCount];
    int splitCount = splitting.split(data, start, end, 100, split, wanted);
    List<Violation> splitViolations = splitting.violations();

    CsvRecordDecoder counting = new CsvRecordDecoder(columns, options, true);
    @Nullable Object[] counted = new Object[columnCount];
    int countedCount =
        counting.split(data, start, end, 100, counted, wanted, lastWanted, knownFields);

    String why = "record <" + record + "> lastWanted " + lastWanted + " max " + maxFieldBytes;
    assertThat(countedCount).as(why).isEqualTo(splitCount);
    assertThat(Arrays.asList(counted)).as(why).isEqualTo(Arrays.asList(split));
    assertThat(counting.violations()).as(why).isEqualTo(splitViolations);
  }
}
