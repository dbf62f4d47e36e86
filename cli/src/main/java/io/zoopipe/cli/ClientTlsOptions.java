package io.zoopipe.cli;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.zoopipe.rpc.TlsCredentials;
import java.nio.file.Path;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The TLS options of a command that calls a server ({@code submit}, {@code watch}, {@code cancel},
 * {@code jobs}, {@code health}). Any of them turns TLS on; the files are read and checked when the
 * credentials are made, before any call.
 */
final class ClientTlsOptions {
  @Option(
      names = "--tls-ca",
      paramLabel = "FILE",
      description =
          "Call the server over TLS, trusting the CA certificates in this PEM file (default with"
              + " another --tls option: the JDK's trust store).")
  @Nullable Path ca;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "Client PEM certificate chain for a server that requires mutual TLS.")
  @Nullable Path cert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "The PEM private key of --tls-cert (unencrypted PKCS#8 or PKCS#1 RSA).")
  @Nullable Path key;

  /**
   * TLS credentials when an option was given, plaintext otherwise.
   *
   * @throws UsageException naming the option, for a missing or malformed file or a lone cert or key
   */
  ChannelCredentials credentials() {
    if (ca == null && cert == null && key == null) {
      return InsecureChannelCredentials.create();
    }
    if ((cert == null) != (key == null)) {
      throw new UsageException("--tls-cert and --tls-key go together");
    }
    byte[] trusted = ca == null ? null : pem("--tls-ca", ca, TlsCredentials::readCertificates);
    byte[] chain = cert == null ? null : pem("--tls-cert", cert, TlsCredentials::readCertificates);
    byte[] privateKey = key == null ? null : pem("--tls-key", key, TlsCredentials::readPrivateKey);
    try {
      return TlsCredentials.client(trusted, chain, privateKey);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--tls-key " + key + ": " + e.getMessage() + " in --tls-cert " + cert, e);
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
