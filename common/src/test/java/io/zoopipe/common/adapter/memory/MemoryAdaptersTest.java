package io.zoopipe.common.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.adapter.EncodedBatch;
import io.zoopipe.common.adapter.OutputContext;
import io.zoopipe.common.adapter.OutputSink;
import io.zoopipe.common.adapter.RawBatch;
import io.zoopipe.common.adapter.RecordReader;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.pipe.ColumnSet;
import io.zoopipe.common.pipe.Entry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class MemoryAdaptersTest {
  private static final OutputContext CONTEXT = new OutputContext(List.of(), null);

  @Test
  void inputHandsOutTheRecordsInOrderWithPositions() throws IOException {
    MemoryInputAdapter input = new MemoryInputAdapter(records(5));

    List<Entry> entries = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    try (RecordReader reader = input.open(StorageFactory.defaults())) {
      assertThat(reader.columns()).containsExactly("id", "name", "note");
      for (RawBatch batch = reader.next(2); batch != null; batch = reader.next(2)) {
        sizes.add(batch.size());
        entries.addAll(batch.decode(ColumnSet.all()));
      }
    }

    assertThat(sizes).containsExactly(2, 2, 1);
    assertThat(entries).extracting(Entry::position).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(entries).extracting(Entry::offset).containsOnly(-1L);
    assertThat(entries).extracting(e -> e.rawData().get("id")).containsExactly(0, 1, 2, 3, 4);
    assertThat(entries.get(0).rawData()).containsEntry("note", null);
    assertThat(input.isSplittable()).isFalse();
    assertThat(input.location()).isEmpty();
  }

  @Test
  void inputGivesEachEntryItsOwnCopy() throws IOException {
    List<Map<String, Object>> given = records(1);
    MemoryInputAdapter input = new MemoryInputAdapter(given);
    given.get(0).put("id", 99);

    Entry first = readFirst(input);
    first.rawData().put("id", -1);
    Entry again = readFirst(input);

    assertThat(again.rawData()).containsEntry("id", 0);
    assertThat(input.records().get(0)).containsEntry("id", 0);
  }

  @Test
  void anEmptyInputHasNoColumnsAndNoBatches() throws IOException {
    try (RecordReader reader = new MemoryInputAdapter(List.of()).open(StorageFactory.defaults())) {
      assertThat(reader.columns()).isEmpty();
      assertThat(reader.next(10)).isNull();
    }
  }

  @Test
  void outputCollectsTheWrittenObjectsInOrder() throws IOException {
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    Object first = new Object();
    Object second = Map.of("a", 1);

    OutputSink sink = output.open(StorageFactory.defaults(), CONTEXT);
    EncodedBatch batch = sink.encode(Arrays.asList(first, second));
    sink.write(batch);
    assertThat(output.isComplete()).isFalse();
    sink.write(sink.encode(List.of("third")));
    sink.finish();
    sink.close();

    assertThat(output.records()).containsExactly(first, second, "third");
    assertThat(output.records().get(0)).isSameAs(first);
    assertThat(output.isComplete()).isTrue();
    assertThat(sink.recordsWritten()).isEqualTo(3);
  }

  @Test
  void abortEmptiesTheOutput() throws IOException {
    MemoryOutputAdapter output = new MemoryOutputAdapter();

    try (OutputSink sink = output.open(StorageFactory.defaults(), CONTEXT)) {
      sink.write(sink.encode(List.of("a", "b")));
      assertThat(output.records()).containsExactly("a", "b");
    }

    assertThat(output.records()).isEmpty();
    assertThat(output.isComplete()).isFalse();
  }

  @Test
  void aFinishedSinkRefusesMoreWrites() throws IOException {
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    OutputSink sink = output.open(StorageFactory.defaults(), CONTEXT);
    sink.finish();

    assertThatThrownBy(() -> sink.write(sink.encode(List.of("late"))))
        .isInstanceOf(IllegalStateException.class);
    sink.close();
    assertThat(output.isComplete()).isTrue();
  }

  private static Entry readFirst(MemoryInputAdapter input) throws IOException {
    try (RecordReader reader = input.open(StorageFactory.defaults())) {
      return Objects.requireNonNull(reader.next(10)).decode(ColumnSet.all()).get(0);
    }
  }

  private static List<Map<String, Object>> records(int count) {
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("id", i);
      record.put("name", "n" + i);
      record.put("note", null);
      records.add(record);
    }
    return records;
  }
}
