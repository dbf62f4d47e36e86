package io.zoopipe.worker.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.OutsideStorageRootsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageRootsTest {
  @TempDir Path dir;

  @Test
  void anS3PrefixIsADirectory() {
    StorageRoots roots = StorageRoots.of(List.of("s3://bucket/data"));

    assertThat(roots.admits(s3("s3://bucket/data/in.csv"))).isTrue();
    assertThat(roots.admits(s3("s3://bucket/data/deep/er/out.csv.zoopipe-1/shard-0.csv"))).isTrue();
    assertThat(roots.admits(s3("s3://bucket/database/x.csv"))).isFalse();
    assertThat(roots.admits(s3("s3://bucket/data"))).isFalse();
    assertThat(roots.admits(s3("s3://bucket/other/data/x.csv"))).isFalse();
    assertThat(roots.admits(s3("s3://other-bucket/data/x.csv"))).isFalse();
    assertThat(roots.admits(Location.parse("/data/x.csv"))).isFalse();
  }

  @Test
  void anS3PrefixWithATrailingSlashMeansTheSame() {
    StorageRoots roots = StorageRoots.of(List.of("s3://bucket/data/"));

    assertThat(roots.admits(s3("s3://bucket/data/in.csv"))).isTrue();
    assertThat(roots.admits(s3("s3://bucket/database/x.csv"))).isFalse();
  }

  @Test
  void anS3BucketRootAdmitsTheWholeBucketOnly() {
    StorageRoots roots = StorageRoots.of(List.of("s3://bucket"));

    assertThat(roots.admits(s3("s3://bucket/any/key.csv"))).isTrue();
    assertThat(roots.admits(s3("s3://bucket2/any/key.csv"))).isFalse();
    assertThat(roots.admits(s3("s3://bucke/any/key.csv"))).isFalse();
  }

  @Test
  void s3KeysWithDotSegmentsAreRefused() {
    StorageRoots roots = StorageRoots.of(List.of("s3://bucket/data"));

    assertThat(roots.admits(s3("s3://bucket/data/../secret.csv"))).isFalse();
    assertThat(roots.admits(s3("s3://bucket/data/./in.csv"))).isFalse();
    assertThat(roots.admits(s3("s3://bucket/data/..x/in.csv"))).isTrue();
  }

  @Test
  void aLocalRootAdmitsWhatIsBelowIt() throws Exception {
    Path root = Files.createDirectories(dir.resolve("data"));
    StorageRoots roots = StorageRoots.of(List.of(root.toString()));

    assertThat(roots.admits(Location.of(root.resolve("in.csv")))).isTrue();
    assertThat(roots.admits(Location.of(root.resolve("out.csv.zoopipe-1/shard-0.csv")))).isTrue();
    assertThat(roots.admits(Location.of(root.resolve("a/../b/in.csv")))).isTrue();
    assertThat(roots.admits(Location.of(dir.resolve("database/in.csv")))).isFalse();
    assertThat(roots.admits(Location.of(dir.resolve("data.csv")))).isFalse();
    assertThat(roots.admits(s3("s3://data/in.csv"))).isFalse();
  }

  @Test
  void pathTraversalIsResolvedBeforeTheCheck() throws Exception {
    Path root = Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("secret.csv"), "x\n");
    StorageRoots roots = StorageRoots.of(List.of(root.toString()));

    assertThat(roots.admits(Location.parse(root + "/../secret.csv"))).isFalse();
    assertThat(roots.admits(Location.parse(root + "/../../../../etc/passwd"))).isFalse();
    assertThat(roots.admits(Location.parse(root + "/missing/../../secret.csv"))).isFalse();
    assertThat(roots.admits(Location.parse(root + "/missing/../in.csv"))).isTrue();
  }

  @Test
  void symbolicLinksOutOfTheRootAreRefused() throws Exception {
    Path root = Files.createDirectories(dir.resolve("data"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.csv"), "x\n");
    Files.createSymbolicLink(root.resolve("escape"), outside);
    Files.createSymbolicLink(root.resolve("secret.csv"), outside.resolve("secret.csv"));
    Files.createSymbolicLink(root.resolve("dangling.csv"), outside.resolve("new.csv"));
    Files.createDirectories(root.resolve("inner"));
    Files.createSymbolicLink(root.resolve("alias"), root.resolve("inner"));
    StorageRoots roots = StorageRoots.of(List.of(root.toString()));

    assertThat(roots.admits(Location.of(root.resolve("escape/secret.csv")))).isFalse();
    assertThat(roots.admits(Location.of(root.resolve("escape/new/out.csv")))).isFalse();
    assertThat(roots.admits(Location.of(root.resolve("secret.csv")))).isFalse();
    assertThat(roots.admits(Location.of(root.resolve("dangling.csv")))).isFalse();
    assertThat(roots.admits(Location.of(root.resolve("alias/in.csv")))).isTrue();
  }

  @Test
  void aRootReachedThroughASymbolicLinkAdmitsItsRealPath() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    StorageRoots roots = StorageRoots.of(List.of(link.toString()));

    assertThat(roots.admits(Location.of(real.resolve("in.csv")))).isTrue();
    assertThat(roots.admits(Location.of(link.resolve("in.csv")))).isTrue();
  }

  @Test
  void severalRootsOfBothKindsAdmitTheirUnion() throws Exception {
    Path root = Files.createDirectories(dir.resolve("data"));
    StorageRoots roots = StorageRoots.of(List.of(root.toString(), "s3://bucket/in"));

    assertThat(roots.admits(Location.of(root.resolve("x.csv")))).isTrue();
    assertThat(roots.admits(s3("s3://bucket/in/x.csv"))).isTrue();
    assertThat(roots.admits(s3("s3://bucket/out/x.csv"))).isFalse();
  }

  @Test
  void theRefusalNamesTheLocationWhatItResolvesToAndTheRoots() throws Exception {
    Path root = Files.createDirectories(dir.resolve("data"));
    StorageRoots roots = StorageRoots.of(List.of(root.toString(), "s3://bucket/in"));
    Location traversal = Location.parse(root + "/../x.csv");

    assertThatThrownBy(() -> roots.check("input", traversal))
        .isInstanceOf(OutsideStorageRootsException.class)
        .hasMessage(
            "input "
                + traversal
                + " (resolves to "
                + dir.toRealPath().resolve("x.csv")
                + ") is outside this worker's storage roots ["
                + root
                + ", s3://bucket/in]");
  }

  @Test
  void withoutRootsEverythingIsAdmitted() {
    StorageRoots roots = StorageRoots.of(List.of());

    assertThat(roots.isRestricted()).isFalse();
    assertThat(roots.admits(Location.parse("/etc/passwd"))).isTrue();
    assertThat(roots.admits(s3("s3://any/key"))).isTrue();
  }

  @Test
  void rootsMustBeExistingDirectoriesOrBuckets() throws Exception {
    Path file = Files.writeString(dir.resolve("file.txt"), "x");

    assertThatThrownBy(() -> StorageRoots.of(List.of(dir.resolve("missing").toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing does not exist");
    assertThatThrownBy(() -> StorageRoots.of(List.of(file.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a directory");
    assertThatThrownBy(() -> StorageRoots.of(List.of("s3:///prefix")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s3://bucket[/prefix]");
    assertThatThrownBy(() -> StorageRoots.of(List.of("s3://bucket/a/../b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'..'");
  }

  private static Location s3(String text) {
    return Location.parse(text);
  }

  @Test
  void aDatabaseRootAdmitsUrlsThatStartWithItAtABoundary() {
    StorageRoots roots = StorageRoots.of(List.of("jdbc:postgresql://db1", "jdbc:sqlite:/data/"));

    assertThat(roots.admits(Location.parse("jdbc:postgresql://db1:5432/app"))).isTrue();
    assertThat(roots.admits(Location.parse("jdbc:postgresql://db1/app#zoopipe_stage_x"))).isTrue();
    assertThat(roots.admits(Location.parse("jdbc:postgresql://db10/app"))).isFalse();
    assertThat(roots.admits(Location.parse("jdbc:sqlite:/data/app.db"))).isTrue();
    assertThat(roots.admits(Location.parse("jdbc:sqlite:/data/../etc/app.db"))).isFalse();
    assertThat(roots.admits(Location.parse("jdbc:mysql://db1/app"))).isFalse();
  }
}
