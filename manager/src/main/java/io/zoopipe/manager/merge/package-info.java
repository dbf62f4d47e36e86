/** Merging shard parts into one output: envelope pieces, concatenation in shard order, clean-up. */
@NullMarked
package io.zoopipe.manager.merge;

import org.jspecify.annotations.NullMarked;
