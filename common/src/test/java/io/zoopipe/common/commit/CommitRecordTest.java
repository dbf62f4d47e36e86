package io.zoopipe.common.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StagedFile;
import io.zoopipe.common.io.StagedObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitRecordTest {
  private static final String ID = "0123456789abcdef";

  @TempDir Path directory;

  @Test
  void aRecordOfLocalRenamesAndRemoteObjectsReadsBackAsWritten() throws IOException {
    Path output = directory.resolve("out\tname.csv");
    Location errors = Location.parse("s3://bucket/dir/errors.csv");
    CommitRecord record =
        new CommitRecord(
            List.of(
                CommitRecord.copyBeside(Location.of(output), ID),
                CommitRecord.copyBeside(errors, ID)),
            List.of(new StagedFile(directory.resolve(".out.csv.zoopipe-aa.tmp"), output)),
            List.of(new StagedObject(errors, "upload id%20x 12 1:\"etag\"")));
    Path copy = CommitRecord.copyBeside(output, ID);

    record.write(copy, () -> {});

    assertThat(CommitRecord.read(copy)).isEqualTo(record);
    assertThat(record.copies().get(1))
        .isEqualTo(Location.parse("s3://bucket/dir/.errors.csv.zoopipe-" + ID + ".commit"));
    assertThat(CommitRecord.isCopyName("errors.csv", record.copies().get(1).fileName())).isTrue();
  }

  @Test
  void aRecordWrittenBeforeRemoteEntriesExistedStillReads() throws IOException {
    Path copy = directory.resolve(".out.csv.zoopipe-" + ID + ".commit");
    Path staged = directory.resolve(".out.csv.zoopipe-aa.tmp");
    Path target = directory.resolve("out.csv");
    Files.writeString(
        copy, "zoopipe-commit 1\ncopy\t" + copy + "\nmove\t" + staged + "\t" + target + "\nend\n");

    CommitRecord record = CommitRecord.read(copy);

    assertThat(record.primary()).isEqualTo(Location.of(copy));
    assertThat(record.moves()).containsExactly(new StagedFile(staged, target));
    assertThat(record.objects()).isEmpty();
  }

  @Test
  void aTruncatedRecordIsRefused() {
    assertThatThrownBy(() -> CommitRecord.parse("zoopipe-commit 1\ncopy\ts3://b/k\n", "here"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("here is not a complete commit record");
    assertThatThrownBy(() -> CommitRecord.parse("zoopipe-commit 1\ncopy\ts3://b\nend\n", "there"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("there");
  }
}
