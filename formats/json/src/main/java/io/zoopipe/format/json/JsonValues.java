package io.zoopipe.format.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.zoopipe.common.pipe.ColumnSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The shared Jackson configuration and the value reader of the JSON adapters. Values are read into
 * Jackson's natural Java types: {@link LinkedHashMap} (key order kept; a repeated key keeps its
 * first place and its last value), {@link ArrayList}, {@link String}, {@link Integer}, {@link Long}
 * or {@link java.math.BigInteger} (the smallest that fits), {@link Double} for numbers with a
 * fraction or exponent ({@link JsonNumberText}, the number's text, when a double would overflow to
 * infinity), {@link Boolean} and null. Thread-safe.
 */
final class JsonValues {
  /**
   * Writes java.time values as ISO-8601 strings, BigDecimal in plain notation, Optional as its
   * value or null, an object without properties as {@code {}} rather than failing, and characters
   * outside the Basic Multilingual Plane (emoji) as UTF-8 rather than as escaped surrogates.
   */
  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .addModule(new Jdk8Module())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
          .build();

  static final JsonFactory FACTORY = MAPPER.getFactory();

  private JsonValues() {}

  /**
   * Reads the object whose {@link JsonToken#START_OBJECT} is the parser's current token, up to and
   * including its end. Members whose name {@code columns} does not contain are skipped unread.
   */
  static Map<String, Object> readObject(JsonParser parser, ColumnSet columns) throws IOException {
    Map<String, Object> object = new LinkedHashMap<>();
    for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
      JsonToken token = parser.nextToken();
      if (columns.contains(name)) {
        object.put(name, readValue(parser, token));
      } else {
        parser.skipChildren();
      }
    }
    return object;
  }

  /** Reads the value that starts at {@code token}, the parser's current token. */
  static @Nullable Object readValue(JsonParser parser, @Nullable JsonToken token)
      throws IOException {
    if (token == null) {
      throw new JsonParseException(parser, "Unexpected end-of-input: expected a value");
    }
    return switch (token) {
      case START_OBJECT -> readObject(parser, ColumnSet.all());
      case START_ARRAY -> readArray(parser);
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getNumberValue();
      case VALUE_NUMBER_FLOAT -> {
        double value = parser.getDoubleValue();
        // Beyond a double: keep the text, which any output can write back as it was read.
        yield Double.isInfinite(value) ? new JsonNumberText(parser.getText()) : (Object) value;
      }
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      case VALUE_NULL -> null;
      default -> throw new JsonParseException(parser, "Unexpected token " + token);
    };
  }

  private static List<@Nullable Object> readArray(JsonParser parser) throws IOException {
    List<@Nullable Object> array = new ArrayList<>();
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      array.add(readValue(parser, token));
    }
    return array;
  }

  /** "an object", "a string", ...: what the value starting at {@code token} is, for messages. */
  static String kindOf(JsonToken token) {
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> "the token " + token;
    };
  }

  /** The value as compact JSON, for the raw text of a record that is not an object. */
  static String toJson(@Nullable Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      // Cannot happen for values read by readValue, which are all plain JSON types.
      throw new IllegalStateException("cannot write a value read from JSON", e);
    }
  }

  /**
   * Jackson's description of a parse problem without the source references it sometimes embeds, on
   * one line.
   */
  static String describeProblem(@Nullable String jacksonMessage) {
    if (jacksonMessage == null || jacksonMessage.isBlank()) {
      return "malformed JSON";
    }
    String message = jacksonMessage;
    int source = message.indexOf("[Source:");
    if (source >= 0) {
      // "... (start marker at [Source: ...])", "... (for Array starting at [Source: ...])"
      int aside = message.lastIndexOf(" (", source);
      message = message.substring(0, aside >= 0 ? aside : source);
    }
    return message.replaceAll("\\s+", " ").strip();
  }
}
