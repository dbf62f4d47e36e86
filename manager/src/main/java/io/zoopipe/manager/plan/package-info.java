/**
 * Shard planning: cutting an input into byte ranges, and what the manager reads once (a header).
 */
@NullMarked
package io.zoopipe.manager.plan;

import org.jspecify.annotations.NullMarked;
