package io.zoopipe.manager.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which class data sharing archive local workers map. */
class ClassDataArchiveTest {
  @TempDir Path dir;

  @Test
  void theArchiveNextToASingleJarClassPathIsUsed() throws Exception {
    Path jar = Files.createFile(dir.resolve("zoopipe-cli-1.0-all.jar"));
    Path archive = Files.createFile(dir.resolve("zoopipe-cli-1.0-all.jsa"));

    assertThat(ProcessWorkerLauncher.classDataArchive(jar.toString(), null)).isEqualTo(archive);
    assertThat(ProcessWorkerLauncher.classDataArchive(jar.toString(), "on")).isEqualTo(archive);
  }

  @Test
  void noArchiveWhenTurnedOffMissingOrTheClassPathIsNotOneJar() throws Exception {
    Path jar = Files.createFile(dir.resolve("app.jar"));
    Files.createFile(dir.resolve("app.jsa"));
    Path other = Files.createFile(dir.resolve("other.jar"));

    assertThat(ProcessWorkerLauncher.classDataArchive(jar.toString(), "off")).isNull();
    assertThat(ProcessWorkerLauncher.classDataArchive(other.toString(), null)).isNull();
    assertThat(ProcessWorkerLauncher.classDataArchive(other + File.pathSeparator + jar, null))
        .isNull();
    assertThat(ProcessWorkerLauncher.classDataArchive(dir.resolve("classes").toString(), null))
        .isNull();
  }

  @Test
  void fromJdk25TheAheadOfTimeCacheIsUsedBeforeTheArchive() throws Exception {
    Path jar = Files.createFile(dir.resolve("zoopipe-cli-1.0-all.jar"));
    Path archive = Files.createFile(dir.resolve("zoopipe-cli-1.0-all.jsa"));
    Path cache = Files.createFile(dir.resolve("zoopipe-cli-1.0-all.aot"));

    assertThat(ProcessWorkerLauncher.sharingOptions(jar.toString(), null, 25))
        .containsExactly("-XX:AOTCache=" + cache, "-Xlog:aot*=off", "-Xlog:cds*=off");
    assertThat(ProcessWorkerLauncher.sharingOptions(jar.toString(), null, 17))
        .containsExactly("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off");
    assertThat(ProcessWorkerLauncher.sharingOptions(jar.toString(), "off", 25)).isEmpty();
    Files.delete(cache);
    assertThat(ProcessWorkerLauncher.sharingOptions(jar.toString(), null, 25))
        .containsExactly("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off");
  }
}
