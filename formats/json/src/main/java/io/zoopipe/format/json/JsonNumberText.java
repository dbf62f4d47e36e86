package io.zoopipe.format.json;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * A JSON number too large for a double (such as {@code 1e999999}), kept as the text it was read as:
 * JSON output writes that text back as a number and CSV output writes it as the field's text, so
 * the value is neither spelled out in plain notation nor lost. Its numeric views are those of the
 * text ({@link #doubleValue()} is infinite). Immutable; thread-safe.
 */
@JsonSerialize(using = JsonNumberText.Serializer.class)
public final class JsonNumberText extends Number {
  private static final long serialVersionUID = 1L;

  private final String text;

  /**
   * @param text a JSON number, as read
   */
  public JsonNumberText(String text) {
    this.text = requireNonNull(text, "text is null");
  }

  /** The number's value; exact, but may be huge in plain notation. */
  public BigDecimal decimalValue() {
    return new BigDecimal(text);
  }

  @Override
  public int intValue() {
    return (int) doubleValue();
  }

  @Override
  public long longValue() {
    return (long) doubleValue();
  }

  @Override
  public float floatValue() {
    return (float) doubleValue();
  }

  @Override
  public double doubleValue() {
    return Double.parseDouble(text);
  }

  /** The number's text as read. */
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof JsonNumberText that && text.equals(that.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** Writes the text as a JSON number. */
  static final class Serializer extends StdSerializer<JsonNumberText> {
    private static final long serialVersionUID = 1L;

    Serializer() {
      super(JsonNumberText.class);
    }

    @Override
    public void serialize(
        JsonNumberText value, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      generator.writeNumber(value.text);
    }
  }
}
