package io.zoopipe.cli;

import io.zoopipe.rpc.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where a command finds the shared secret of a fleet ({@code worker}, {@code run} and {@code
 * serve}): {@code --secret-file} (a Kubernetes secret mounted as a file, say) or else {@code
 * $ZOOPIPE_WORKER_SECRET}; never the command line, where {@code ps} would show it. The file's
 * content is trimmed and must not be empty.
 */
final class SecretOptions {
  @Option(
      names = "--secret-file",
      paramLabel = "FILE",
      description =
          "Read the secret from this file (trimmed; must not be empty) instead of"
              + " $ZOOPIPE_WORKER_SECRET.")
  @Nullable Path file;

  /**
   * The secret from {@code --secret-file}, else from {@code environment}'s {@value
   * Secrets#ENVIRONMENT_VARIABLE} (blank counts as unset), else null.
   *
   * @param usageError makes the command's usage exception from a one-line message, {@code
   *     "--secret-file <file>: <problem>"}, thrown when the file is missing, unreadable or empty
   */
  @Nullable String secret(
      Map<String, String> environment, Function<String, ? extends RuntimeException> usageError) {
    if (file == null) {
      String secret = environment.get(Secrets.ENVIRONMENT_VARIABLE);
      return secret == null || secret.isBlank() ? null : secret;
    }
    String problem;
    try {
      String secret =
          Files.isDirectory(file) ? "" : Files.readString(file, StandardCharsets.UTF_8).strip();
      if (!secret.isEmpty()) {
        return secret;
      }
      problem = Files.isDirectory(file) ? "is a directory" : "is empty";
    } catch (NoSuchFileException e) {
      problem = "no such file";
    } catch (AccessDeniedException e) {
      problem = "not readable (access denied)";
    } catch (IOException e) {
      problem = "cannot be read: " + e.getMessage();
    }
    throw usageError.apply("--secret-file " + file + ": " + problem);
  }
}
