package io.zoopipe.format.parquet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * How a Parquet primitive column's physical values become Java values, by its logical type:
 * INT32/INT64 to {@code Integer}/{@code Long} (UINT_64 to {@code BigInteger}), FLOAT/DOUBLE,
 * BOOLEAN, STRING/ENUM/JSON to {@code String}, other binary to {@code byte[]}, DECIMAL to {@code
 * BigDecimal}, DATE to {@code LocalDate}, TIME to {@code LocalTime}, TIMESTAMP to {@code Instant}
 * (UTC-adjusted) or {@code LocalDateTime} (local), INT96 to {@code Instant}, UUID to {@code UUID}.
 * Stateless; thread-safe.
 */
final class ParquetValues {
  private static final long NANOS_PER_DAY = TimeUnit.DAYS.toNanos(1);
  private static final long JULIAN_EPOCH_DAY = 2_440_588;

  private ParquetValues() {}

  /** Converts the physical values of one column. */
  interface Decoder {
    default Object fromInt(int value) {
      return value;
    }

    default Object fromLong(long value) {
      return value;
    }

    default Object fromBinary(Binary value) {
      return value.getBytes();
    }
  }

  static Decoder decoder(PrimitiveType type) {
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    if (type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT96) {
      return new Decoder() {
        @Override
        public Object fromBinary(Binary value) {
          return int96(value);
        }
      };
    }
    if (logical == null) {
      return new Decoder() {};
    }
    if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
      return new Decoder() {
        @Override
        public Object fromBinary(Binary value) {
          return value.toStringUsingUTF8();
        }
      };
    }
    if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
      int scale = decimal.getScale();
      return new Decoder() {
        @Override
        public Object fromInt(int value) {
          return BigDecimal.valueOf(value, scale);
        }

        @Override
        public Object fromLong(long value) {
          return BigDecimal.valueOf(value, scale);
        }

        @Override
        public Object fromBinary(Binary value) {
          return new BigDecimal(new BigInteger(value.getBytes()), scale);
        }
      };
    }
    if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return new Decoder() {
        @Override
        public Object fromInt(int value) {
          return LocalDate.ofEpochDay(value);
        }
      };
    }
    if (logical instanceof TimeLogicalTypeAnnotation time) {
      long nanosPerUnit = nanosPerUnit(time.getUnit());
      return new Decoder() {
        @Override
        public Object fromInt(int value) {
          return LocalTime.ofNanoOfDay(value * nanosPerUnit);
        }

        @Override
        public Object fromLong(long value) {
          return LocalTime.ofNanoOfDay(value * nanosPerUnit);
        }
      };
    }
    if (logical instanceof TimestampLogicalTypeAnnotation timestamp) {
      long nanosPerUnit = nanosPerUnit(timestamp.getUnit());
      boolean utc = timestamp.isAdjustedToUTC();
      return new Decoder() {
        @Override
        public Object fromLong(long value) {
          long unitsPerSecond = 1_000_000_000L / nanosPerUnit;
          long seconds = Math.floorDiv(value, unitsPerSecond);
          long nanos = Math.floorMod(value, unitsPerSecond) * nanosPerUnit;
          Instant instant = Instant.ofEpochSecond(seconds, nanos);
          return utc ? instant : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
      };
    }
    if (logical instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
      return new Decoder() {
        @Override
        public Object fromBinary(Binary value) {
          ByteBuffer bytes = ByteBuffer.wrap(value.getBytes());
          return new UUID(bytes.getLong(), bytes.getLong());
        }
      };
    }
    if (logical instanceof IntLogicalTypeAnnotation integer && !integer.isSigned()) {
      return new Decoder() {
        @Override
        public Object fromInt(int value) {
          return integer.getBitWidth() == 32 ? Integer.toUnsignedLong(value) : value;
        }

        @Override
        public Object fromLong(long value) {
          return value >= 0 ? value : new BigInteger(Long.toUnsignedString(value));
        }
      };
    }
    return new Decoder() {};
  }

  static long nanosPerUnit(LogicalTypeAnnotation.TimeUnit unit) {
    return switch (unit) {
      case MILLIS -> 1_000_000L;
      case MICROS -> 1_000L;
      case NANOS -> 1L;
    };
  }

  /** A legacy INT96 timestamp: nanoseconds of the day, then the Julian day, little-endian. */
  private static Instant int96(Binary value) {
    ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    long nanosOfDay = bytes.getLong();
    long julianDay = Integer.toUnsignedLong(bytes.getInt());
    long epochDay = julianDay - JULIAN_EPOCH_DAY;
    return Instant.ofEpochSecond(Math.multiplyExact(epochDay, 86_400L))
        .plusNanos(Math.floorMod(nanosOfDay, NANOS_PER_DAY));
  }
}
