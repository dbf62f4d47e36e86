/**
 * Input and output adapter contracts: readers that cut records into batches, sinks that encode and
 * write them.
 */
@NullMarked
package io.zoopipe.common.adapter;

import org.jspecify.annotations.NullMarked;
