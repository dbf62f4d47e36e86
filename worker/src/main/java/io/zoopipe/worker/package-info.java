/** The worker executable: a gRPC server that runs shard attempts of pipes for a manager. */
@NullMarked
package io.zoopipe.worker;

import org.jspecify.annotations.NullMarked;
