package io.zoopipe.common.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The check finds the first invalid byte exactly where a strict JDK decoder stops. */
class CharsetCheckTest {
  @Test
  void findsTheFirstInvalidUtf8ByteWhereTheStrictJdkDecoderStops() {
    assertAgreesOnRandomBytes(StandardCharsets.UTF_8, 300_000);
  }

  @Test
  void findsTheFirstInvalidUtf8ByteInMostlyAsciiRecords() {
    CharsetCheck check = new CharsetCheck(StandardCharsets.UTF_8);
    byte[][] pieces = {
      "é".getBytes(StandardCharsets.UTF_8),
      "€".getBytes(StandardCharsets.UTF_8),
      "😀".getBytes(StandardCharsets.UTF_8),
      {(byte) 0xE9},
      {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80}
    };
    Random random = new Random(11);
    int invalid = 0;
    for (int n = 0; n < 50_000; n++) {
      java.io.ByteArrayOutputStream record = new java.io.ByteArrayOutputStream();
      int length = random.nextInt(80);
      while (record.size() < length) {
        int pick = random.nextInt(40);
        if (pick < pieces.length && (pick < 3 || random.nextInt(8) == 0)) {
          record.writeBytes(pieces[pick]);
        } else {
          record.write('a' + random.nextInt(26));
        }
      }
      byte[] bytes = record.toByteArray();
      int start = bytes.length == 0 ? 0 : random.nextInt(Math.min(3, bytes.length));
      int end = bytes.length - random.nextInt(Math.min(3, bytes.length - start) + 1);
      int expected = strictFirstInvalid(StandardCharsets.UTF_8, bytes, start, end);
      assertThat(check.firstInvalid(bytes, start, end))
          .as("%s [%d, %d)", HexFormat.of().formatHex(bytes), start, end)
          .isEqualTo(expected);
      if (expected >= 0) {
        invalid++;
      }
    }
    assertThat(invalid).isBetween(1, 49_999);
  }

  @Test
  void findsTheFirstInvalidByteOfOtherCharsetsWithTheirDecoder() {
    assertAgreesOnRandomBytes(StandardCharsets.US_ASCII, 20_000);
    assertAgreesOnRandomBytes(Charset.forName("windows-1252"), 20_000);
    assertAgreesOnRandomBytes(Charset.forName("Shift_JIS"), 20_000);
  }

  @Test
  void everyByteIsValidIsoLatin1() {
    CharsetCheck check = new CharsetCheck(StandardCharsets.ISO_8859_1);

    assertThat(check.checks()).isFalse();
    assertThat(check.firstInvalid(new byte[] {(byte) 0xFF, (byte) 0x80}, 0, 2)).isEqualTo(-1);
  }

  @Test
  void namesTheCharsetAndTheByteAndKeepsTheBytesAsBase64() {
    CharsetCheck check = new CharsetCheck(StandardCharsets.UTF_8);
    byte[] record = {'a', ',', (byte) 0xE9, 'x', '\n'};

    int at = check.firstInvalid(record, 0, 4);

    assertThat(at).isEqualTo(2);
    assertThat(check.violation(at, 120).message())
        .isEqualTo(
            "bytes not valid UTF-8 at byte 2 of the record (which starts at byte 120); its bytes"
                + " are kept as base64");
    assertThat(Base64.getDecoder().decode(CharsetCheck.base64(record, 1, 4)))
        .containsExactly(',', (byte) 0xE9, 'x');
  }

  private static void assertAgreesOnRandomBytes(Charset charset, int samples) {
    CharsetCheck check = new CharsetCheck(charset);
    Random random = new Random(7);
    int invalid = 0;
    for (int n = 0; n < samples; n++) {
      byte[] bytes = new byte[1 + random.nextInt(24)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] =
            random.nextInt(3) == 0
                ? (byte) random.nextInt(0x80)
                : (byte) (0x80 + random.nextInt(0x80));
      }
      int start = random.nextInt(Math.min(2, bytes.length));
      int expected = strictFirstInvalid(charset, bytes, start, bytes.length);
      assertThat(check.firstInvalid(bytes, start, bytes.length))
          .as("%s %s from %d", charset, HexFormat.of().formatHex(bytes), start)
          .isEqualTo(expected);
      if (expected >= 0) {
        invalid++;
      }
    }
    assertThat(invalid).isBetween(1, samples - 1); // both outcomes were exercised
  }

  private static int strictFirstInvalid(Charset charset, byte[] bytes, int start, int end) {
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, end - start);
    CharBuffer out = CharBuffer.allocate(4 * bytes.length + 4);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      return in.position() - start;
    }
    return decoder.flush(out).isError() ? in.position() - start : -1;
  }
}
