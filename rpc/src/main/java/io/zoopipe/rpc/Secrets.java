package io.zoopipe.rpc;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.MetadataUtils;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The shared secret between a manager and its workers (created per job for the workers it starts,
 * {@code $ZOOPIPE_WORKER_SECRET} for a fleet): sent by the client as the {@code zoopipe-secret}
 * metadata header, compared in constant time by the server, which refuses any call without it (or
 * with another one) with UNAUTHENTICATED. gRPC health checking ({@value #HEALTH_SERVICE}) answers
 * without it: Kubernetes probes and load balancers send no metadata, and a serving status reveals
 * nothing. Thread-safe.
 */
public final class Secrets {
  /** The metadata header that carries the secret. */
  public static final Metadata.Key<String> HEADER =
      Metadata.Key.of("zoopipe-secret", Metadata.ASCII_STRING_MARSHALLER);

  /** The environment variable through which a launcher hands the secret to a worker. */
  public static final String ENVIRONMENT_VARIABLE = "ZOOPIPE_WORKER_SECRET";

  /** The one service a server with a secret answers without it. */
  public static final String HEALTH_SERVICE = "grpc.health.v1.Health";

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** A new random secret (256 bits, hex). */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Attaches the secret to every call made through a channel or stub. */
  public static ClientInterceptor clientInterceptor(String secret) {
    Metadata headers = new Metadata();
    headers.put(HEADER, secret);
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  /** Refuses every call that does not carry {@code secret}, except health checks. */
  public static ServerInterceptor serverInterceptor(String secret) {
    byte[] expected = secret.getBytes(StandardCharsets.UTF_8);
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (HEALTH_SERVICE.equals(call.getMethodDescriptor().getServiceName())) {
          return next.startCall(call, headers);
        }
        String given = headers.get(HEADER);
        if (given == null
            || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
          call.close(
              Status.UNAUTHENTICATED.withDescription(
                  (given == null ? "no secret given" : "wrong secret")
                      + ": this server accepts only calls carrying its secret (header"
                      + " zoopipe-secret; a manager sends $ZOOPIPE_WORKER_SECRET)"),
              new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, headers);
      }
    };
  }
}
