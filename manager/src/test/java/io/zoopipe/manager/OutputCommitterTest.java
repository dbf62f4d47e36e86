package io.zoopipe.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.format.FormatOptions;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.StorageFactory;
import io.zoopipe.common.job.AttemptKey;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.pipe.ErrorKind;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.manager.attempt.AttemptCounts;
import io.zoopipe.manager.attempt.AttemptResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committer on real files: work directories, parts, the merge, column agreement, clean-up. */
class OutputCommitterTest {
  private static final String JOB = "0badc0de";

  @TempDir Path dir;

  private OutputCommitter committer() {
    return new OutputCommitter(
        JOB,
        new PipeDescription(
            csv(dir.resolve("in.csv")),
            csv(dir.resolve("out.csv")),
            null,
            null,
            List.of(),
            List.of(),
            new SingleThreadExecutor(10)),
        StorageFactory.defaults());
  }

  private static DataDescription csv(Path path) {
    return new DataDescription(Location.of(path), "csv", FormatOptions.none());
  }

  @Test
  void attemptsWriteTheirPartsInALockedWorkDirectoryBesideTheDestination() throws Exception {
    OutputCommitter committer = committer();
    committer.prepare();

    Location part = committer.outputPart(new AttemptKey(JOB, 0, 3, 2));

    Path work = dir.resolve("out.csv.zoopipe-" + JOB);
    assertThat(part.toPath()).isEqualTo(work.resolve("shard-00003-attempt-2.out.csv"));
    assertThat(committer.errorPart(new AttemptKey(JOB, 0, 3, 2))).isNull();
    assertThat(work.resolve(WorkDirectoryLock.LOCK_FILE)).exists();
    committer.cleanUp(List.of());
    assertThat(work).doesNotExist();
  }

  @Test
  void preparingRemovesTheWorkDirectoryOfAJobWhoseManagerDied() throws Exception {
    Path abandoned = Files.createDirectory(dir.resolve("out.csv.zoopipe-deadbeef"));
    Files.writeString(abandoned.resolve(WorkDirectoryLock.LOCK_FILE), "");
    Files.writeString(abandoned.resolve("shard-00000-attempt-1.out.csv"), "0,a\n");
    OutputCommitter committer = committer();

    committer.prepare();

    assertThat(abandoned).doesNotExist();
    committer.cleanUp(List.of());
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void preparingRemovesThePartialConcatenationOfAManagerKilledWhilePublishing() throws Exception {
    Path partial = Files.writeString(dir.resolve(".out.csv.zoopipe-5eed.tmp"), "id,name\n0,a");
    OutputCommitter committer = committer();

    committer.prepare();

    assertThat(partial).doesNotExist();
    committer.cleanUp(List.of());
  }

  @Test
  void mergesTheCommittedPartsInOrderUnderOneHeaderSkippingEmptyOnes() throws Exception {
    OutputCommitter committer = committer();
    committer.prepare();
    AttemptResult first = part(committer, 0, "0,a\n1,b\n", 2, List.of("id", "name"));
    AttemptResult empty = part(committer, 1, "", 0, List.of("other"));
    AttemptResult last = part(committer, 2, "2,c\n", 1, List.of("id", "name"));

    OutputCommitter.Columns columns = committer.merge(List.of(first, empty, last), () -> true);
    committer.cleanUp(List.of(first, empty, last));

    assertThat(columns.output()).containsExactly("id", "name");
    String merged = Files.readString(dir.resolve("out.csv"), StandardCharsets.UTF_8);
    assertThat(merged).startsWith("id,name").endsWith("\n0,a\n1,b\n2,c\n");
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void partsThatDisagreeOnColumnsAreNotMergedAndTheDestinationIsUntouched() throws Exception {
    OutputCommitter committer = committer();
    committer.prepare();
    AttemptResult first = part(committer, 0, "0,a\n", 1, List.of("id", "name"));
    AttemptResult second = part(committer, 1, "1,b,x\n", 1, List.of("id", "name", "extra"));

    assertThatThrownBy(() -> committer.merge(List.of(first, second), () -> true))
        .isInstanceOfSatisfying(
            PipelineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT))
        .hasMessageContaining(
            "[id, name] (committed part 0) and [id, name, extra] (committed part 1)");
    committer.cleanUp(List.of(first, second));

    assertThat(dir.resolve("out.csv")).doesNotExist();
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void aJobThatEndedMeanwhileWritesNoDestination() throws Exception {
    OutputCommitter committer = committer();
    committer.prepare();
    AttemptResult only = part(committer, 0, "0,a\n", 1, List.of("id", "name"));

    committer.merge(List.of(only), () -> false);
    committer.cleanUp(List.of(only));

    assertThat(dir.resolve("out.csv")).doesNotExist();
    assertThat(temporaryFiles()).isEmpty();
  }

  @Test
  void discardDeletesAnAttemptsParts() throws Exception {
    OutputCommitter committer = committer();
    committer.prepare();
    AttemptResult result = part(committer, 0, "0,a\n", 1, List.of("id", "name"));

    committer.discard(result);

    assertThat(result.outputPart().toPath()).doesNotExist();
    committer.cleanUp(List.of());
  }

  private static AttemptResult part(
      OutputCommitter committer, int shard, String records, long count, List<String> columns)
      throws Exception {
    Location location = committer.outputPart(new AttemptKey(JOB, 0, shard, 1));
    Files.writeString(location.toPath(), records, StandardCharsets.UTF_8);
    AttemptCounts counts =
        new AttemptCounts(count, count, 0, 0, records.length(), -1, Duration.ZERO, 0, 0);
    return new AttemptResult(counts, 0, 0, location, null, columns, List.of(), "w");
  }

  private List<String> temporaryFiles() throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.contains(".zoopipe-") || n.startsWith("shard-"))
          .toList();
    }
  }
}
