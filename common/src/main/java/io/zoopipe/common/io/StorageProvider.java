package io.zoopipe.common.io;

import java.util.Map;

/**
 * Makes the {@link Storage} of one location scheme: the service a storage module (such as {@code
 * zoopipe-storage-s3}) offers through {@link java.util.ServiceLoader}, listed in its {@code
 * META-INF/services/io.zoopipe.common.io.StorageProvider}, or that a caller gives a {@link
 * StorageFactory.Builder} with settings of its own. Implementations are immutable and thread-safe;
 * a ServiceLoader provider has a public no-argument constructor.
 */
public interface StorageProvider {
  /** The location scheme served, in lower case ({@code s3}). */
  String scheme();

  /**
   * Creates the storage. A {@link StorageFactory} calls this at most once, when a location of
   * {@link #scheme()} is first used, and closes the result with itself if it is {@link
   * AutoCloseable}.
   *
   * @param environment the variables to configure it from (the process's environment unless the
   *     factory was given others); a provider with settings of its own may ignore them
   * @throws IllegalArgumentException naming the variable when one of them is invalid
   */
  Storage create(Map<String, String> environment);
}
