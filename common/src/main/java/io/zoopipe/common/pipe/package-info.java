/**
 * The Pipe: its builder, entries, hooks and the run that joins adapters, validation and an
 * executor.
 */
@NullMarked
package io.zoopipe.common.pipe;

import org.jspecify.annotations.NullMarked;
