package io.zoopipe.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.zoopipe.common.io.AtomicOutput;
import io.zoopipe.common.io.Location;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The SDK's default credentials chain as the shaded jar ships it: web identity (EKS IRSA) and
 * assume-role profiles get their credentials from STS (here a stand-in on loopback that hands out
 * the s3proxy keys), and a chain that finds nothing says which provider failed and why. The chain
 * is configured through the SDK's system properties (the same settings as its environment
 * variables), restored after each test.
 */
class AwsCredentialProvidersTest {
  private static final List<String> PROPERTIES =
      List.of(
          "aws.webIdentityTokenFile",
          "aws.roleArn",
          "aws.roleSessionName",
          "aws.region",
          "aws.profile",
          "aws.configFile",
          "aws.sharedCredentialsFile",
          "aws.endpointUrlSts",
          "aws.accessKeyId",
          "aws.secretAccessKey");

  private static S3ProxyServer server;
  private static HttpServer sts;
  private static final List<Map<String, String>> STS_CALLS = new CopyOnWriteArrayList<>();
  private final Map<String, String> saved = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        System.getenv("AWS_ACCESS_KEY_ID") == null
            && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null
            && System.getenv("AWS_PROFILE") == null,
        "the environment configures AWS credentials of its own");
    server = S3ProxyServer.startAcceptingSessionTokens();
    try (S3Client admin = server.endpoint().adminClient()) {
      admin.createBucket(b -> b.bucket("creds"));
    }
    sts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sts.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          Map<String, String> form = new HashMap<>();
          for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
              form.put(
                  pair.substring(0, eq),
                  URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
          }
          STS_CALLS.add(form);
          byte[] answer =
              stsAnswer(form.getOrDefault("Action", "")).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/xml");
          exchange.sendResponseHeaders(answer.length == 0 ? 400 : 200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    sts.start();
  }

  @AfterAll
  static void stop() {
    if (sts != null) {
      sts.stop(0);
    }
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void restore() {
    saved.forEach(
        (key, value) -> {
          if (value.isEmpty()) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
    STS_CALLS.clear();
  }

  private void set(String key, String value) {
    saved.putIfAbsent(key, System.getProperty(key, ""));
    System.setProperty(key, value);
  }

  /** What STS answers: the s3proxy keys as temporary credentials of the assumed role. */
  private static String stsAnswer(String action) {
    if (!action.equals("AssumeRoleWithWebIdentity") && !action.equals("AssumeRole")) {
      return "";
    }
    return "<"
        + action
        + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><"
        + action
        + "Result><Credentials><AccessKeyId>"
        + S3ProxyServer.ACCESS_KEY
        + "</AccessKeyId><SecretAccessKey>"
        + S3ProxyServer.SECRET_KEY
        + "</SecretAccessKey><SessionToken>session-token</SessionToken>"
        + "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>"
        + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/zoopipe/test</Arn>"
        + "<AssumedRoleId>AROATEST:test</AssumedRoleId></AssumedRoleUser></"
        + action
        + "Result><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></"
        + action
        + "Response>";
  }

  private static S3Settings settingsWithoutKeys() {
    // The store and region of the test endpoint, but the SDK's own credentials chain.
    return server.endpoint().settings().withCredentials(null);
  }

  private static void roundTrip(String key) throws IOException {
    Location location = Location.parse("s3://creds/" + key);
    try (S3Storage storage = new S3Storage(settingsWithoutKeys())) {
      try (AtomicOutput out = storage.create(location)) {
        out.stream().write("hello".getBytes(StandardCharsets.UTF_8));
        out.commit();
      }
      try (InputStream in = storage.open(location, 0, Long.MAX_VALUE)) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
      }
    }
  }

  private void stsEndpoint() {
    set("aws.endpointUrlSts", "http://127.0.0.1:" + sts.getAddress().getPort());
    set("aws.region", "us-east-1");
  }

  @Test
  void webIdentityTokenFileAssumesTheRoleThroughSts(@TempDir Path dir) throws IOException {
    Path token = Files.writeString(dir.resolve("token"), "eyJ.web-identity.token");
    stsEndpoint();
    set("aws.configFile", Files.writeString(dir.resolve("config"), "").toString());
    set("aws.sharedCredentialsFile", Files.writeString(dir.resolve("creds"), "").toString());
    set("aws.webIdentityTokenFile", token.toString());
    set("aws.roleArn", "arn:aws:iam::123456789012:role/zoopipe");
    set("aws.roleSessionName", "zoopipe-test");

    roundTrip("web-identity.txt");

    assertThat(STS_CALLS)
        .anySatisfy(
            call -> {
              assertThat(call).containsEntry("Action", "AssumeRoleWithWebIdentity");
              assertThat(call).containsEntry("WebIdentityToken", "eyJ.web-identity.token");
              assertThat(call).containsEntry("RoleArn", "arn:aws:iam::123456789012:role/zoopipe");
            });
  }

  @Test
  void anAssumeRoleProfileGetsItsCredentialsFromSts(@TempDir Path dir) throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("config"),
            "[profile zoopipe]\n"
                + "role_arn = arn:aws:iam::123456789012:role/zoopipe\n"
                + "source_profile = base\n"
                + "region = us-east-1\n"
                + "[profile base]\n"
                + "aws_access_key_id = base-key\n"
                + "aws_secret_access_key = base-secret\n");
    stsEndpoint();
    set("aws.configFile", config.toString());
    set("aws.sharedCredentialsFile", Files.writeString(dir.resolve("creds"), "").toString());
    set("aws.profile", "zoopipe");

    roundTrip("assume-role.txt");

    assertThat(STS_CALLS)
        .anySatisfy(
            call -> {
              assertThat(call).containsEntry("Action", "AssumeRole");
              assertThat(call).containsEntry("RoleArn", "arn:aws:iam::123456789012:role/zoopipe");
            });
  }

  @Test
  void aMissingProfileIsNamedWithTheReason(@TempDir Path dir) throws IOException {
    set("aws.region", "us-east-1");
    set("aws.configFile", Files.writeString(dir.resolve("config"), "").toString());
    set("aws.sharedCredentialsFile", Files.writeString(dir.resolve("creds"), "").toString());
    set("aws.profile", "nonexistent");
    Location location = Location.parse("s3://creds/missing-profile.txt");
    try (S3Storage storage = new S3Storage(settingsWithoutKeys())) {
      assertThatThrownBy(() -> storage.size(location))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("s3://creds/missing-profile.txt")
          .hasMessageContaining("profile 'nonexistent'")
          .hasMessageNotContaining("AwsCredentialsProviderChain");
    }
  }

  @Test
  void anUnreadableWebIdentityTokenIsNamedWithTheReason(@TempDir Path dir) throws IOException {
    stsEndpoint();
    set("aws.configFile", Files.writeString(dir.resolve("config"), "").toString());
    set("aws.sharedCredentialsFile", Files.writeString(dir.resolve("creds"), "").toString());
    set("aws.webIdentityTokenFile", dir.resolve("no-such-token").toString());
    set("aws.roleArn", "arn:aws:iam::123456789012:role/zoopipe");
    Location location = Location.parse("s3://creds/no-token.txt");
    try (S3Storage storage = new S3Storage(settingsWithoutKeys())) {
      assertThatThrownBy(() -> storage.size(location))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("web identity")
          .hasMessageContaining("no-such-token");
    }
  }

  @Test
  void anSsoProfileIsHandledByTheSsoModules(@TempDir Path dir) throws IOException {
    // Without the sso and ssooidc modules the SDK answers that they "must be on the class path";
    // with them, the SSO provider runs and asks for a login (no cached token here).
    Path config =
        Files.writeString(
            dir.resolve("config"),
            "[profile sso]\n"
                + "sso_session = corp\n"
                + "sso_account_id = 123456789012\n"
                + "sso_role_name = zoopipe\n"
                + "region = us-east-1\n"
                + "[sso-session corp]\n"
                + "sso_start_url = https://corp.awsapps.com/start\n"
                + "sso_region = us-east-1\n"
                + "sso_registration_scopes = sso:account:access\n");
    set("aws.region", "us-east-1");
    set("aws.configFile", config.toString());
    set("aws.sharedCredentialsFile", Files.writeString(dir.resolve("creds"), "").toString());
    set("aws.profile", "sso");
    Location location = Location.parse("s3://creds/sso.txt");
    try (S3Storage storage = new S3Storage(settingsWithoutKeys())) {
      assertThatThrownBy(() -> storage.size(location))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("profile 'sso'")
          .hasMessageNotContaining("class path");
    }
  }
}
