/** The {@code zoopipe} command line: run, generate, and (later) worker and serve. */
@NullMarked
package io.zoopipe.cli;

import org.jspecify.annotations.NullMarked;
