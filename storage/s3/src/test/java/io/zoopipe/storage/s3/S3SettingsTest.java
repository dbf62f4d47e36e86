package io.zoopipe.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
  @Test
  void defaultsLeaveEndpointRegionAndCredentialsToTheSdk() {
    S3Settings settings = S3Settings.fromEnvironment(Map.of());

    assertThat(settings).isEqualTo(S3Settings.defaults());
    assertThat(settings.endpoint()).isNull();
    assertThat(settings.region()).isNull();
    assertThat(settings.credentials()).isNull();
    assertThat(settings.pathStyle()).isFalse();
    assertThat(settings.partSizeBytes()).isEqualTo(8 << 20);
  }

  @Test
  void readsTheEndpointAndPathStyleFromTheEnvironment() {
    S3Settings settings =
        S3Settings.fromEnvironment(
            Map.of("AWS_ENDPOINT_URL", "http://minio:9000", "ZOOPIPE_S3_PATH_STYLE", "true"));

    assertThat(settings.endpoint()).isEqualTo(URI.create("http://minio:9000"));
    assertThat(settings.pathStyle()).isTrue();
  }

  @Test
  void theS3SpecificEndpointWins() {
    S3Settings settings =
        S3Settings.fromEnvironment(
            Map.of(
                "AWS_ENDPOINT_URL", "http://general:1",
                "AWS_ENDPOINT_URL_S3", "http://s3-only:2"));

    assertThat(settings.endpoint()).isEqualTo(URI.create("http://s3-only:2"));
  }

  @Test
  void rejectsABadEndpointOrPathStyleByName() {
    assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "minio")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'minio'");
    assertThatThrownBy(
            () -> S3Settings.fromEnvironment(Map.of("ZOOPIPE_S3_PATH_STYLE", "sometimes")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ZOOPIPE_S3_PATH_STYLE");
  }

  @Test
  void readsSizesAndConcurrencyFromTheEnvironment() {
    S3Settings settings =
        S3Settings.fromEnvironment(
            Map.of(
                "ZOOPIPE_S3_PART_MIB", "16",
                "ZOOPIPE_S3_PARTS_IN_FLIGHT", "2",
                "ZOOPIPE_S3_READ_CHUNK_MIB", " 1 ",
                "ZOOPIPE_S3_READS_IN_FLIGHT", "8"));

    assertThat(settings.partSizeBytes()).isEqualTo(16 << 20);
    assertThat(settings.partsInFlight()).isEqualTo(2);
    assertThat(settings.prefetchChunkBytes()).isEqualTo(1 << 20);
    assertThat(settings.requestsInFlight()).isEqualTo(8);
  }

  @Test
  void rejectsSizesOutOfRangeNamingTheVariable() {
    assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of("ZOOPIPE_S3_PART_MIB", "4")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ZOOPIPE_S3_PART_MIB must be a whole number from 5 to 2047, got '4'");
    assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of("ZOOPIPE_S3_PART_MIB", "2048")))
        .hasMessageContaining("from 5 to 2047");
    assertThatThrownBy(
            () -> S3Settings.fromEnvironment(Map.of("ZOOPIPE_S3_READS_IN_FLIGHT", "lots")))
        .hasMessage("ZOOPIPE_S3_READS_IN_FLIGHT must be a whole number from 1 to 64, got 'lots'");
    assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of("ZOOPIPE_S3_PARTS_IN_FLIGHT", "0")))
        .hasMessageContaining("ZOOPIPE_S3_PARTS_IN_FLIGHT");
    assertThatThrownBy(
            () -> S3Settings.fromEnvironment(Map.of("ZOOPIPE_S3_READ_CHUNK_MIB", "1025")))
        .hasMessageContaining("ZOOPIPE_S3_READ_CHUNK_MIB must be a whole number from 1 to 1024");
  }

  @Test
  void rejectsPartsSmallerThanS3Allows() {
    assertThatThrownBy(() -> S3Settings.defaults().withPartSizeBytes(1 << 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("5 MiB");
  }

  @Test
  void rejectsNonPositiveConcurrencyAndNegativeRetries() {
    S3Settings defaults = S3Settings.defaults();

    assertThatThrownBy(() -> defaults.withPartsInFlight(0)).hasMessageContaining("parts");
    assertThatThrownBy(() -> defaults.withRequestsInFlight(0)).hasMessageContaining("requests");
    assertThatThrownBy(() -> defaults.withPrefetchChunkBytes(0)).hasMessageContaining("chunk");
    assertThatThrownBy(() -> defaults.withRetries(-1)).hasMessageContaining("retries");
  }

  @Test
  void credentialsHideTheSecret() {
    S3Settings.Credentials credentials = new S3Settings.Credentials("AKIA123", "very-secret");

    assertThat(credentials.toString()).contains("AKIA123").doesNotContain("very-secret");
    assertThat(S3Settings.defaults().withCredentials(credentials).toString())
        .doesNotContain("very-secret");
  }
}
