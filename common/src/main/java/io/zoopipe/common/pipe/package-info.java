/**
 * The Pipe: its definition and builder, the executions it starts, entries, batch hooks and typed
 * row processors, and what a batch goes through between reading and writing.
 */
@NullMarked
package io.zoopipe.common.pipe;

import org.jspecify.annotations.NullMarked;
