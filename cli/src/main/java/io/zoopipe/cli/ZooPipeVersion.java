package io.zoopipe.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version the {@code zoopipe} commands print for {@code --version}: the build's own, written
 * into {@code version.properties} by the build, so that the shaded jar, the module's jar and the
 * class directories of a test run all say the same. Stateless; thread-safe.
 */
public final class ZooPipeVersion implements IVersionProvider {
  private static final String RESOURCE = "version.properties";

  /** The build's version, such as {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    try (InputStream in = ZooPipeVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the zoopipe jar");
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version");
      if (version == null || version.isBlank() || version.startsWith("${")) {
        throw new IllegalStateException(RESOURCE + " has no version: the build did not write it");
      }
      return version;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"zoopipe " + version()};
  }
}
