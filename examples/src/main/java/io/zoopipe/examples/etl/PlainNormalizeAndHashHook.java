package io.zoopipe.examples.etl;

import io.zoopipe.common.pipe.Entry;
import io.zoopipe.common.pipe.Hook;
import io.zoopipe.common.pipe.HookStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * {@link NormalizeAndHashHook} as a new user writes it from the README, for {@link PlainEtlSchema}:
 * it does not override {@link Hook#requiredColumns()}, so it may read any raw column, and the pipe
 * decodes the other 25 columns of a row only if it does. Its output is byte for byte the tuned
 * hook's.
 *
 * <p>Thread-safe: batches run on several threads at once, and each thread gets its own digest.
 */
public final class PlainNormalizeAndHashHook implements Hook {
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(PlainNormalizeAndHashHook::newDigest);

  @Override
  public List<Entry> execute(List<Entry> entries, HookStore store) {
    MessageDigest digest = SHA_256.get();
    for (Entry entry : entries) {
      PlainEtlSchema user = entry.validatedData(PlainEtlSchema.class);
      String userId = user.userId().strip();
      int lastDigit = Character.digit(userId.charAt(userId.length() - 1), 16);
      if (lastDigit < 0) {
        entry.fail("user_id must end in a hex digit, got '" + userId + "'");
        continue;
      }
      String email = user.email().strip().toLowerCase(Locale.ROOT);
      byte[] hash = digest.digest(email.getBytes(StandardCharsets.UTF_8));
      entry.setValidatedData(
          new EtlUser(
              userId,
              user.username().strip().toLowerCase(Locale.ROOT),
              HEX.formatHex(hash),
              lastDigit % 10));
    }
    return entries;
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
