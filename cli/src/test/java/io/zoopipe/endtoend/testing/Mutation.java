package io.zoopipe.endtoend.testing;

import static io.zoopipe.endtoend.testing.MalformedInputs.insert;
import static io.zoopipe.endtoend.testing.MalformedInputs.lineStart;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * One way {@link MalformedInputs} damages a file. Byte mutations apply to both formats; record
 * mutations insert one malformed record of their format at the start of a random line.
 */
enum Mutation {
  /** One byte replaced by a random one. */
  BYTE_FLIP(null) {
    @Override
    byte[] apply(byte[] bytes, String inputFormat, SplittableRandom random) {
      if (bytes.length == 0) {
        return bytes;
      }
      byte[] copy = bytes.clone();
      copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
      return copy;
    }
  },
  /** A quote character somewhere. */
  STRAY_QUOTE(null) {
    @Override
    byte[] apply(byte[] bytes, String inputFormat, SplittableRandom random) {
      return insert(bytes, random.nextInt(bytes.length + 1), new byte[] {'"'});
    }
  },
  /** A carriage return somewhere, not before a line feed. */
  STRAY_CR(null) {
    @Override
    byte[] apply(byte[] bytes, String inputFormat, SplittableRandom random) {
      return insert(bytes, random.nextInt(bytes.length + 1), new byte[] {'\r'});
    }
  },
  /** Every line ends with a lone carriage return (old Mac line ends). */
  CR_LINE_ENDS(null) {
    @Override
    byte[] apply(byte[] bytes, String inputFormat, SplittableRandom random) {
      String text = new String(bytes, ISO_8859_1);
      return text.replace("\r\n", "\n").replace('\n', '\r').getBytes(ISO_8859_1);
    }
  },
  /** A byte sequence that is not UTF-8: a lone continuation, a surrogate, an overlong form. */
  INVALID_UTF8(null) {
    @Override
    byte[] apply(byte[] bytes, String inputFormat, SplittableRandom random) {
      return insert(bytes, random.nextInt(bytes.length + 1), MalformedInputs.badUtf8(random));
    }
  },
  /** A NUL byte somewhere. */
  NUL(null) {
    @Override
    byte[] apply(byte[] bytes, String inputFormat, SplittableRandom random) {
      return insert(bytes, random.nextInt(bytes.length + 1), new byte[] {0});
    }
  },
  /** The file cut at a random offset. */
  TRUNCATION(null) {
    @Override
    byte[] apply(byte[] bytes, String inputFormat, SplittableRandom random) {
      return Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
    }
  },
  /** A UTF-8 byte order mark before everything. */
  BYTE_ORDER_MARK(null) {
    @Override
    byte[] apply(byte[] bytes, String inputFormat, SplittableRandom random) {
      return insert(bytes, 0, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    }
  },
  /** Empty and blank lines between records. */
  BLANK_LINES(null) {
    @Override
    byte[] apply(byte[] bytes, String inputFormat, SplittableRandom random) {
      String[] blanks = {"\n", "\n\n", "  \n", "\r\n", "\t\n"};
      return line(bytes, random, blanks[random.nextInt(blanks.length)]);
    }
  },
  /** A CSV record with too many or too few fields. */
  WRONG_FIELD_COUNT("csv") {
    @Override
    byte[] apply(byte[] bytes, String inputFormat, SplittableRandom random) {
      String[] records = {"7,too,many,fields,here\n", "7,few\n", "7\n", ",,,,,,,,\n", ",\n"};
      return line(bytes, random, records[random.nextInt(records.length)]);
    }
  },
  /** A CSV record whose quoted field is never closed, or closed and followed by text. */
  BROKEN_QUOTING("csv") {
    @Override
    byte[] apply(byte[] bytes, String inputFormat, SplittableRandom random) {
      String[] records = {
        "8,\"open,never closed,1\n",
        "8,\"closed\"text,n,1\n",
        "8,\"a\"\"\",\"\"\"\",1\n",
        "8,x\"y,\"\",1\n",
        "\"8\n9\",a,b,1\n"
      };
      return line(bytes, random, records[random.nextInt(records.length)]);
    }
  },
  /** A quoted CSV field longer than the reader's 1 MiB field limit, with a line feed inside. */
  OVERSIZED_FIELD("csv") {
    @Override
    byte[] apply(byte[] bytes, String inputFormat, SplittableRandom random) {
      String half = "y".repeat((1 << 19) + random.nextInt(1000));
      return line(bytes, random, "9,\"" + half + "\n5,fake,record,5\n" + half + "\",n,1\n");
    }
  },
  /** A number no double or long holds, in the amount column or value. */
  HUGE_NUMBER(null) {
    @Override
    byte[] apply(byte[] bytes, String inputFormat, SplittableRandom random) {
      String number = MalformedInputs.hugeNumber(random);
      return inputFormat.equals("csv")
          ? line(bytes, random, "10,big,number," + number + "\n")
          : line(bytes, random, "{\"id\":10,\"name\":\"big\",\"amount\":" + number + "}\n");
    }
  },
  /** A JSON line nested thousands of levels deep. */
  DEEP_NESTING("jsonl") {
    @Override
    byte[] apply(byte[] bytes, String inputFormat, SplittableRandom random) {
      int depth = 500 + random.nextInt(5000);
      String open = random.nextBoolean() ? "[" : "{\"a\":";
      String close = open.equals("[") ? "]" : "}";
      return line(
          bytes,
          random,
          "{\"id\":11,\"deep\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}\n");
    }
  },
  /** A JSON line that is not one object: an array, a scalar, two objects, trailing text. */
  NOT_AN_OBJECT("jsonl") {
    @Override
    byte[] apply(byte[] bytes, String inputFormat, SplittableRandom random) {
      String[] lines = {
        "[1,2,3]\n",
        "42\n",
        "\"text\"\n",
        "null\n",
        "{}\n",
        "{\"id\":12}{\"id\":13}\n",
        "{\"id\":12} trailing\n",
        "{\"id\":12,}\n",
        "{\"id\":\"\\u12G4\"}\n",
        "{\"id\":\"\\x\"}\n",
        "{id:12}\n",
        "{\"id\":12,\"id\":13}\n",
        "{\"id\":[{\"x\":{}}]}\n",
        "{\"id\":NaN}\n"
      };
      return line(bytes, random, lines[random.nextInt(lines.length)]);
    }
  },
  /** A JSON line with a key that no line before it has (its CSV output needs the column). */
  LATE_KEY("jsonl") {
    @Override
    byte[] apply(byte[] bytes, String inputFormat, SplittableRandom random) {
      return line(bytes, random, "{\"id\":14,\"name\":\"late\",\"extra\":\"new key\"}\n");
    }
  };

  private final @Nullable String format;

  Mutation(@Nullable String format) {
    this.format = format;
  }

  boolean appliesTo(String inputFormat) {
    return format == null || format.equals(inputFormat);
  }

  /** Whether it changes the whole file rather than a few bytes or one record. */
  boolean wholeFile() {
    return this == CR_LINE_ENDS || this == TRUNCATION || this == BYTE_ORDER_MARK;
  }

  abstract byte[] apply(byte[] bytes, String inputFormat, SplittableRandom random);

  /** {@code bytes} with {@code record} at the start of a random line. */
  static byte[] line(byte[] bytes, SplittableRandom random, String record) {
    return insert(bytes, lineStart(bytes, random), record.getBytes(UTF_8));
  }
}
