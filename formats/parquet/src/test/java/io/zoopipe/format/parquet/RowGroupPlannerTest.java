package io.zoopipe.format.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.format.ShardPlan;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.job.DataDescription;
import io.zoopipe.common.shard.ByteRange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowGroupPlannerTest {
  @TempDir Path directory;

  @Test
  void everyRowGroupStartsInExactlyOneShardAndShardsNeverOutnumberRowGroups() throws Exception {
    Path file = directory.resolve("groups.parquet");
    try (DuckDb duck = new DuckDb()) {
      duck.execute(
          "COPY (SELECT i AS id, md5(i::VARCHAR) AS text FROM range(0, 10000) t(i)) TO "
              + DuckDb.quote(file)
              + " (FORMAT parquet, ROW_GROUP_SIZE 1000)");
    }
    StorageInputFile input =
        StorageInputFile.open(new io.zoopipe.common.io.local.LocalStorage(), Location.of(file));
    List<BlockMetaData> blocks;
    try (ParquetFileReader reader = ParquetFooter.open(input)) {
      blocks = reader.getRowGroups();
    }
    assertThat(blocks).hasSizeGreaterThan(4);
    DataDescription description = DataDescription.of(Location.of(file));
    for (int shards = 1; shards <= blocks.size() + 3; shards++) {
      ShardPlan plan = RowGroupPlanner.plan(description, blocks, input.getLength(), shards);
      assertThat(plan.ranges()).hasSize(Math.min(shards, blocks.size()));
      assertThat(plan.ranges().get(plan.ranges().size() - 1).end()).isEqualTo(input.getLength());
      List<Integer> owned = new ArrayList<>();
      for (ByteRange range : plan.ranges()) {
        List<Integer> groups = ParquetFooter.ownedRowGroups(blocks, range);
        assertThat(groups).as("shard %s of %s", range, shards).isNotEmpty();
        owned.addAll(groups);
      }
      assertThat(owned).hasSize(blocks.size()).doesNotHaveDuplicates().isSorted();
      assertThat(plan.note().isEmpty()).isEqualTo(shards <= blocks.size());
    }
  }
}
