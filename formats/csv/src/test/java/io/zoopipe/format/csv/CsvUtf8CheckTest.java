package io.zoopipe.format.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decoder's UTF-8 well-formedness check accepts exactly what a strict JDK decoder accepts, so
 * that replacing the decoder by it changes no record's outcome.
 */
class CsvUtf8CheckTest {
  private static final byte[] INTERESTING = {
    0x00,
    0x41,
    0x7F,
    (byte) 0x80,
    (byte) 0x8F,
    (byte) 0x90,
    (byte) 0x9F,
    (byte) 0xA0,
    (byte) 0xBF,
    (byte) 0xC0,
    (byte) 0xC1,
    (byte) 0xC2,
    (byte) 0xDF,
    (byte) 0xE0,
    (byte) 0xE1,
    (byte) 0xEC,
    (byte) 0xED,
    (byte) 0xEE,
    (byte) 0xEF,
    (byte) 0xF0,
    (byte) 0xF1,
    (byte) 0xF3,
    (byte) 0xF4,
    (byte) 0xF5,
    (byte) 0xF7,
    (byte) 0xF8,
    (byte) 0xFE,
    (byte) 0xFF
  };

  @Test
  void agreesWithTheStrictJdkDecoderOnEveryShortSequenceOfBoundaryBytes() {
    CharsetDecoder decoder = strictDecoder();
    byte[] bytes = new byte[3];
    for (byte a : INTERESTING) {
      for (byte b : INTERESTING) {
        for (byte c : INTERESTING) {
          bytes[0] = a;
          bytes[1] = b;
          bytes[2] = c;
          for (int length = 1; length <= 3; length++) {
            assertAgrees(decoder, bytes, 0, length);
          }
        }
      }
    }
  }

  @Test
  void agreesWithTheStrictJdkDecoderOnRandomMostlyNonAsciiText() {
    CharsetDecoder decoder = strictDecoder();
    Random random = new Random(42);
    int wellFormed = 0;
    for (int n = 0; n < 200_000; n++) {
      byte[] bytes = new byte[2 + random.nextInt(12)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] =
            random.nextInt(4) == 0
                ? (byte) random.nextInt(0x80)
                : random.nextBoolean()
                    ? (byte) (0x80 + random.nextInt(0x40))
                    : INTERESTING[random.nextInt(INTERESTING.length)];
      }
      int start = random.nextInt(2);
      if (assertAgrees(decoder, bytes, start, bytes.length)) {
        wellFormed++;
      }
    }
    assertThat(wellFormed).isGreaterThan(1000); // both outcomes were exercised
  }

  @Test
  void acceptsEveryEncodedCodePoint() {
    CharsetDecoder decoder = strictDecoder();
    for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint += 7) {
      if (Character.isSurrogate((char) codePoint) && codePoint <= 0xFFFF) {
        continue;
      }
      byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
      assertThat(assertAgrees(decoder, bytes, 0, bytes.length)).isTrue();
    }
  }

  private static boolean assertAgrees(CharsetDecoder decoder, byte[] bytes, int start, int end) {
    boolean expected;
    try {
      decoder.reset().decode(ByteBuffer.wrap(bytes, start, end - start));
      expected = true;
    } catch (CharacterCodingException e) {
      expected = false;
    }
    assertThat(CsvRecordDecoder.isWellFormedUtf8(bytes, start, end))
        .as("%s", java.util.HexFormat.of().formatHex(bytes, start, end))
        .isEqualTo(expected);
    return expected;
  }

  private static CharsetDecoder strictDecoder() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }
}
