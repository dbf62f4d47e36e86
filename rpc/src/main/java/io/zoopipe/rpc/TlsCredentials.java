package io.zoopipe.rpc;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * TLS credentials for workers and for the managers that call them, from PEM files: a certificate
 * chain, its unencrypted private key (PKCS#8, {@code -----BEGIN PRIVATE KEY-----}, RSA or EC; or
 * PKCS#1, {@code -----BEGIN RSA PRIVATE KEY-----}, converted to PKCS#8 by {@link Pkcs1Keys}), and
 * CA certificates to trust. Files are read and checked up front, so that a missing, unreadable or
 * malformed file is an {@link IllegalArgumentException} naming it rather than a failed handshake
 * later. Stateless.
 */
public final class TlsCredentials {
  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final Pattern RSA_PRIVATE_KEY =
      Pattern.compile(
          "-----BEGIN RSA PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END RSA PRIVATE KEY-----");

  private TlsCredentials() {}

  /**
   * The PEM certificates in {@code file}, checked.
   *
   * @throws IllegalArgumentException {@code "<file>: <problem>"} when the file is missing,
   *     unreadable, or holds no valid PEM certificate
   */
  public static byte[] readCertificates(Path file) {
    byte[] pem = read(file);
    certificates(file.toString(), pem);
    return pem;
  }

  /**
   * The PEM private key in {@code file}, checked, as PKCS#8 PEM (a PKCS#1 key converted).
   *
   * @throws IllegalArgumentException {@code "<file>: <problem>"} when the file is missing,
   *     unreadable, or holds no unencrypted PKCS#8 RSA or EC key nor PKCS#1 RSA key
   */
  public static byte[] readPrivateKey(Path file) {
    byte[] pem = read(file);
    privateKey(file.toString(), pem);
    return pkcs8Pem(file.toString(), pem);
  }

  /**
   * A server's credentials: its certificate chain and key and, with {@code clientCa}, mutual TLS
   * (every client must present a certificate signed by one of those CAs).
   *
   * @throws IllegalArgumentException when the key does not belong to the chain's first certificate
   */
  public static ServerCredentials server(
      byte[] certificateChain, byte[] privateKey, byte @Nullable [] clientCa) {
    checkKeyPair(certificateChain, privateKey);
    try {
      TlsServerCredentials.Builder builder =
          TlsServerCredentials.newBuilder()
              .keyManager(
                  new ByteArrayInputStream(certificateChain),
                  new ByteArrayInputStream(pkcs8Pem("private key", privateKey)));
      if (clientCa != null) {
        builder
            .trustManager(new ByteArrayInputStream(clientCa))
            .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
      }
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading from memory
    }
  }

  /**
   * A client's credentials: trusts the CAs in {@code trustedCa} (or, when null, the JDK's default
   * trust store) and, with a certificate chain and key, presents them to servers that ask.
   *
   * @throws IllegalArgumentException when only one of chain and key is given, or the key does not
   *     belong to the chain's first certificate
   */
  public static ChannelCredentials client(
      byte @Nullable [] trustedCa,
      byte @Nullable [] certificateChain,
      byte @Nullable [] privateKey) {
    if ((certificateChain == null) != (privateKey == null)) {
      throw new IllegalArgumentException(
          "a client certificate needs its private key, and a key its certificate");
    }
    try {
      TlsChannelCredentials.Builder builder = TlsChannelCredentials.newBuilder();
      if (trustedCa != null) {
        builder.trustManager(new ByteArrayInputStream(trustedCa));
      }
      if (certificateChain != null && privateKey != null) {
        checkKeyPair(certificateChain, privateKey);
        builder.keyManager(
            new ByteArrayInputStream(certificateChain),
            new ByteArrayInputStream(pkcs8Pem("private key", privateKey)));
      }
      return builder.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading from memory
    }
  }

  private static byte[] read(Path file) {
    try {
      if (Files.isDirectory(file)) {
        throw new IllegalArgumentException(file + ": is a directory, not a PEM file");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + ": no such file", e);
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(file + ": not readable (access denied)", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  private static List<X509Certificate> certificates(String name, byte[] pem) {
    if (!new String(pem, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException(
          name + ": no PEM certificate in it (-----BEGIN CERTIFICATE-----)");
    }
    try {
      List<X509Certificate> certificates = new ArrayList<>();
      for (Certificate certificate :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem))) {
        certificates.add((X509Certificate) certificate);
      }
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException(name + ": no PEM certificate in it");
      }
      return certificates;
    } catch (CertificateException e) {
      throw new IllegalArgumentException(name + ": not a valid PEM certificate: " + e, e);
    }
  }

  private static PrivateKey privateKey(String name, byte[] pem) {
    byte[] der = pkcs8Der(name, pem);
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // Try the next algorithm.
      }
    }
    throw new IllegalArgumentException(name + ": not a valid RSA or EC private key");
  }

  /** The key in {@code pem} as PKCS#8 PEM: {@code pem} itself unless it holds a PKCS#1 key. */
  private static byte[] pkcs8Pem(String name, byte[] pem) {
    if (!RSA_PRIVATE_KEY.matcher(new String(pem, StandardCharsets.US_ASCII)).find()) {
      return pem;
    }
    String base64 =
        Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8Der(name, pem));
    return ("-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The PKCS#8 DER of the first PKCS#8 or PKCS#1 key in {@code pem}. */
  private static byte[] pkcs8Der(String name, byte[] pem) {
    String text = new String(pem, StandardCharsets.US_ASCII);
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")
        || text.contains("Proc-Type: 4,ENCRYPTED")) {
      throw new IllegalArgumentException(
          name + ": encrypted keys are not supported; decrypt it with 'openssl pkcs8 -in KEY'");
    }
    Matcher pkcs8 = PRIVATE_KEY.matcher(text);
    Matcher pkcs1 = RSA_PRIVATE_KEY.matcher(text);
    boolean isPkcs8 = pkcs8.find();
    if (!isPkcs8 && !pkcs1.find()) {
      throw new IllegalArgumentException(
          name
              + ": no PKCS#8 private key (-----BEGIN PRIVATE KEY-----) nor PKCS#1 RSA key"
              + " (-----BEGIN RSA PRIVATE KEY-----) in it; convert one with"
              + " 'openssl pkcs8 -topk8 -nocrypt -in KEY'");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode((isPkcs8 ? pkcs8 : pkcs1).group(1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": the private key is not valid base64", e);
    }
    return isPkcs8 ? der : Pkcs1Keys.toPkcs8(der);
  }

  /** Signs with the key and verifies with the first certificate: they must be a pair. */
  private static void checkKeyPair(byte[] certificateChain, byte[] privateKey) {
    PublicKey publicKey = certificates("certificate", certificateChain).get(0).getPublicKey();
    PrivateKey key = privateKey("private key", privateKey);
    String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    byte[] probe = "zoopipe key pair check".getBytes(StandardCharsets.US_ASCII);
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw new IllegalArgumentException("the private key does not belong to the certificate");
    }
  }
}
