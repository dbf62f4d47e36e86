package io.zoopipe.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates realistic sample users as CSV, deterministically from a seed: the 9-column file of the
 * convert benchmark and the demo (~340 bytes a row), and the 28-column file of the heavy-ETL
 * benchmark (~700 bytes a row). About {@code invalidRate} of the rows are invalid (a blank
 * username, a malformed email, or in the narrow file a bad age). Some fields need quoting (commas,
 * doubled quotes, and rarely a newline inside a bio), as real exports do. Not thread-safe.
 */
public final class SampleUsers {
  public static final List<String> NARROW_COLUMNS =
      List.of(
          "user_id",
          "username",
          "email",
          "first_name",
          "last_name",
          "age",
          "city",
          "country",
          "bio");

  public static final List<String> WIDE_COLUMNS =
      List.of(
          "user_id",
          "username",
          "email",
          "first_name",
          "last_name",
          "date_of_birth",
          "phone",
          "street_address",
          "city",
          "state",
          "postal_code",
          "country",
          "company",
          "job_title",
          "department",
          "salary",
          "currency",
          "iban",
          "ip_address",
          "mac_address",
          "website",
          "signup_date",
          "last_login",
          "status",
          "language",
          "timezone",
          "bio",
          "user_agent");

  private static final String[] FIRST = {
    "Ana", "Bruno", "Chloé", "Dmitri", "Elif", "Farah", "Gustavo", "Hana", "Ingrid", "José",
    "Kenji", "Léa", "Mateo", "Nia", "Olga", "Priya", "Quentin", "Rosa", "Søren", "Tomás"
  };
  private static final String[] LAST = {
    "García",
    "Müller",
    "Okafor",
    "Rossi",
    "Nakamura",
    "Silva",
    "Novak",
    "Dubois",
    "Kowalski",
    "Haddad",
    "Larsen",
    "O'Brien",
    "Petrov",
    "Schmidt",
    "Yilmaz",
    "Zhang"
  };
  private static final String[] CITIES = {
    "Lisbon",
    "Berlin",
    "Lagos",
    "Rome",
    "Osaka",
    "São Paulo",
    "Prague",
    "Lyon",
    "Kraków",
    "Beirut",
    "Aarhus",
    "Dublin",
    "Sofia",
    "Hamburg",
    "Izmir",
    "Chengdu"
  };
  private static final String[] COUNTRIES = {
    "PT", "DE", "NG", "IT", "JP", "BR", "CZ", "FR", "PL", "LB", "DK", "IE", "BG", "TR", "CN"
  };
  private static final String[] DOMAINS = {
    "example.com", "mail.example.org", "corp.example.net", "example.io"
  };
  private static final String[] JOBS = {
    "Data Engineer",
    "Accountant",
    "Nurse",
    "Teacher",
    "Product Manager",
    "Designer, UX",
    "Site Reliability Engineer",
    "Sales Lead"
  };
  private static final String[] WORDS = {
    "loves",
    "hiking",
    "data",
    "pipelines",
    "coffee",
    "and",
    "long",
    "walks",
    "\"quoted\"",
    "music",
    "chess",
    "travel",
    "open-source",
    "gardening",
    "photography",
    "cycling,",
    "reading",
    "cooking",
    "films",
    "the",
    "sea"
  };
  private static final String[] AGENTS = {
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0"
  };

  private final SplittableRandom random;
  private final boolean wide;
  private final double invalidRate;
  private final StringBuilder line = new StringBuilder(1024);

  public SampleUsers(long seed, boolean wide, double invalidRate) {
    if (invalidRate < 0 || invalidRate > 1) {
      throw new IllegalArgumentException("invalid rate must be in [0, 1], got " + invalidRate);
    }
    this.random = new SplittableRandom(seed);
    this.wide = wide;
    this.invalidRate = invalidRate;
  }

  public List<String> columns() {
    return wide ? WIDE_COLUMNS : NARROW_COLUMNS;
  }

  /** Writes a header and {@code rows} rows as UTF-8 CSV; does not close {@code out}. */
  public void write(OutputStream out, long rows) throws IOException {
    Writer writer =
        new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    writer.write(String.join(",", columns()));
    writer.write('\n');
    for (long i = 0; i < rows; i++) {
      writer.append(row(i));
    }
    writer.flush();
  }

