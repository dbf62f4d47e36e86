package io.zoopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.zoopipe.common.job.PluginClasses;
import io.zoopipe.common.testing.TestCertificates;
import io.zoopipe.rpc.TlsCredentials;
import io.zoopipe.worker.WorkerServer;
import io.zoopipe.worker.rpc.WorkerGrpcService;
import io.zoopipe.worker.run.ShardRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker on a real TCP port with TLS, and with mutual TLS: who gets in and who does not. */
class WorkerTlsTest {
  private static TestCertificates certificates;

  private final List<ManagedChannel> channels = new ArrayList<>();
  private @Nullable WorkerServer server;

  @BeforeAll
  static void makeCertificates() throws Exception {
    certificates = TestCertificates.get();
  }

  @AfterEach
  void stop() {
    channels.forEach(ManagedChannel::shutdownNow);
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void aTlsWorkerAnswersATlsClientThatTrustsItsCa() throws Exception {
    int port = start(null);

    Status status = check(port, client(certificates.caCertificate(), null, null));

    assertThat(status.getCode()).isEqualTo(Status.Code.OK);
  }

  @Test
  void aTlsWorkerRefusesAPlaintextClient() throws Exception {
    int port = start(null);

    Status status = check(port, InsecureChannelCredentials.create());

    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void aTlsWorkerIsRefusedByAClientThatDoesNotTrustItsCa() throws Exception {
    int port = start(null);

    Status status = check(port, client(certificates.strangerCertificate(), null, null));

    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void aMutualTlsWorkerRefusesAClientWithoutACertificate() throws Exception {
    int port = start(certificates.caCertificate());

    Status status = check(port, client(certificates.caCertificate(), null, null));

    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void aMutualTlsWorkerRefusesACertificateItsCaDidNotSign() throws Exception {
    int port = start(certificates.caCertificate());

    Status status =
        check(
            port,
            client(
                certificates.caCertificate(),
                certificates.strangerCertificate(),
                certificates.strangerKey()));

    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  void aMutualTlsWorkerAcceptsAClientCertificateSignedByItsCa() throws Exception {
    int port = start(certificates.caCertificate());

    Status status =
        check(
            port,
            client(
                certificates.caCertificate(),
                certificates.clientCertificate(),
                certificates.clientKey()));

    assertThat(status.getCode()).isEqualTo(Status.Code.OK);
  }

  @Test
  void aWorkerServesTlsWithAPkcs1RsaKey(@TempDir Path dir) throws Exception {
    assumeTrue(openssl(dir, "version"), "no openssl here");
    assertThat(
            openssl(
                dir,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout",
                "key8.pem",
                "-out",
                "cert.pem"))
        .isTrue();
    assertThat(openssl(dir, "rsa", "-traditional", "-in", "key8.pem", "-out", "key1.pem")).isTrue();
    int port = start(dir.resolve("cert.pem"), dir.resolve("key1.pem"), null);

    Status status = check(port, client(dir.resolve("cert.pem"), null, null));

    assertThat(status.getCode()).isEqualTo(Status.Code.OK);
  }

  /** Starts a TLS worker on an ephemeral loopback port; mutual TLS with {@code clientCa}. */
  private int start(@Nullable Path clientCa) throws Exception {
    return start(certificates.serverCertificate(), certificates.serverKey(), clientCa);
  }

  private int start(Path certificate, Path key, @Nullable Path clientCa) throws Exception {
    ServerCredentials credentials =
        TlsCredentials.server(
            TlsCredentials.readCertificates(certificate),
            Files.readAllBytes(key),
            clientCa == null ? null : TlsCredentials.readCertificates(clientCa));
    WorkerGrpcService service =
        new WorkerGrpcService(
            new ShardRunner(new PluginClasses(List.of())), "tls-worker", Duration.ofMillis(50));
    server =
        new WorkerServer(
                NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), credentials),
                service,
                null)
            .start();
    return server.port();
  }

  private static ChannelCredentials client(
      Path trustedCa, @Nullable Path certificate, @Nullable Path key) {
    return TlsCredentials.client(
        TlsCredentials.readCertificates(trustedCa),
        certificate == null ? null : TlsCredentials.readCertificates(certificate),
        key == null ? null : TlsCredentials.readPrivateKey(key));
  }

  /** A health check over a new channel: OK, or the status it failed with. */
  private Status check(int port, ChannelCredentials credentials) {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port, credentials).build();
    channels.add(channel);
    try {
      HealthCheckResponse response =
          HealthGrpc.newBlockingStub(channel)
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .check(HealthCheckRequest.getDefaultInstance());
      assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
      return Status.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }

  /** Runs openssl in {@code dir}: whether it succeeded (false where there is no openssl). */
  private static boolean openssl(Path dir, String... arguments) throws InterruptedException {
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
      return false;
    }
  }
}
