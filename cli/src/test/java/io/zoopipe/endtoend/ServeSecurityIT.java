package io.zoopipe.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ClientInterceptors;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.zoopipe.common.testing.TestCertificates;
import io.zoopipe.endtoend.testing.Cli;
import io.zoopipe.proto.v1.GetJobReportRequest;
import io.zoopipe.proto.v1.JobServiceGrpc;
import io.zoopipe.proto.v1.SubmitJobRequest;
import io.zoopipe.rpc.Secrets;
import io.zoopipe.rpc.TlsCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zoopipe serve} with TLS and a secret from {@code --secret-file}: health checks answer
 * without the secret, every job call needs it, and a plaintext client does not get in.
 */
class ServeSecurityIT {
  private static final String SECRET = "serve-secret-for-tests";

  @TempDir static Path dir;

  private static TestCertificates certificates;
  private static Process server;
  private static int port;

  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeAll
  static void startServe() throws Exception {
    certificates = TestCertificates.get();
    Path secretFile = Files.writeString(dir.resolve("secret"), SECRET + "\n");
    server =
        Cli.start(
            dir,
            dir.resolve("serve.log"),
            "serve",
            "--port",
            "0",
            "--tls-cert",
            certificates.serverCertificate().toString(),
            "--tls-key",
            certificates.serverKey().toString(),
            "--secret-file",
            secretFile.toString());
    String address = awaitAddress(dir.resolve("serve.log.out"));
    port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  @AfterAll
  static void stopServe() throws Exception {
    if (server != null) {
      server.destroy();
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  @AfterEach
  void closeChannels() {
    channels.forEach(ManagedChannel::shutdownNow);
  }

  @Test
  void aHealthCheckWithoutTheSecretIsServing() {
    HealthCheckResponse response =
        HealthGrpc.newBlockingStub(tls())
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance());

    assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void aJobCallWithoutTheSecretIsUnauthenticated() {
    Status status = submit(tls());

    assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void aJobCallWithAWrongSecretIsUnauthenticated() {
    Status status =
        submit(ClientInterceptors.intercept(tls(), Secrets.clientInterceptor("a guess")));

    assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void aJobCallWithTheSecretIsAnswered() {
    StatusRuntimeException unknownJob =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                JobServiceGrpc.newBlockingStub(
                        ClientInterceptors.intercept(tls(), Secrets.clientInterceptor(SECRET)))
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getJobReport(
                        GetJobReportRequest.newBuilder().setJobId("no-such-job").build()));

    assertThat(unknownJob.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
  }

  @Test
  void aPlaintextClientDoesNotGetIn() {
    ManagedChannel plaintext =
        NettyChannelBuilder.forAddress("127.0.0.1", port, InsecureChannelCredentials.create())
            .build();
    channels.add(plaintext);

    Status status =
        submit(ClientInterceptors.intercept(plaintext, Secrets.clientInterceptor(SECRET)));

    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
  }

  private static Status submit(io.grpc.Channel channel) {
    try {
      JobServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .submitJob(SubmitJobRequest.getDefaultInstance());
      return Status.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }

  private ManagedChannel tls() {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(
                "127.0.0.1",
                port,
                TlsCredentials.client(
                    TlsCredentials.readCertificates(certificates.caCertificate()), null, null))
            .build();
    channels.add(channel);
    return channel;
  }

  private static String awaitAddress(Path out) throws Exception {
    String prefix = "zoopipe-serve listening on ";
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(out)) {
        for (String line : Files.readAllLines(out)) {
          if (line.startsWith(prefix)) {
            return line.substring(prefix.length()).trim();
          }
        }
      }
      assertThat(server.isAlive()).as(Files.readString(dir.resolve("serve.log"))).isTrue();
      Thread.sleep(50);
    }
    throw new AssertionError(
        "zoopipe serve did not start: " + Files.readString(dir.resolve("serve.log")));
  }
}
