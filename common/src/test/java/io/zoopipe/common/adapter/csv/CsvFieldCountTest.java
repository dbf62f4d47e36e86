package io.zoopipe.common.adapter.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.validation.Violation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Counting the fields after the last wanted one, rather than splitting them, changes nothing: the
 * same field count, the same values and the same violations, on tricky records.
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
      assertSameOutcome(record.toString(), random.nextInt(6), 6, maxFieldBytes);
    }
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
        assertSameOutcome(record, lastWanted, 4, 1 << 20);
        assertSameOutcome(record, lastWanted, 4, 3);
      }
    }
  }

  private static void assertSameOutcome(
      String record, int lastWanted, int columnCount, int maxFieldBytes) {
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
    int countedCount = counting.split(data, start, end, 100, counted, wanted, lastWanted);

    String why = "record <" + record + "> lastWanted " + lastWanted + " max " + maxFieldBytes;
    assertThat(countedCount).as(why).isEqualTo(splitCount);
    assertThat(Arrays.asList(counted)).as(why).isEqualTo(Arrays.asList(split));
    assertThat(counting.violations()).as(why).isEqualTo(splitViolations);
  }
}
