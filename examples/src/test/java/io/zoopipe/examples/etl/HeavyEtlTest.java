package io.zoopipe.examples.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.zoopipe.common.adapter.csv.CsvInputAdapter;
import io.zoopipe.common.adapter.csv.CsvOptions;
import io.zoopipe.common.adapter.csv.CsvOutputAdapter;
import io.zoopipe.common.adapter.json.JsonFormat;
import io.zoopipe.common.adapter.json.JsonOutputAdapter;
import io.zoopipe.common.adapter.memory.MemoryInputAdapter;
import io.zoopipe.common.adapter.memory.MemoryOutputAdapter;
import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.pipe.Pipe;
import io.zoopipe.common.report.ErrorRow;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.report.ProgressListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The heavy-ETL job of the benchmark, as the issue defines it, through a real pipe. */
class HeavyEtlTest {
  /**
   * The definition of a valid email once stripped, as a regular expression; whitespace is Java's
   * ({@link Character#isWhitespace}, what {@link String#strip()} removes).
   */
  private static final Pattern EMAIL =
      Pattern.compile(
          "[^\\p{javaWhitespace}@]+@[^\\p{javaWhitespace}@]+\\.[^\\p{javaWhitespace}@]+");

  @Test
  void validRowsAreNormalisedHashedAndGroupedInInputOrder() throws Exception {
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    MemoryOutputAdapter errors = new MemoryOutputAdapter();
    PipeReport report =
        pipe(
                List.of(
                    row("00ab", "  Ana.Silva ", " Ana.Silva@Example.COM "),
                    row("ff3c", "BOB", "bob@mail.example.org"),
                    row("1237", "cy", "not-an-email")),
                output,
                errors)
            .run(ProgressListener.NONE);

    assertThat(report.status()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(report.totalProcessed()).isEqualTo(3);
    assertThat(report.successCount()).isEqualTo(2);
    assertThat(report.errorCount()).isEqualTo(1);
    assertThat(output.records())
        .containsExactly(
            new EtlUser("00ab", "ana.silva", sha256("ana.silva@example.com"), 11 % 10),
            new EtlUser("ff3c", "bob", sha256("bob@mail.example.org"), 12 % 10));
    assertThat(errors.records())
        .singleElement()
        .isInstanceOfSatisfying(
            ErrorRow.class,
            row -> {
              assertThat(row.position()).isEqualTo(2);
              assertThat(row.raw()).containsEntry("user_id", "1237");
              assertThat(row.errors())
                  .singleElement()
                  .satisfies(
                      v -> {
                        assertThat(v.field()).isEqualTo("email");
                        assertThat(v.message()).isEqualTo("must look like local@domain.tld");
                      });
            });
  }

  @Test
  void theRowProcessorWritesByteForByteWhatTheHookWrites(@TempDir Path dir) throws Exception {
    StringBuilder csv = new StringBuilder("user_id,username,email,first_name\n");
    for (int i = 0; i < 5000; i++) {
      String userId = i % 101 == 0 ? "id-" + i + "g" : Integer.toHexString(i);
      String username = i % 89 == 0 ? " " : " User" + i;
      String email = i % 67 == 0 ? "not-an-email" : " U" + i + "@Example.COM ";
      csv.append(userId).append(',').append(username).append(',').append(email).append(",x\n");
    }
    Path input = dir.resolve("users.csv");
    Files.writeString(input, csv, StandardCharsets.UTF_8);

    PipeReport hook =
        files(input, dir, "hook")
            .postValidationHook(new NormalizeAndHashHook())
            .build()
            .run(ProgressListener.NONE);
    PipeReport processor =
        files(input, dir, "processor")
            .processor(new NormalizeAndHashProcessor())
            .build()
            .run(ProgressListener.NONE);

    assertThat(hook.errorCount()).isPositive();
    assertThat(processor.successCount()).isEqualTo(hook.successCount());
    assertThat(processor.errorCount()).isEqualTo(hook.errorCount());
    assertThat(Files.readAllBytes(dir.resolve("processor.jsonl")))
        .isEqualTo(Files.readAllBytes(dir.resolve("hook.jsonl")));
    assertThat(Files.readAllBytes(dir.resolve("processor-errors.csv")))
        .isEqualTo(Files.readAllBytes(dir.resolve("hook-errors.csv")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t", "\u2003", " \u3000 "})
  void aBlankUsernameIsAnError(String username) throws Exception {
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    MemoryOutputAdapter errors = new MemoryOutputAdapter();
    pipe(List.of(row("0a", username, "a@b.co")), output, errors).run(ProgressListener.NONE);

    assertThat(output.records()).isEmpty();
    assertThat(errors.records())
        .singleElement()
        .isInstanceOfSatisfying(
            ErrorRow.class,
            row ->
                assertThat(row.errors())
                    .singleElement()
                    .satisfies(v -> assertThat(v.field()).isEqualTo("username")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a@b.co",
        "  a@b.co\t",
        "first.last@sub.example.org",
        "a@b..c",
        "a.@b.c",
        "é@ü.com",
        "a@b.c.",
        "",
        " ",
        "a",
        "a@b",
        "a@b.",
        "a@.b",
        "@b.co",
        "a@@b.co",
        "a@b@c.co",
        "a b@c.co",
        "a@b .co",
        "a@b.c o",
        "a@b.\u2003co",
        "a\u00a0b@c.co",
        ".@..",
        "a@.",
        "a@..",
        "a@x.",
        "a@.x.y"
      })
  void anEmailIsValidExactlyWhenItMatchesTheDefinition(String email) {
    boolean expected = EMAIL.matcher(email.strip()).matches();
    assertThat(new EmailLike.Validator().isValid(email, null)).as(email).isEqualTo(expected);
  }

  @Test
  void theValidatorAgreesWithTheDefinitionOnGeneratedStrings() {
    char[] alphabet = {'a', '.', '@', ' ', '\u2003', '\u00a0', 'é'};
    EmailLike.Validator validator = new EmailLike.Validator();
    List<String> all = new ArrayList<>();
    all.add("");
    for (int length = 1; length <= 6; length++) {
      int[] digits = new int[length];
      int total = (int) Math.pow(alphabet.length, length);
      for (int n = 0; n < total; n++) {
        StringBuilder text = new StringBuilder();
        for (int i = 0, v = n; i < length; i++, v /= alphabet.length) {
          digits[i] = v % alphabet.length;
          text.append(alphabet[digits[i]]);
        }
        all.add(text.toString());
      }
    }
    for (String email : all) {
      boolean expected = EMAIL.matcher(email.strip()).matches();
      assertThat(validator.isValid(email, null)).as("'%s'", email).isEqualTo(expected);
    }
  }

  @Test
  void aUserIdMustNotBeBlank() {
    HasText.Validator validator = new HasText.Validator();
    assertThat(validator.isValid(" 0a ", null)).isTrue();
    assertThat(validator.isValid(" \t", null)).isFalse();
    assertThat(validator.isValid(null, null)).isFalse();
  }

  private static Pipe pipe(
      List<Map<String, String>> rows, MemoryOutputAdapter output, MemoryOutputAdapter errors) {
    return Pipe.builder()
        .input(new MemoryInputAdapter(rows))
        .output(output)
        .errorOutput(errors)
        .schema(HeavyEtlSchema.class)
        .postValidationHook(new NormalizeAndHashHook())
        .build();
  }

  /**
   * A heavy-ETL pipe from {@code input} to {@code name}.jsonl, without its post-validation step.
   */
  private static Pipe.Builder files(Path input, Path dir, String name) {
    return Pipe.builder()
        .input(new CsvInputAdapter(Location.of(input), CsvOptions.defaults()))
        .schema(HeavyEtlSchema.class)
        .executor(new MultiThreadExecutor(2, 300))
        .output(new JsonOutputAdapter(Location.of(dir.resolve(name + ".jsonl")), JsonFormat.JSONL))
        .errorOutput(
            new CsvOutputAdapter(
                Location.of(dir.resolve(name + "-errors.csv")), CsvOptions.defaults()));
  }

  private static Map<String, String> row(String userId, String username, String email) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("user_id", userId);
    row.put("username", username);
    row.put("email", email);
    row.put("first_name", "ignored");
    return row;
  }

  private static String sha256(String text) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    return HexFormat.of()
        .formatHex(digest.digest(text.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
  }
}
