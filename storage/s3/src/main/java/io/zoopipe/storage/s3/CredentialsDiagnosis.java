package io.zoopipe.storage.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Says why the SDK's default credentials chain found nothing, in one line a user can act on. The
 * SDK's own message lists every provider of the chain with its reason, most of them "not
 * configured"; this keeps the providers the environment did configure (a web identity token file, a
 * named profile, container credentials, access keys) and names each with its reason, such as a
 * missing token file or a profile without credentials. Stateless.
 */
final class CredentialsDiagnosis {
  /** What the SDK's chain says when it found nothing. */
  static final String SDK_PREFIX = "Unable to load credentials";

  /**
   * One provider's entry: {@code Name(args): reason}, up to the next entry. The arguments may hold
   * parentheses of their own (the parsed profile file), so they end at the first "): ".
   */
  private static final Pattern ENTRY =
      Pattern.compile(
          "(\\w+CredentialsProvider)\\((.*?)\\): (.*?)(?=, \\w+CredentialsProvider\\(|]$)");

  private static final String GENERIC =
      "no AWS credentials found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE,"
          + " or AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN, or run with an instance or task role";

  private CredentialsDiagnosis() {}

  /** The line for the SDK's {@code message}: the configured providers that failed, and why. */
  static String explain(String message) {
    int list = message.indexOf(" : [");
    if (list < 0) {
      return GENERIC;
    }
    List<String> failed = new ArrayList<>();
    Matcher entry = ENTRY.matcher(message.substring(list + 3).strip());
    while (entry.find()) {
      String described = describe(entry.group(1), entry.group(2), entry.group(3).strip());
      if (described != null && !failed.contains(described)) {
        failed.add(described);
      }
    }
    return failed.isEmpty() ? GENERIC : "no AWS credentials: " + String.join("; ", failed);
  }

  /** The provider and its reason, or null when the environment did not configure it. */
  private static @Nullable String describe(String provider, String args, String reason) {
    switch (provider) {
      case "SystemPropertyCredentialsProvider", "EnvironmentVariableCredentialsProvider" -> {
        if (reason.contains("Access key must be specified")) {
          return null;
        }
        return "access keys (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): " + shorten(reason);
      }
      case "WebIdentityTokenFileCredentialsProvider" -> {
        if (reason.startsWith("Either the environment variable AWS_WEB_IDENTITY_TOKEN_FILE")) {
          return null;
        }
        return "web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN): " + shorten(reason);
      }
      case "ProfileCredentialsProvider" -> {
        String profile = args.startsWith("profileName=") ? args.substring(12) : "default";
        int comma = profile.indexOf(',');
        profile = comma < 0 ? profile : profile.substring(0, comma);
        if (profile.equals("default") && reason.contains("for profile 'default'")) {
          return null; // no profile asked for, and no default one
        }
        return "profile '" + profile + "' (AWS_PROFILE): " + shorten(reason);
      }
      case "ContainerCredentialsProvider" -> {
        if (reason.startsWith("Cannot fetch credentials from container - neither")) {
          return null;
        }
        return "container credentials (AWS_CONTAINER_CREDENTIALS_*): " + shorten(reason);
      }
      default -> {
        return null; // instance metadata: absent off EC2, which is the usual case
      }
    }
  }

  /** The reason without the SDK's dump of the parsed profile file and without exception types. */
  private static String shorten(String reason) {
    int dump = reason.indexOf(": ProfileFile(");
    String text = dump < 0 ? reason : reason.substring(0, dump);
    text = text.replaceFirst("^[a-z]+(\\.[a-z]+)+\\.(\\w+Exception): ", "$2: ");
    return S3Errors.oneLine(text, "no detail");
  }
}
