package io.zoopipe.format.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.format.FormatRegistry;
import io.zoopipe.common.format.ShardInputs;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.shard.ByteRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFormatTest {
  private final CsvFormat format = new CsvFormat();

  @TempDir Path dir;

  @Test
  void isFoundThroughTheServiceLoaderByNameAliasAndExtension() {
    FormatRegistry formats = FormatRegistry.installed();

    assertThat(formats.forName("csv")).isInstanceOf(CsvFormat.class);
    assertThat(formats.forName("TSV")).isInstanceOf(CsvFormat.class);
    assertThat(formats.forFileName("a.tsv.gz")).isInstanceOf(CsvFormat.class);
    assertThat(formats.forFileName("notes.txt")).isInstanceOf(CsvFormat.class);
  }

  @Test
  void optionsRoundTripAndTheDefaultsAreTheEmptyMap() {
    CsvOptions csv =
        CsvOptions.defaults()
            .withDelimiter('\t')
            .withQuote('\'')
            .withHeader(false)
            .withColumns("a", "b,c")
            .withCharset(StandardCharsets.ISO_8859_1)
            .withMaxFieldBytes(100)
            .withMaxRecordBytes(1000);

    assertThat(CsvFormat.formatOptions(CsvOptions.defaults())).isEqualTo(FormatOptions.none());
    assertThat(CsvFormat.csvOptions(CsvFormat.formatOptions(csv))).isEqualTo(csv);
  }

  @Test
  void badOptionsAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> format.validate(FormatOptions.of(Map.of("header", "yes"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("header must be true or false, got 'yes'");
    assertThatThrownBy(() -> format.validate(FormatOptions.of(Map.of("charset", "klingon"))))
        .hasMessageContaining("unknown character set 'klingon'");
    assertThatThrownBy(() -> format.validate(FormatOptions.of(Map.of("max_field_bytes", "0"))))
        .hasMessageContaining("max_field_bytes must be >= 1");
    assertThatThrownBy(() -> format.validate(FormatOptions.of(Map.of("indent", "2"))))
        .hasMessageContaining("format csv has no option 'indent'");
  }

  @Test
  void aTsvNameImpliesTabsOnlyAsAnImpliedOption() {
    assertThat(format.impliedOptions("x.tsv.zst"))
        .isEqualTo(FormatOptions.of(Map.of("delimiter", "\t")));
    assertThat(format.impliedOptions("x.csv")).isEqualTo(FormatOptions.none());
  }

  @Test
  void describesItsAdaptersAndRefusesARangedOne() {
    CsvOptions semicolons = CsvOptions.defaults().withDelimiter(';');
    CsvInputAdapter input = new CsvInputAdapter(Location.parse("in.csv"), semicolons);

    DataDescription described = format.describe(input).orElseThrow();

    assertThat(described.format()).isEqualTo("csv");
    assertThat(format.input(described)).isEqualTo(input);
    assertThat(format.describe(new CsvOutputAdapter(Location.parse("o.csv"), semicolons)))
        .contains(described.withLocation(Location.parse("o.csv")));
    assertThatThrownBy(() -> format.describe(input.withRange(new ByteRange(10, 20))))
        .hasMessageContaining("already restricted to a byte range");
  }

  @Test
  void theProbeHandsEveryShardTheHeadersColumnsAndOnlyTheFirstTheHeaderLine() throws Exception {
    Path file = Files.writeString(dir.resolve("in.csv"), "id,name\n1,a\n2,b\n");
    DataDescription input = DataDescription.of(Location.of(file));

    ShardInputs shards = format.probe(input, input.toInput(), StorageFactory.defaults());

    assertThat(CsvFormat.csvOptions(shards.forShard(0).options()))
        .isEqualTo(CsvOptions.defaults().withColumns("id", "name"));
    assertThat(CsvFormat.csvOptions(shards.forShard(3).options()))
        .isEqualTo(CsvOptions.defaults().withColumns("id", "name").withHeader(false));
    assertThat(shards.forShard(3).location()).isEqualTo(input.location());
  }

  @Test
  void errorPartsNeedThePositionColumn() {
    DataDescription errors = DataDescription.of(Location.parse("errors.csv"));

    assertThatThrownBy(() -> format.errorParts(errors, List.of("id", "_offset")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("have no _position column");
    assertThat(format.errorParts(errors, List.of("id", "_position")).orElseThrow().positionField())
        .isEqualTo("_position");
  }
}
