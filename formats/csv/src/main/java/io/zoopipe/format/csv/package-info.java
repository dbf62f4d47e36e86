/**
 * CSV and TSV input and output: a fast quote-aware framer, column-pruning decoding on worker
 * threads, and a sink that quotes only where needed.
 */
@NullMarked
package io.zoopipe.format.csv;

import org.jspecify.annotations.NullMarked;
