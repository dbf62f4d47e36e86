/**
 * {@link io.zoopipe.manager.PipeManager}: runs pipes over worker JVMs in byte-range shards, checks
 * the boundary chain, merges parts and reports.
 */
@NullMarked
package io.zoopipe.manager;

import org.jspecify.annotations.NullMarked;
