package io.zoopipe.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** A record behaves as a LinkedHashMap holding every field, whatever is done to it. */
class ParquetRowTest {
  private static final List<String> NAMES = List.of("id", "name", "email", "age");
  private static final ParquetRow.Fields FIELDS = new ParquetRow.Fields(NAMES);

  @Test
  void startsWithEveryFieldNullInSchemaOrder() {
    ParquetRow row = new ParquetRow(FIELDS);
    row.set(1, "ada");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("id", null);
    expected.put("name", "ada");
    expected.put("email", null);
    expected.put("age", null);
    assertThat(row).isEqualTo(expected).hasSameHashCodeAs(expected);
    assertThat(new ArrayList<>(row.keySet())).isEqualTo(NAMES);
    assertThat(row.containsKey("email")).isTrue();
    assertThat(row.containsKey("other")).isFalse();
    assertThat(row.get(42)).isNull();
    assertThat(row).hasToString(expected.toString());
  }

  /** Random puts, removes, entry updates and iterator removals, beside a LinkedHashMap. */
  @RepeatedTest(50)
  void behavesAsALinkedHashMap(RepetitionInfo repetition) {
    Random random = new Random(repetition.getCurrentRepetition());
    ParquetRow row = new ParquetRow(FIELDS);
    Map<String, Object> model = new LinkedHashMap<>();
    for (int i = 0; i < NAMES.size(); i++) {
      String value = "v" + i;
      row.set(i, value);
      model.put(NAMES.get(i), value);
    }
    List<String> keys = new ArrayList<>(NAMES);
    keys.add("extra1");
    keys.add("extra2");
    for (int step = 0; step < 60; step++) {
      String key = keys.get(random.nextInt(keys.size()));
      switch (random.nextInt(6)) {
        case 0, 1 -> {
          Object value = random.nextBoolean() ? null : "x" + step;
          assertThat(row.put(key, value)).isEqualTo(model.put(key, value));
        }
        case 2 -> assertThat(row.remove(key)).isEqualTo(model.remove(key));
        case 3 -> {
          for (Map.Entry<String, Object> entry : row.entrySet()) {
            if (entry.getKey().equals(key)) {
              assertThat(entry.setValue("set" + step)).isEqualTo(model.put(key, "set" + step));
            }
          }
        }
        case 4 -> {
          Iterator<Map.Entry<String, Object>> it = row.entrySet().iterator();
          Iterator<Map.Entry<String, Object>> expected = model.entrySet().iterator();
          while (it.hasNext()) {
            Map.Entry<String, Object> entry = it.next();
            Map.Entry<String, Object> other = expected.next();
            assertThat(entry).isEqualTo(other);
            if (entry.getKey().equals(key)) {
              it.remove();
              expected.remove();
            }
          }
          assertThat(expected.hasNext()).isFalse();
        }
        default -> {
          if (random.nextInt(10) == 0) {
            row.clear();
            model.clear();
          }
        }
      }
      assertThat(row).isEqualTo(model);
      assertThat(model).isEqualTo(row);
      assertThat(row.hashCode()).isEqualTo(model.hashCode());
      assertThat(new ArrayList<>(row.entrySet())).isEqualTo(new ArrayList<>(model.entrySet()));
      assertThat(row.size()).isEqualTo(model.size());
      for (String k : keys) {
        assertThat(row.containsKey(k)).as(k).isEqualTo(model.containsKey(k));
        assertThat(row.get(k)).as(k).isEqualTo(model.get(k));
      }
    }
  }
}
