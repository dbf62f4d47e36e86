/** The {@code zoopipe} command line: run, generate, and (later) worker and serve. */
@NullMarked
package io.zoopipe.manager.cli;

import org.jspecify.annotations.NullMarked;
