package io.zoopipe.common.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocationTest {
  @Test
  void aJdbcUrlIsADatabaseWhosePathIsTheWholeUrl() {
    Location location = Location.parse("jdbc:sqlite:/tmp/x.db");

    assertThat(location.isDatabase()).isTrue();
    assertThat(location.isFile()).isFalse();
    assertThat(location.path()).isEqualTo("jdbc:sqlite:/tmp/x.db");
    assertThat(Location.parse(location.text())).isEqualTo(location);
  }

  @Test
  void aPasswordInAJdbcUrlIsMaskedInToStringButKeptInText() {
    String url = "jdbc:postgresql://db:5432/app?user=etl&password=hunter2&ssl=true";
    Location location = Location.parse(url);

    assertThat(location.toString())
        .isEqualTo("jdbc:postgresql://db:5432/app?user=etl&password=***&ssl=true");
    assertThat(location.text()).isEqualTo(url);
    assertThat(Location.mask("jdbc:mysql://etl:hunter2@db/app"))
        .isEqualTo("jdbc:mysql://etl:***@db/app");
    assertThat(Location.mask("jdbc:sqlserver://db;user=u;password=hunter2;x=1"))
        .isEqualTo("jdbc:sqlserver://db;user=u;password=***;x=1");
  }

  @Test
  void filesAndObjectsAreUnchanged() {
    assertThat(Location.parse("data/jdbc.csv").isFile()).isTrue();
    assertThat(Location.parse("s3://b/k").text()).isEqualTo("s3://b/k");
    assertThat(Location.parse("s3://b/k").toString()).isEqualTo("s3://b/k");
  }
}
