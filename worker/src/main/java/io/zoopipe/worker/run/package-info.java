/**
 * Pipes described as data, and the runner that turns a shard task into a running pipe over a byte
 * range with part outputs. No gRPC types: the manager reuses these descriptions.
 */
@NullMarked
package io.zoopipe.worker.run;

import org.jspecify.annotations.NullMarked;
