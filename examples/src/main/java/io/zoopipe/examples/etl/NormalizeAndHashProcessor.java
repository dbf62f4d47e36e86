package io.zoopipe.examples.etl;

import io.zoopipe.common.pipe.RowContext;
import io.zoopipe.common.pipe.RowProcessor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The heavy-ETL step of {@link NormalizeAndHashHook} written as a typed row processor: it receives
 * each valid row as a {@link HeavyEtlSchema} and returns the {@link EtlUser} written in its place,
 * with no casts and no loop over a batch. A user id that does not end in a hex digit fails that row
 * alone. Its output is byte for byte the hook's. Registered with {@code .processor(new
 * NormalizeAndHashProcessor())}, or named by class where a hook goes ({@code --post-hook}).
 *
 * <p>Thread-safe: rows are processed on several threads at once, and each thread gets its own
 * digest.
 */
public final class NormalizeAndHashProcessor implements RowProcessor<HeavyEtlSchema, EtlUser> {
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(NormalizeAndHashProcessor::newDigest);

  @Override
  public EtlUser process(HeavyEtlSchema user, RowContext context) {
    String userId = user.userId().strip();
    int lastDigit = Character.digit(userId.charAt(userId.length() - 1), 16);
    if (lastDigit < 0) {
      return context.fail("user_id must end in a hex digit, got '" + userId + "'");
    }
    String email = user.email().strip().toLowerCase(Locale.ROOT);
    byte[] hash = SHA_256.get().digest(email.getBytes(StandardCharsets.UTF_8));
    return new EtlUser(
        userId,
        user.username().strip().toLowerCase(Locale.ROOT),
        HEX.formatHex(hash),
        lastDigit % 10);
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
