/**
 * Storage on Amazon S3 and S3-compatible object stores (MinIO, Ceph, s3proxy): prefetching ranged
 * reads, streamed multipart writes and server-side concatenation.
 */
@NullMarked
package io.zoopipe.storage.s3;

import org.jspecify.annotations.NullMarked;
