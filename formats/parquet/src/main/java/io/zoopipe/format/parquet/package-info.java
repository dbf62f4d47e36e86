/**
 * Apache Parquet adapters over ZooPipe's own storage (parquet-java's Hadoop-free API, no Hadoop on
 * the class path): a row-group-splittable input that reads only the columns a pipe needs, typed
 * values, and an output whose shard parts are assembled into one file by copying their row groups.
 */
@NullMarked
package io.zoopipe.format.parquet;

import org.jspecify.annotations.NullMarked;
