package io.zoopipe.common.pipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zoopipe.common.adapter.csv.CsvInputAdapter;
import io.zoopipe.common.adapter.csv.CsvOptions;
import io.zoopipe.common.adapter.csv.CsvOutputAdapter;
import io.zoopipe.common.adapter.json.JsonFormat;
import io.zoopipe.common.adapter.json.JsonOutputAdapter;
import io.zoopipe.common.adapter.memory.MemoryInputAdapter;
import io.zoopipe.common.adapter.memory.MemoryOutputAdapter;
import io.zoopipe.common.executor.MultiThreadExecutor;
import io.zoopipe.common.executor.PipeExecutor;
import io.zoopipe.common.executor.SingleThreadExecutor;
import io.zoopipe.common.io.Location;
import io.zoopipe.common.report.PipeReport;
import io.zoopipe.common.report.PipeStatus;
import io.zoopipe.common.report.ProgressListener;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed row processors over real files: each row's outcome is its own. */
class RowProcessorTest {
  record Customer(@NotBlank String name, @Min(0) int age) {}

  record Card(String name, String greeting, int decade) {}

  /** Greets a customer; fails the unlucky, drops test rows, fails rows it cannot greet. */
  public static final class Greeting implements RowProcessor<Customer, Card> {
    @Override
    public Card process(Customer customer, RowContext context) {
      if (customer.age() == 13) {
        throw new IllegalArgumentException("unlucky age");
      }
      if (customer.name().startsWith("test")) {
        return context.drop();
      }
      if (customer.name().equals("anonymous")) {
        return context.fail("no one to greet");
      }
      return new Card(customer.name(), "Hello, " + customer.name() + "!", customer.age() / 10);
    }
  }

  @TempDir Path dir;

