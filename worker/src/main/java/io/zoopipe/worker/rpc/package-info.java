/** The worker's gRPC side: the service, the proto mapper, status codes and the secret check. */
@NullMarked
package io.zoopipe.worker.rpc;

import org.jspecify.annotations.NullMarked;
