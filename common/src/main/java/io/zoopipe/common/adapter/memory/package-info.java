/**
 * In-memory adapters: a fixed list of maps as input and a list collecting what is written, for
 * tests and for embedding a pipe in a program.
 */
@NullMarked
package io.zoopipe.common.adapter.memory;

import org.jspecify.annotations.NullMarked;
