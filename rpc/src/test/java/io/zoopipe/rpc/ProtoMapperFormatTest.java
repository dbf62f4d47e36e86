package io.zoopipe.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.proto.v1.CsvOptions;
import io.zoopipe.proto.v1.DataLocation;
import io.zoopipe.proto.v1.Format;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtoMapperFormatTest {
  private static final FormatOptions SEMICOLONS =
      FormatOptions.of(Map.of("delimiter", ";", "header", "false"))
          .withList("columns", List.of("id", "name, full"));

  @Test
  void aDescriptionTravelsByNameAndOptionsAndBack() {
    DataDescription csv = new DataDescription(Location.parse("in.txt"), "csv", SEMICOLONS);

    DataLocation proto = ProtoMapper.toProto(csv);

    assertThat(proto.getFormatName()).isEqualTo("csv");
    assertThat(proto.getOptionsMap()).isEqualTo(SEMICOLONS.values());
    assertThat(ProtoMapper.fromProto("pipe.input", proto)).isEqualTo(csv);
  }

  @Test
  void theLegacyFieldsAreFilledForOlderReceivers() {
    DataDescription csv = new DataDescription(Location.parse("in.txt"), "csv", SEMICOLONS);

    DataLocation proto = ProtoMapper.toProto(csv);
    DataLocation json = ProtoMapper.toProto(DataDescription.of(Location.parse("out.json.gz")));

    assertThat(proto.getFormat()).isEqualTo(Format.FORMAT_CSV);
    assertThat(proto.getCsv().getDelimiter()).isEqualTo(";");
    assertThat(proto.getCsv().hasHeader()).isTrue();
    assertThat(proto.getCsv().getHeader()).isFalse();
    assertThat(proto.getCsv().getColumnsList()).containsExactly("id", "name, full");
    assertThat(proto.getCsv().getQuote()).isEmpty();
    assertThat(json.getFormat()).isEqualTo(Format.FORMAT_JSON);
    assertThat(json.hasCsv()).isFalse();
  }

  @Test
  void aMessageOfAnOlderSenderIsReadFromTheLegacyFields() {
    DataLocation legacy =
        DataLocation.newBuilder()
            .setLocation("in.txt")
            .setFormat(Format.FORMAT_CSV)
            .setCsv(
                CsvOptions.newBuilder()
                    .setDelimiter(";")
                    .setHeader(false)
                    .addColumns("id")
                    .addColumns("name, full"))
            .build();
    DataLocation detected = DataLocation.newBuilder().setLocation("s3://b/k.ndjson.zst").build();

    assertThat(ProtoMapper.fromProto("pipe.input", legacy))
        .isEqualTo(new DataDescription(Location.parse("in.txt"), "csv", SEMICOLONS));
    assertThat(ProtoMapper.fromProto("pipe.input", detected).format()).isEqualTo("jsonl");
  }

  @Test
  void anUnknownFormatOrABadOptionNamesTheField() {
    DataLocation unknown =
        DataLocation.newBuilder().setLocation("in.xml").setFormatName("xml").build();
    DataLocation badOption =
        DataLocation.newBuilder()
            .setLocation("in.csv")
            .setFormatName("csv")
            .putOptions("delimiter", "ab")
            .build();
    DataLocation jsonWithOption =
        DataLocation.newBuilder()
            .setLocation("in.json")
            .setFormatName("json")
            .putOptions("delimiter", ";")
            .build();

    assertThatThrownBy(() -> ProtoMapper.fromProto("pipe.output", unknown))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pipe.output.format_name")
        .hasMessageContaining("unknown format 'xml'")
        .hasMessageContaining("csv (tsv)");
    assertThatThrownBy(() -> ProtoMapper.fromProto("pipe.input", badOption))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pipe.input")
        .hasMessageContaining("delimiter must be one character, got 'ab'");
    assertThatThrownBy(() -> ProtoMapper.fromProto("pipe.input", jsonWithOption))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format json has no option 'delimiter'");
  }
}
