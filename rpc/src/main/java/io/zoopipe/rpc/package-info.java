/**
 * What the manager and the worker share about the wire: the proto mapping, the error contract
 * (status mapping), secrets, TLS material and the handle of a connected worker. Generated proto
 * classes and {@code io.grpc} types stop at this module and at the two services.
 */
@NullMarked
package io.zoopipe.rpc;

import org.jspecify.annotations.NullMarked;
