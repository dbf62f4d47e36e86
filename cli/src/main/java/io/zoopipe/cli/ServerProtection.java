package io.zoopipe.cli;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.zoopipe.rpc.Secrets;
import io.zoopipe.rpc.TlsCredentials;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The protection of a server that others call ({@code zoopipe worker}, {@code zoopipe serve}): its
 * TLS credentials from {@code --tls-cert}, {@code --tls-key} and {@code --tls-client-ca}, and the
 * gaps a server listening beyond loopback has (DESIGN.md, "Security"), which stop it unless {@code
 * --insecure}. Each command passes the constructor of its usage exception. Stateless.
 */
final class ServerProtection {
  /** A protection a server reachable from other hosts lacks, and what that exposes. */
  record Gap(String what, String risk) {}

  private ServerProtection() {}

  /**
   * TLS from the files given (mutual TLS with {@code clientCa}), plaintext without them.
   *
   * @throws RuntimeException from {@code usageError}, naming the option, for a lone cert or key, a
   *     missing or malformed file, or a key that does not belong to its certificate
   */
  static ServerCredentials credentials(
      @Nullable Path cert,
      @Nullable Path key,
      @Nullable Path clientCa,
      Function<String, ? extends RuntimeException> usageError) {
    if (cert == null && key == null) {
      if (clientCa != null) {
        throw usageError.apply("--tls-client-ca needs --tls-cert and --tls-key");
      }
      return InsecureServerCredentials.create();
    }
    if (cert == null || key == null) {
      throw usageError.apply("--tls-cert and --tls-key go together");
    }
    byte[] chain = pem("--tls-cert", cert, TlsCredentials::readCertificates, usageError);
    byte[] privateKey = pem("--tls-key", key, TlsCredentials::readPrivateKey, usageError);
    byte[] trusted =
        clientCa == null
            ? null
            : pem("--tls-client-ca", clientCa, TlsCredentials::readCertificates, usageError);
    try {
      return TlsCredentials.server(chain, privateKey, trusted);
    } catch (IllegalArgumentException e) {
      throw usageError.apply("--tls-key " + key + ": " + e.getMessage() + " in --tls-cert " + cert);
    }
  }

  private static byte[] pem(
      String option,
      Path file,
      Function<Path, byte[]> reader,
      Function<String, ? extends RuntimeException> usageError) {
    try {
      return reader.apply(file);
    } catch (IllegalArgumentException e) {
      throw usageError.apply(option + " " + e.getMessage());
    }
  }

  /**
   * What a server on {@code address} lacks of a secret and TLS; nothing on loopback. A worker adds
   * its storage roots.
   */
  static List<Gap> gaps(InetSocketAddress address, boolean hasSecret, boolean hasTls) {
    List<Gap> gaps = new ArrayList<>();
    if (isLoopback(address)) {
      return gaps;
    }
    if (!hasSecret) {
      gaps.add(
          new Gap(
              "a secret ($" + Secrets.ENVIRONMENT_VARIABLE + ")",
              "anyone who can reach it can run pipes as this user"));
    }
    if (!hasTls) {
      gaps.add(new Gap("TLS (--tls-cert, --tls-key)", "the secret and the data travel in clear"));
    }
    return gaps;
  }

  static boolean isLoopback(InetSocketAddress address) {
    return address.getAddress() != null && address.getAddress().isLoopbackAddress();
  }

  /**
   * Refuses to start with gaps, unless {@code insecure}: "--host HOST is reachable from other
   * hosts, but {@code server} lacks ...".
   */
  static void require(
      List<Gap> gaps,
      boolean insecure,
      String host,
      String server,
      Function<String, ? extends RuntimeException> usageError) {
    if (insecure || gaps.isEmpty()) {
      return;
    }
    List<String> missing = gaps.stream().map(Gap::what).toList();
    String list =
        missing.size() == 1
            ? missing.get(0)
            : String.join(", ", missing.subList(0, missing.size() - 1))
                + " and "
                + missing.get(missing.size() - 1);
    throw usageError.apply(
        "--host "
            + host
            + " is reachable from other hosts, but "
            + server
            + " lacks "
            + list
            + ": give them, or --insecure to run without");
  }
}
