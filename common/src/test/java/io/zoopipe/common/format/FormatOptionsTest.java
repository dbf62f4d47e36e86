package io.zoopipe.common.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FormatOptionsTest {
  @Test
  void listsTravelAsJsonArraysOfStrings() {
    FormatOptions options = FormatOptions.none().withList("columns", List.of("a", "b, \"c\""));

    assertThat(options.get("columns")).contains("[\"a\",\"b, \\\"c\\\"\"]");
    assertThat(options.getList("columns")).contains(List.of("a", "b, \"c\""));
    assertThatThrownBy(() -> FormatOptions.none().with("columns", "a,b").getList("columns"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("option columns must be a JSON array of strings");
  }

  @Test
  void equalOptionsAreEqualWhateverTheOrderTheyWereGivenIn() {
    FormatOptions one = FormatOptions.of(Map.of("quote", "'", "delimiter", ";"));
    FormatOptions two = FormatOptions.none().with("delimiter", ";").with("quote", "'");

    assertThat(one).isEqualTo(two);
    assertThat(one.values().keySet()).containsExactly("delimiter", "quote");
    assertThat(one.without("quote").without("delimiter")).isEqualTo(FormatOptions.none());
    assertThat(one.onlyFor(Set.of("quote"))).isEqualTo(FormatOptions.none().with("quote", "'"));
  }

  @Test
  void refusesKeysThatAreNotLowerCaseWordsAndNamesUnknownOnes() {
    assertThatThrownBy(() -> FormatOptions.of(Map.of("Delimiter", ";")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("option name 'Delimiter'");
    assertThatThrownBy(
            () ->
                FormatOptions.none()
                    .with("indent", "2")
                    .requireKnown("csv", Set.of("quote", "delimiter")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("format csv has no option 'indent'; it takes delimiter, quote");
  }
}
