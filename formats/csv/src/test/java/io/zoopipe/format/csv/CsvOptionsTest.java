package io.zoopipe.format.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvOptionsTest {
  @Test
  void defaultsAreCommaDoubleQuoteHeaderUtf8() {
    CsvOptions options = CsvOptions.defaults();

    assertThat(options.delimiter()).isEqualTo(',');
    assertThat(options.quote()).isEqualTo('"');
    assertThat(options.header()).isTrue();
    assertThat(options.columns()).isEmpty();
    assertThat(options.charset()).isEqualTo(StandardCharsets.UTF_8);
    assertThat(options.maxFieldBytes()).isEqualTo(1 << 20);
    assertThat(CsvOptions.tsv().delimiter()).isEqualTo('\t');
  }

  @Test
  void withersReturnChangedCopies() {
    CsvOptions options = CsvOptions.defaults().withDelimiter(';').withColumns("a", "b");

    assertThat(options.delimiter()).isEqualTo(';');
    assertThat(options.columns()).containsExactly("a", "b");
    assertThat(CsvOptions.defaults().delimiter()).isEqualTo(',');
  }

  @Test
  void refusesTheSameDelimiterAndQuote() {
    assertThatThrownBy(() -> CsvOptions.defaults().withDelimiter('"'))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delimiter and quote must differ, both are '\"'");
  }

  @Test
  void refusesLineBreaksAndNonAsciiSeparators() {
    assertThatThrownBy(() -> CsvOptions.defaults().withDelimiter('\n'))
        .hasMessage("delimiter must not be a line break");
    assertThatThrownBy(() -> CsvOptions.defaults().withQuote('\r'))
        .hasMessage("quote must not be a line break");
    assertThatThrownBy(() -> CsvOptions.defaults().withDelimiter('§'))
        .hasMessageContaining("delimiter must be an ASCII character");
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTF-16", "UTF-16LE", "UTF-32"})
  void refusesCharsetsThatAreNotAsciiCompatible(String name) {
    Charset charset = Charset.forName(name);

    assertThatThrownBy(() -> CsvOptions.defaults().withCharset(charset))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("charset " + charset.name() + " is not ASCII-compatible");
  }

  @Test
  void acceptsSingleByteAsciiCompatibleCharsets() {
    assertThat(CsvOptions.defaults().withCharset(Charset.forName("windows-1252")).charset().name())
        .isEqualTo("windows-1252");
  }

  @Test
  void refusesDuplicateOrEmptyColumnNames() {
    assertThatThrownBy(() -> CsvOptions.defaults().withColumns("a", "b", "a"))
        .hasMessage("column name 'a' appears twice in [a, b, a]");
    assertThatThrownBy(() -> CsvOptions.defaults().withColumns(List.of("a", "")))
        .hasMessage("column names must not be empty: [a, ]");
  }

  @Test
  void refusesLimitsOutOfRange() {
    assertThatThrownBy(() -> CsvOptions.defaults().withMaxFieldBytes(0))
        .hasMessage("maxFieldBytes must be >= 1, got 0");
    assertThatThrownBy(() -> CsvOptions.defaults().withMaxRecordBytes(100))
        .hasMessageStartingWith("maxRecordBytes must be between maxFieldBytes (1048576)");
  }
}