  /** One CSV row, newline included. */
  CharSequence row(long index) {
    line.setLength(0);
    String first = pick(FIRST);
    String last = pick(LAST);
    String username = (first + "." + last + (index % 1000)).replace("'", "");
    String email = username.toLowerCase(java.util.Locale.ROOT) + "@" + pick(DOMAINS);
    String age = Integer.toString(18 + random.nextInt(70));
    if (random.nextDouble() < invalidRate) {
      switch (random.nextInt(wide ? 4 : 5)) {
        case 0 -> username = "   ";
        case 1 -> email = email.replace("@", "");
        case 2 -> email = email.replace("@", "@@");
        case 3 -> email = " " + email.replace("@", " @");
        default -> age = random.nextBoolean() ? "-" + age : "unknown";
      }
    }
    field(String.format("%016x", random.nextLong()));
    field(username);
    field(email);
    field(first);
    field(last);
    if (wide) {
      field(date(1950, 2005));
      field("+" + (1 + random.nextInt(98)) + " " + (100_000_000 + random.nextInt(899_999_999)));
      field((1 + random.nextInt(300)) + " " + pick(LAST) + " Street, Apt " + random.nextInt(90));
      field(pick(CITIES));
      field("Region " + (char) ('A' + random.nextInt(26)));
      field(Integer.toString(10_000 + random.nextInt(89_999)));
      field(pick(COUNTRIES));
      field(pick(LAST) + " & " + pick(LAST) + " Ltd");
      field(pick(JOBS));
      field("Dept " + random.nextInt(40));
      field(Integer.toString(25_000 + random.nextInt(150_000)));
      field("EUR");
      field(
          pick(COUNTRIES)
              + random.nextInt(100)
              + " "
              + (1000 + random.nextInt(8999))
              + " "
              + (1000 + random.nextInt(8999))
              + " "
              + (1000 + random.nextInt(8999)));
      field(
          random.nextInt(256)
              + "."
              + random.nextInt(256)
              + "."
              + random.nextInt(256)
              + "."
              + random.nextInt(256));
      field(
          String.format(
              "%02x:%02x:%02x:%02x:%02x:%02x",
              random.nextInt(256),
              random.nextInt(256),
              random.nextInt(256),
              random.nextInt(256),
              random.nextInt(256),
              random.nextInt(256)));
      field(
          "https://www."
              + last.toLowerCase(java.util.Locale.ROOT).replace("'", "")
              + ".example.com/");
      field(
          date(2015, 2024)
              + "T"
              + String.format("%02d:%02d:00Z", random.nextInt(24), random.nextInt(60)));
      field(
          date(2024, 2025)
              + "T"
              + String.format("%02d:%02d:00Z", random.nextInt(24), random.nextInt(60)));
      field(random.nextInt(10) == 0 ? "inactive" : "active");
      field(random.nextBoolean() ? "en" : "pt");
      field("Europe/" + pick(CITIES).replace(' ', '_'));
      field(bio(32));
      field(pick(AGENTS));
    } else {
      field(age);
      field(pick(CITIES));
      field(pick(COUNTRIES));
      field(bio(33));
    }
    line.setCharAt(line.length() - 1, '\n');
    return line;
  }

  private String bio(int words) {
    StringBuilder bio = new StringBuilder(words * 8);
    bio.append("I ");
    for (int i = 0; i < words; i++) {
      bio.append(pick(WORDS)).append(' ');
    }
    if (random.nextInt(1000) == 0) {
      bio.append("\nsecond line");
    }
    return bio.toString().strip();
  }

  private String date(int fromYear, int toYear) {
    return String.format(
        "%04d-%02d-%02d",
        fromYear + random.nextInt(toYear - fromYear + 1),
        1 + random.nextInt(12),
        1 + random.nextInt(28));
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  private void field(String value) {
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0;
    if (quote) {
      line.append('"').append(value.replace("\"", "\"\"")).append('"');
    } else {
      line.append(value);
    }
    line.append(',');
  }
}
