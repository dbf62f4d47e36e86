package io.zoopipe.common.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EntryTest {
  record User(String name) {}

  @Test
  void validatedDataOfATypeNeedsNoCast() {
    Entry entry = Entry.of(Map.of("name", "ana"));
    entry.setValidatedData(new User("ana"));

    User user = entry.validatedData(User.class);

    assertThat(user.name()).isEqualTo("ana");
  }

  @Test
  void validatedDataOfAnotherTypeNamesBothTypes() {
    Entry entry = Entry.of(Map.of("name", "ana"));
    entry.setValidatedData("ana");

    assertThatThrownBy(() -> entry.validatedData(User.class))
        .isInstanceOf(ClassCastException.class)
        .hasMessageContaining(String.class.getName())
        .hasMessageContaining(User.class.getName());
  }

  @Test
  void validatedDataBeforeValidationIsAnError() {
    Entry entry = Entry.of(Map.of("name", "ana"));

    assertThatThrownBy(() -> entry.validatedData(User.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no validated data");
  }
}
