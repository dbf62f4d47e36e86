package io.zoopipe.cli;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.zoopipe.rpc.TlsCredentials;
import java.nio.file.Path;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The TLS options for calling running workers ({@code --worker-address}), shared by {@code run} and
 * {@code serve}. Any of them turns TLS on; the files are read and checked when the credentials are
 * made, before anything runs.
 */
final class WorkerTlsOptions {
  @Option(
      names = "--worker-tls-ca",
      paramLabel = "FILE",
      description =
          "Call --worker-address workers over TLS, trusting the CA certificates in this PEM file"
              + " (default with another --worker-tls option: the JDK's trust store).")
  @Nullable Path ca;

  @Option(
      names = "--worker-tls-cert",
      paramLabel = "FILE",
      description = "Client PEM certificate chain for workers that require mutual TLS.")
  @Nullable Path cert;

  @Option(
      names = "--worker-tls-key",
      paramLabel = "FILE",
      description = "The PEM private key of --worker-tls-cert (unencrypted PKCS#8 or PKCS#1 RSA).")
  @Nullable Path key;

  /** Whether any TLS option was given. */
  boolean isSet() {
    return ca != null || cert != null || key != null;
  }

  /**
   * TLS credentials when an option was given, plaintext otherwise.
   *
   * @throws UsageException naming the option, for a missing or malformed file or a lone cert or key
   */
  ChannelCredentials credentials() {
    if (!isSet()) {
      return InsecureChannelCredentials.create();
    }
    if ((cert == null) != (key == null)) {
      throw new UsageException("--worker-tls-cert and --worker-tls-key go together");
    }
    byte[] trusted =
        ca == null ? null : pem("--worker-tls-ca", ca, TlsCredentials::readCertificates);
    byte[] chain =
        cert == null ? null : pem("--worker-tls-cert", cert, TlsCredentials::readCertificates);
    byte[] privateKey =
        key == null ? null : pem("--worker-tls-key", key, TlsCredentials::readPrivateKey);
    try {
      return TlsCredentials.client(trusted, chain, privateKey);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--worker-tls-key " + key + ": " + e.getMessage() + " in --worker-tls-cert " + cert, e);
    }
  }

  private static byte[] pem(String option, Path file, Function<Path, byte[]> reader) {
    try {
      return reader.apply(file);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + " " + e.getMessage(), e);
    }
  }
}
