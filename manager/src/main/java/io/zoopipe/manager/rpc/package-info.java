/** The manager's gRPC side: the worker client, the status mapper and the job service. */
@NullMarked
package io.zoopipe.manager.rpc;

import org.jspecify.annotations.NullMarked;
