/**
 * How a run's batches are scheduled: executor values ({@code SingleThreadExecutor}, {@code
 * MultiThreadExecutor}) and the schedulers they create for a run (one thread, or a reader, a
 * bounded pool and an ordered writer).
 */
@NullMarked
package io.zoopipe.common.executor;

import org.jspecify.annotations.NullMarked;
