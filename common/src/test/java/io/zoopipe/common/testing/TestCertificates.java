package io.zoopipe.common.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A small public-key infrastructure for TLS tests, made with the JDK's {@code keytool} (no extra
 * dependency): a CA, a server certificate for {@code 127.0.0.1} and {@code localhost} and a client
 * certificate, both signed by the CA, and a self-signed "stranger" client certificate that the CA
 * did not sign. Every file is PEM; keys are unencrypted PKCS#8. Made once per JVM (about two
 * seconds) in a temporary directory removed at exit. Thread-safe.
 */
public final class TestCertificates {
  private static final String PASSWORD = "zoopipe-test";
  private static final String DAYS = "2";

  private static @Nullable TestCertificates instance;

  private final Path directory;

  private TestCertificates(Path directory) {
    this.directory = directory;
  }

  /** The certificates, made on first use. */
  public static synchronized TestCertificates get() throws IOException {
    if (instance == null) {
      Path directory = Files.createTempDirectory("zoopipe-certificates");
      // Deleted at exit in the reverse order of registration: the directory last.
      directory.toFile().deleteOnExit();
      make(directory);
      for (Path file : list(directory)) {
        file.toFile().deleteOnExit();
      }
      instance = new TestCertificates(directory);
    }
    return instance;
  }

  /** The CA's certificate: what servers and clients trust. */
  public Path caCertificate() {
    return directory.resolve("ca.pem");
  }

  /** The server's certificate (signed by the CA; valid for 127.0.0.1 and localhost). */
  public Path serverCertificate() {
    return directory.resolve("server.pem");
  }

  public Path serverKey() {
    return directory.resolve("server.key");
  }

  /** A client certificate signed by the CA. */
  public Path clientCertificate() {
    return directory.resolve("client.pem");
  }

  public Path clientKey() {
    return directory.resolve("client.key");
  }

  /** A self-signed client certificate (RSA) that the CA did not sign. */
  public Path strangerCertificate() {
    return directory.resolve("stranger.pem");
  }

  public Path strangerKey() {
    return directory.resolve("stranger.key");
  }

  private static void make(Path directory) throws IOException {
    keytool(
        directory,
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=ZooPipe Test CA",
        "-ext",
        "bc:c",
        "-keystore",
        "ca.p12");
    export(directory, "ca", "ca");
    List<CompletableFuture<Void>> pairs = new ArrayList<>();
    pairs.add(
        async(
            () ->
                signed(
                    directory,
                    "server",
                    "CN=localhost",
                    "san=ip:127.0.0.1,dns:localhost",
                    "eku=serverAuth")));
    pairs.add(async(() -> signed(directory, "client", "CN=zoopipe-manager", "eku=clientAuth")));
    pairs.add(
        async(
            () -> {
              keytool(
                  directory,
                  "-genkeypair",
                  "-alias",
                  "stranger",
                  "-keyalg",
                  "RSA",
                  "-keysize",
                  "2048",
                  "-dname",
                  "CN=stranger",
                  "-keystore",
                  "stranger.p12");
              export(directory, "stranger", "stranger");
            }));
    try {
      CompletableFuture.allOf(pairs.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("making test certificates failed: " + e.getCause(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException("making test certificates took over a minute", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while making test certificates", e);
    }
  }

  /** A key pair whose certificate the CA signs, with the given X.509 extensions. */
  private static void signed(Path directory, String name, String subject, String... extensions)
      throws IOException {
    keytool(
        directory,
        "-genkeypair",
        "-alias",
        name,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        subject,
        "-keystore",
        name + ".p12");
    keytool(
        directory, "-certreq", "-alias", name, "-keystore", name + ".p12", "-file", name + ".csr");
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                "ca.p12",
                "-infile",
                name + ".csr",
                "-outfile",
                name + ".pem",
                "-rfc"));
    for (String extension : extensions) {
      arguments.add("-ext");
      arguments.add(extension);
    }
    keytool(directory, arguments.toArray(new String[0]));
    writeKey(directory, name);
  }

  /** Writes {@code name}'s self-signed certificate and private key as PEM files. */
  private static void export(Path directory, String name, String alias) throws IOException {
    KeyStore store = load(directory.resolve(name + ".p12"));
    try {
      Certificate certificate = store.getCertificate(alias);
      Files.writeString(
          directory.resolve(name + ".pem"), pem("CERTIFICATE", certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
    writeKey(directory, name);
  }

  private static void writeKey(Path directory, String name) throws IOException {
    KeyStore store = load(directory.resolve(name + ".p12"));
    try {
      byte[] pkcs8 = store.getKey(name, PASSWORD.toCharArray()).getEncoded();
      Files.writeString(directory.resolve(name + ".key"), pem("PRIVATE KEY", pkcs8));
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  private static KeyStore load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      return store;
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": " + e, e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  private static void keytool(Path directory, String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.add("-J-XX:TieredStopAtLevel=1");
    command.addAll(List.of(arguments));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
    if (arguments[0].equals("-genkeypair") || arguments[0].equals("-gencert")) {
      command.addAll(List.of("-validity", DAYS));
    }
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    try {
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException(
            "keytool " + arguments[0] + " failed: " + new String(output, StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running keytool", e);
    }
  }

  private static CompletableFuture<Void> async(IoAction action) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            action.run();
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  private static List<Path> list(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.toList();
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }
}
