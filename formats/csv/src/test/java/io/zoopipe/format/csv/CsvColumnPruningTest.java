package io.zoopipe.format.csv;

import static io.zoopipe.format.csv.CsvFixtures.input;
import static io.zoopipe.format.csv.CsvFixtures.readAll;
import static io.zoopipe.format.csv.CsvFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvColumnPruningTest {
  @TempDir Path dir;
  private Path file;

  @BeforeEach
  void writeFile() {
    file = write(dir, "wide.csv", "a,b,c,d\n1,\"two, quoted\",3,4\n");
  }

  @Test
  void materialisesOnlyTheRequestedColumnsInInputOrder() throws IOException {
    Entry entry = readAll(input(file), ColumnSet.of("d", "b"), 10).get(0);

    assertThat(entry.rawData()).containsExactly(Map.entry("b", "two, quoted"), Map.entry("d", "4"));
    assertThat(entry.rawData()).hasSize(2);
    assertThat(entry.rawData().get("d")).isEqualTo("4");
  }

  @Test
  void readingAPrunedColumnThrowsAndSaysHowToAskForIt() throws IOException {
    Entry entry = readAll(input(file), ColumnSet.of("a"), 10).get(0);

    assertThatThrownBy(() -> entry.rawData().get("c"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("column 'c' was not decoded")
        .hasMessageContaining("requiredColumns()");
    assertThatThrownBy(() -> entry.rawData().containsKey("c"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aColumnTheInputDoesNotHaveIsSimplyAbsent() throws IOException {
    Entry entry = readAll(input(file), ColumnSet.of("a", "zzz"), 10).get(0);

    assertThat(entry.rawData().get("zzz")).isNull();
    assertThat(entry.rawData().containsKey("zzz")).isFalse();
    assertThat(entry.rawData()).containsOnlyKeys("a");
  }

  @Test
  void fullRawDataAndRawTextRecoverEveryColumn() throws IOException {
    Entry entry = readAll(input(file), ColumnSet.none(), 10).get(0);

    assertThat(entry.rawData()).isEmpty();
    assertThat(entry.fullRawData())
        .containsExactly(
            Map.entry("a", "1"),
            Map.entry("b", "two, quoted"),
            Map.entry("c", "3"),
            Map.entry("d", "4"));
    assertThat(entry.rawText()).isEqualTo("1,\"two, quoted\",3,4");
  }

  @Test
  void hooksCanWriteRemoveAndAddColumns() throws IOException {
    Entry entry = readAll(input(file), ColumnSet.of("a", "b"), 10).get(0);
    Map<String, Object> raw = entry.rawData();

    raw.put("a", "one");
    raw.put("c", "three");
    raw.remove("b");
    raw.put("extra", 5);

    assertThat(raw)
        .containsExactly(Map.entry("a", "one"), Map.entry("c", "three"), Map.entry("extra", 5));
    assertThat(raw.get("b")).isNull();
    assertThat(raw).isEqualTo(Map.of("a", "one", "c", "three", "extra", 5));
    assertThatThrownBy(() -> raw.get("d")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void everyColumnIsMaterialisedWhenAllAreRequested() throws IOException {
    List<Entry> all = readAll(input(file), ColumnSet.all(), 10);

    assertThat(all.get(0).rawData()).containsOnlyKeys("a", "b", "c", "d");
  }
}
