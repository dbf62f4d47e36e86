/**
 * Shard attempts as the coordinator sees them, free of the wire: {@link
 * io.zoopipe.manager.attempt.ShardWorker} (a worker that runs attempts), what an attempt yields
 * ({@link io.zoopipe.manager.attempt.AttemptResult}, {@link
 * io.zoopipe.manager.attempt.AttemptCounts}) and how it fails ({@link
 * io.zoopipe.manager.attempt.AttemptFailedException}). The gRPC client in {@code manager.rpc} maps
 * the proto messages and statuses to these types at its edge.
 */
@NullMarked
package io.zoopipe.manager.attempt;

import org.jspecify.annotations.NullMarked;
