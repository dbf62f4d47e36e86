package io.zoopipe.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.adapter.json.JsonFormat;
import io.zoopipe.common.adapter.json.JsonInputAdapter;
import io.zoopipe.common.adapter.json.JsonOutputAdapter;
import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.pipe.PipelineException;
import io.zoopipe.manager.testing.SlowHook;
import io.zoopipe.worker.run.PipeDescription;
import org.junit.jupiter.api.Test;

class PipeDescriptionsTest {
  @Test
  void describesAdaptersHooksAndExecutorAsData() {
    Pipe pipe =
        Pipe.builder()
            .input(new JsonInputAdapter("in.jsonl"))
            .output(new JsonOutputAdapter("out.json", JsonFormat.ARRAY))
            .postValidationHook(new SlowHook())
            .executor(new MultiThreadExecutor(3, 100))
            .build();

    PipeDescription description = PipeDescriptions.describe(pipe);

    assertThat(description.input().location().toString()).isEqualTo("in.jsonl");
    assertThat(description.postValidationHooks()).containsExactly(SlowHook.class.getName());
    assertThat(description.executor()).isEqualTo(new MultiThreadExecutor(3, 100));
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
}
