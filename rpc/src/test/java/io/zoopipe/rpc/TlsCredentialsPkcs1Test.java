package io.zoopipe.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PKCS#1 RSA keys ({@code BEGIN RSA PRIVATE KEY}) load like PKCS#8 ones: the key and certificate
 * are made by {@code openssl} when the test runs (it is skipped where there is no openssl), so the
 * conversion is checked against openssl's own PKCS#8 encoding of the same key.
 */
class TlsCredentialsPkcs1Test {
  @TempDir static Path dir;

  private static Path certificate;
  private static Path pkcs8Key;
  private static Path pkcs1Key;

  @BeforeAll
  static void makeKeys() throws Exception {
    assumeTrue(openssl("version"), "no openssl here");
    certificate = dir.resolve("cert.pem");
    pkcs8Key = dir.resolve("key8.pem");
    pkcs1Key = dir.resolve("key1.pem");
    assertThat(
            openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
                "-keyout",
                pkcs8Key.toString(),
                "-out",
                certificate.toString()))
        .isTrue();
    assertThat(
            openssl("rsa", "-traditional", "-in", pkcs8Key.toString(), "-out", pkcs1Key.toString()))
        .isTrue();
    assertThat(Files.readString(pkcs1Key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
  }

  @Test
  void aPkcs1KeyIsReadAsThePkcs8KeyOpensslWrites() throws Exception {
    byte[] converted = TlsCredentials.readPrivateKey(pkcs1Key);

    assertThat(new String(converted, StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(der(converted)).isEqualTo(der(Files.readAllBytes(pkcs8Key)));
  }

  @Test
  void aPkcs1KeyMakesServerAndClientCredentials() {
    byte[] chain = TlsCredentials.readCertificates(certificate);
    byte[] rawPkcs1 = readAll(pkcs1Key);

    assertThat(TlsCredentials.server(chain, rawPkcs1, null)).isNotNull();
    assertThat(TlsCredentials.client(chain, chain, rawPkcs1)).isNotNull();
  }

  @Test
  void anEncryptedPkcs1KeyIsRefusedWithAHint() throws Exception {
    Path encrypted = dir.resolve("encrypted.pem");
    assertThat(
            openssl(
                "rsa",
                "-traditional",
                "-aes256",
                "-passout",
                "pass:secret",
                "-in",
                pkcs8Key.toString(),
                "-out",
                encrypted.toString()))
        .isTrue();

    assertThatThrownBy(() -> TlsCredentials.readPrivateKey(encrypted))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("encrypted keys are not supported");
  }

  /** The DER bytes of the one PEM block in {@code pem}. */
  private static byte[] der(byte[] pem) {
    String text = new String(pem, StandardCharsets.US_ASCII);
    String body = text.replaceAll("-----[A-Z ]+-----", "");
    return Base64.getMimeDecoder().decode(body);
  }

  private static byte[] readAll(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static boolean openssl(String... arguments) throws InterruptedException {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(arguments));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false; // no openssl
    }
  }
}
