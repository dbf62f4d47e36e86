/** Executors that run a pipe's batches: one thread, or a bounded ordered pool. */
@NullMarked
package io.zoopipe.common.executor;

import org.jspecify.annotations.NullMarked;
