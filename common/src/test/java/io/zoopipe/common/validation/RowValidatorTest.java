package io.zoopipe.common.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.EntryStatus;
import io.zoopipe.common.pipe.PipelineException;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowValidatorTest {
  record User(
      @JsonProperty("user_id") @NotBlank String userId,
      @Min(0) int age,
      @Email String email,
      LocalDate joined,
      BigDecimal balance,
      boolean active) {}

  record Order(String id, List<Item> items, Map<String, String> tags) {}

  record Item(String sku, int quantity) {}

  enum Color {
    RED,
    GREEN
  }

  record Paint(Color color, Double ratio, Long big) {}

  private final RowValidator<User> validator = new RowValidator<>(User.class);

  @Test
  void convertsTextToFieldTypes() {
    Entry entry = entry(row("u1", "42", "a@b.io", "2024-02-29", "10.50", "yes"));

    validator.validate(entry);

    assertThat(entry.status()).isEqualTo(EntryStatus.VALIDATED);
    assertThat(entry.validatedData())
        .isEqualTo(
            new User("u1", 42, "a@b.io", LocalDate.of(2024, 2, 29), new BigDecimal("10.50"), true));
  }

  @Test
  void aValueThatDoesNotConvertIsAnErrorOnItsFieldNotAnException() {
    Entry entry = entry(row("u1", "abc", "a@b.io", "2024-02-29", "1", "true"));

    validator.validate(entry);

    assertThat(entry.status()).isEqualTo(EntryStatus.FAILED);
    assertThat(entry.errors())
        .containsExactly(new Violation("age", "'abc' is not a valid integer", "type"));
  }

  @Test
  void reportsConversionAndConstraintErrorsOfOtherFieldsTogether() {
    Entry entry = entry(row(" ", "x", "not-an-email", "2024-13-01", "1", "maybe"));

    validator.validate(entry);

    assertThat(entry.errors())
        .extracting(Violation::field, Violation::type)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("age", "type"),
            org.assertj.core.groups.Tuple.tuple("joined", "type"),
            org.assertj.core.groups.Tuple.tuple("active", "type"),
            org.assertj.core.groups.Tuple.tuple("user_id", "NotBlank"),
            org.assertj.core.groups.Tuple.tuple("email", "Email"));
  }

  @Test
  void aMissingPrimitiveIsAnErrorAndAMissingReferenceIsNull() {
    Entry entry = entry(Map.of("user_id", "u1", "email", "a@b.io", "active", "no", "joined", ""));

    validator.validate(entry);

    assertThat(entry.errors())
        .containsExactly(new Violation("age", "a value is required (int)", "type"));
  }

  @Test
  void negativeAgeViolatesMin() {
    Entry entry = entry(row("u1", "-1", "a@b.io", "2024-01-01", "0", "false"));

    validator.validate(entry);

    assertThat(entry.errors())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("age");
              assertThat(v.type()).isEqualTo("Min");
            });
  }

  @Test
  void bindsNestedStructuresFromJsonValuesAndFromJsonText() {
    RowValidator<Order> orders = new RowValidator<>(Order.class);
    Entry fromJson =
        entry(
            Map.of(
                "id",
                "o1",
                "items",
                List.of(Map.of("sku", "A", "quantity", 2)),
                "tags",
                Map.of("k", "v")));
    Entry fromText =
        entry(Map.of("id", "o2", "items", "[{\"sku\":\"B\",\"quantity\":3}]", "tags", "{}"));

    orders.validate(fromJson);
    orders.validate(fromText);

    assertThat(fromJson.validatedData())
        .isEqualTo(new Order("o1", List.of(new Item("A", 2)), Map.of("k", "v")));
    assertThat(fromText.validatedData())
        .isEqualTo(new Order("o2", List.of(new Item("B", 3)), Map.of()));
  }

  @Test
  void convertsEnumsAndJsonNumbers() {
    RowValidator<Paint> paints = new RowValidator<>(Paint.class);
    Entry ok = entry(Map.of("color", "green", "ratio", 3, "big", 12345678901L));
    Entry outOfRange = entry(Map.of("color", "blue", "ratio", "1.5", "big", 1.5));

    paints.validate(ok);
    paints.validate(outOfRange);

    assertThat(ok.validatedData()).isEqualTo(new Paint(Color.GREEN, 3.0, 12345678901L));
    assertThat(outOfRange.errors()).extracting(Violation::field).containsExactly("color", "big");
  }

  @Test
  void refusesASchemaItCannotBind() {
    assertThatThrownBy(() -> new RowValidator<>(Runnable.class))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining(Runnable.class.getName());
  }

  private static Map<String, Object> row(
      String userId, String age, String email, String joined, String balance, String active) {
    return Map.of(
        "user_id", userId, "age", age, "email", email, "joined", joined, "balance", balance,
        "active", active, "ignored", "x");
  }

  private static Entry entry(Map<String, ?> raw) {
    return Entry.of(raw);
  }
}
