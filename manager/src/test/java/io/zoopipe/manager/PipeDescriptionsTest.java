package io.zoopipe.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.adapter.json.JsonFormat;
import io.zoopipe.common.adapter.json.JsonInputAdapter;
import io.zoopipe.common.adapter.json.JsonOutputAdapter;
import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.job.PipeDescription;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.Hook;
import io.zoopipe.common.pipe.HookStore;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.report.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipeDescriptionsTest {
  @Test
  void describesAdaptersHooksAndExecutorAsData() {
    Pipe pipe =
        Pipe.builder()
            .input(new JsonInputAdapter("in.jsonl"))
            .output(new JsonOutputAdapter("out.json", JsonFormat.ARRAY))
            .postValidationHook(new PassThroughHook())
            .executor(new MultiThreadExecutor(3, 100))
            .build();

    PipeDescription description = PipeDescriptions.describe(pipe);

    assertThat(description.input().location().toString()).isEqualTo("in.jsonl");
    assertThat(description.postValidationHooks()).containsExactly(PassThroughHook.class.getName());
    assertThat(description.executor()).isEqualTo(new MultiThreadExecutor(3, 100));
  }

  @Test
  void aRowProcessorTravelsByItsOwnClassNameAndRunsOnTheOtherSide(@TempDir Path dir)
      throws Exception {
    Path input = dir.resolve("in.jsonl");
    Files.writeString(input, "{\"name\":\"ana\"}\n{\"age\":3}\n{\"name\":\"bob\"}\n");
    Path output = dir.resolve("out.jsonl");
    Pipe pipe =
        Pipe.builder()
            .input(new JsonInputAdapter(input.toString()))
            .output(new JsonOutputAdapter(output.toString()))
            .processor(new TaggedName())
            .build();

    PipeDescription description = PipeDescriptions.describe(pipe);
    PipeReport report;
    try (PluginClasses classes = new PluginClasses(List.of())) {
      report = description.toPipe(classes).run(ProgressListener.NONE);
    }

    assertThat(description.postValidationHooks()).containsExactly(TaggedName.class.getName());
    assertThat(report.status()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(report.errorCount()).isEqualTo(1);
    assertThat(Files.readAllLines(output)).containsExactly("\"ana#0\"", "\"bob#2\"");
  }

  @Test
  void refusesALambdaHookSayingWhy() {
    Pipe pipe =
        Pipe.builder()
            .input(new JsonInputAdapter("in.jsonl"))
            .output(new JsonOutputAdapter("out.jsonl"))
            .postValidationHook((entries, store) -> entries)
            .build();

    assertThatThrownBy(() -> PipeDescriptions.describe(pipe))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("cannot be sent to a worker")
        .hasMessageContaining("lambda");
  }

  /** A hook that can travel by class name: public, with a public no-argument constructor. */
  public static final class PassThroughHook implements Hook {
    @Override
    public List<Entry> execute(List<Entry> entries, HookStore store) {
      return entries;
    }
  }
}
