package io.zoopipe.format.jdbc;

import io.zoopipe.common.io.Location;
import io.zoopipe.common.io.Storage;
import io.zoopipe.common.io.StorageProvider;
import java.util.Map;

/**
 * Serves {@code jdbc:} locations with a {@link JdbcStorage}, found through {@link
 * java.util.ServiceLoader}. Stateless; thread-safe.
 */
public final class JdbcStorageProvider implements StorageProvider {
  @Override
  public String scheme() {
    return Location.JDBC;
  }

  @Override
  public Storage create(Map<String, String> environment) {
    return new JdbcStorage(environment);
  }
}