  @Test
  void aFailingRowGoesToTheErrorOutputAndTheOthersAreWritten() throws Exception {
    Path input =
        write(
            "customers.csv",
            "name,age\n",
            "ana,34\n",
            "bob,13\n",
            "test-user,50\n",
            " ,20\n",
            "anonymous,40\n",
            "cy,71\n");
    Path output = dir.resolve("cards.jsonl");
    Path errors = dir.resolve("errors.csv");

    PipeReport report = run(input, output, errors, new SingleThreadExecutor());

    assertThat(report.status()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(report.totalProcessed()).isEqualTo(6);
    assertThat(report.successCount()).isEqualTo(2);
    assertThat(report.errorCount()).isEqualTo(3);
    assertThat(report.droppedCount()).isEqualTo(1);
    assertThat(Files.readString(output))
        .isEqualTo(
            "{\"name\":\"ana\",\"greeting\":\"Hello, ana!\",\"decade\":3}\n"
                + "{\"name\":\"cy\",\"greeting\":\"Hello, cy!\",\"decade\":7}\n");
    List<String> errorLines = Files.readAllLines(errors);
    assertThat(errorLines).hasSize(4); // header and three rows, in input order
    assertThat(errorLines.get(1))
        .startsWith("bob,13,")
        .contains("java.lang.IllegalArgumentException: unlucky age");
    assertThat(errorLines.get(2)).startsWith(" ,20,").contains("NotBlank");
    assertThat(errorLines.get(3)).startsWith("anonymous,40,").contains("no one to greet");
  }

  @Test
  void manyThreadsWriteWhatOneThreadWrites() throws Exception {
    StringBuilder csv = new StringBuilder("name,age\n");
    for (int i = 0; i < 30_000; i++) {
      csv.append(i % 17 == 0 ? "test" + i : "c" + i).append(',').append(i % 100).append('\n');
    }
    Path input = write("many.csv", csv.toString());

    PipeReport one =
        run(input, dir.resolve("one.jsonl"), dir.resolve("one.csv"), new SingleThreadExecutor());
    PipeReport many =
        run(
            input,
            dir.resolve("many.jsonl"),
            dir.resolve("many.csv"),
            new MultiThreadExecutor(4, 700));

    assertThat(many.successCount()).isEqualTo(one.successCount());
    assertThat(many.errorCount()).isEqualTo(one.errorCount()).isEqualTo(300);
    assertThat(Files.readAllBytes(dir.resolve("many.jsonl")))
        .isEqualTo(Files.readAllBytes(dir.resolve("one.jsonl")));
    assertThat(Files.readAllBytes(dir.resolve("many.csv")))
        .isEqualTo(Files.readAllBytes(dir.resolve("one.csv")));
  }

  @Test
  void processorsChainWithHooksInRegistrationOrder() throws Exception {
    Path input = write("chain.csv", "name,age\n", "ana,34\n", "bob,41\n");
    MemoryOutputAdapter output = new MemoryOutputAdapter();
    Hook shout =
        (entries, store) -> {
          for (Entry entry : entries) {
            Card card = entry.validatedData(Card.class);
            entry.setValidatedData(new Card(card.name().toUpperCase(), card.greeting(), 0));
          }
          return entries;
        };

    PipeReport report =
        Pipe.builder()
            .input(new CsvInputAdapter(Location.of(input), CsvOptions.defaults()))
            .output(output)
            .schema(Customer.class)
            .processor(new Greeting())
            .postValidationHook(shout)
            .processor(Card.class, (card, context) -> card.name() + "@" + context.position())
            .build()
            .run(ProgressListener.NONE);

    assertThat(report.status()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(output.records()).containsExactly("ANA@0", "BOB@1");
  }

  @Test
  void withoutASchemaAProcessorTakesTheRawColumns() throws Exception {
    MemoryOutputAdapter output = new MemoryOutputAdapter();

    Pipe.builder()
        .input(new MemoryInputAdapter(List.of(Map.of("a", "1"), Map.of("a", "2"))))
        .output(output)
        .processor(Map.class, (row, context) -> "a=" + row.get("a"))
        .build()
        .run(ProgressListener.NONE);

    assertThat(output.records()).containsExactly("a=1", "a=2");
  }

  @Test
  void setupAndTeardownRunOnceAndTheStoreReachesEveryRow() throws Exception {
    Counting counting = new Counting();
    MemoryOutputAdapter output = new MemoryOutputAdapter();

    PipeReport report =
        Pipe.builder()
            .input(new MemoryInputAdapter(List.of(Map.of("name", "ana", "age", "3"))))
            .output(output)
            .schema(Customer.class)
            .processor(counting)
            .executor(new MultiThreadExecutor(2, 1))
            .build()
            .run(ProgressListener.NONE);

    assertThat(report.successCount()).isEqualTo(1);
    assertThat(output.records()).containsExactly("ana#1");
    assertThat(counting.setups).hasValue(1);
    assertThat(counting.teardowns).hasValue(1);
  }

  @Test
  void returningNullFailsTheRowNotThePipe() throws Exception {
    MemoryOutputAdapter errors = new MemoryOutputAdapter();

    PipeReport report =
        Pipe.builder()
            .input(new MemoryInputAdapter(List.of(Map.of("name", "ana", "age", "3"))))
            .output(new MemoryOutputAdapter())
            .errorOutput(errors)
            .schema(Customer.class)
            .processor(Customer.class, (customer, context) -> null)
            .build()
            .run(ProgressListener.NONE);

    assertThat(report.status()).isEqualTo(PipeStatus.COMPLETED);
    assertThat(report.errorCount()).isEqualTo(1);
    assertThat(errors.records()).hasSize(1);
    assertThat(errors.records().get(0).toString())
        .contains("returned null", "return context.drop()");
  }

  @Test
  void aPipelineExceptionFailsTheWholePipeNamingTheProcessor() throws Exception {
    PipeReport report =
        Pipe.builder()
            .input(new MemoryInputAdapter(List.of(Map.of("name", "ana", "age", "3"))))
            .output(new MemoryOutputAdapter())
            .schema(Customer.class)
            .processor(new Fatal())
            .build()
            .run(ProgressListener.NONE);

    assertThat(report.status()).isEqualTo(PipeStatus.FAILED);
    assertThat(report.exception())
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining(Fatal.class.getName())
        .hasMessageContaining("lookup service is gone");
  }

  @Test
  void buildRefusesAProcessorThatDoesNotTakeTheSchema() {
    Pipe.Builder builder =
        Pipe.builder()
            .input(new MemoryInputAdapter(List.of()))
            .output(new MemoryOutputAdapter())
            .schema(Card.class)
            .processor(new Greeting());

    assertThatThrownBy(builder::build)
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining(Greeting.class.getName())
        .hasMessageContaining("takes " + Customer.class.getName())
        .hasMessageContaining("schema " + Card.class.getName());
  }

  @Test
  void aProcessorCannotRunBeforeValidation() {
    assertThatThrownBy(() -> Pipe.builder().preValidationHook(RowProcessorHook.of(new Greeting())))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("takes validated rows");
  }

  @Test
  void theRowTypeIsReadFromTheClassDeclaration() {
    assertThat(RowProcessorHook.of(new Greeting()).rowType()).isEqualTo(Customer.class);
    assertThat(RowProcessorHook.of(new Inherited()).rowType()).isEqualTo(Customer.class);
    assertThat(RowProcessorHook.of(new RawColumns()).rowType()).isEqualTo(Map.class);
    RowProcessor<Customer, String> lambda = (customer, context) -> customer.name();
    assertThat(RowProcessorHook.of(lambda).rowType()).isEqualTo(Object.class);
    assertThat(RowProcessorHook.of(Customer.class, lambda).rowType()).isEqualTo(Customer.class);
  }

  @Test
  void aProcessorReadsNoRawColumnsUnlessItSaysSo() {
    Pipe pipe =
        Pipe.builder()
            .input(new MemoryInputAdapter(List.of()))
            .output(new MemoryOutputAdapter())
            .schema(Customer.class)
            .processor(new Greeting())
            .build();

    assertThat(pipe.columnsToDecode().names()).containsExactlyInAnyOrder("name", "age");
  }

  private PipeReport run(Path input, Path output, Path errors, PipeExecutor executor)
      throws InterruptedException {
    return Pipe.builder()
        .input(new CsvInputAdapter(Location.of(input), CsvOptions.defaults()))
        .output(new JsonOutputAdapter(Location.of(output), JsonFormat.JSONL))
        .errorOutput(new CsvOutputAdapter(Location.of(errors), CsvOptions.defaults()))
        .schema(Customer.class)
        .processor(new Greeting())
        .executor(executor)
        .build()
        .run(ProgressListener.NONE);
  }

  private Path write(String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, String.join("", lines), StandardCharsets.UTF_8);
    return file;
  }

  /** Counts its setups and teardowns; names each row with a value set up in the store. */
  static final class Counting implements RowProcessor<Customer, String> {
    final AtomicInteger setups = new AtomicInteger();
    final AtomicInteger teardowns = new AtomicInteger();

    @Override
    public void setup(HookStore store) {
      setups.incrementAndGet();
      store.put("suffix", "#1");
    }

    @Override
    public String process(Customer customer, RowContext context) {
      return customer.name() + context.store().require("suffix", String.class);
    }

    @Override
    public void teardown(HookStore store) {
      teardowns.incrementAndGet();
    }
  }

  static final class Fatal implements RowProcessor<Customer, Customer> {
    @Override
    public Customer process(Customer customer, RowContext context) {
      throw new PipelineException(ErrorKind.HOOK, "lookup service is gone");
    }
  }

  interface CustomerProcessor<O> extends RowProcessor<Customer, O> {}

  abstract static class Base implements CustomerProcessor<String> {}

  static final class Inherited extends Base {
    @Override
    public String process(Customer customer, RowContext context) {
      return customer.name();
    }
  }

  static final class RawColumns implements RowProcessor<Map<String, Object>, String> {
    @Override
    public String process(Map<String, Object> row, RowContext context) {
      return row.toString();
    }
  }
}
