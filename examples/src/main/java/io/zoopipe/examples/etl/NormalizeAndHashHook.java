package io.zoopipe.examples.etl;

import io.zoopipe.common.pipe.ColumnSet;
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
 * Post-validation hook of the heavy-ETL job: trims and lower-cases the username, replaces the email
 * by the hex SHA-256 of its trimmed, lower-cased form, and derives {@code group} from the user id's
 * last hex digit. It reads only validated data, so it asks for no raw columns and the pipe decodes
 * just the schema's three.
 *
 * <p>Thread-safe: batches run on several threads at once, and each thread gets its own digest.
 */
public final class NormalizeAndHashHook implements Hook {
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(NormalizeAndHashHook::newDigest);

  @Override
  public List<Entry> execute(List<Entry> entries, HookStore store) {
    MessageDigest digest = SHA_256.get();
    for (Entry entry : entries) {
      if (!(entry.validatedData() instanceof HeavyEtlSchema user)) {
        continue;
      }
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

  @Override
  public ColumnSet requiredColumns() {
    return ColumnSet.none();
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
