/** Byte ranges and the rule that decides which records a shard owns. */
@NullMarked
package io.zoopipe.common.shard;

import org.jspecify.annotations.NullMarked;
