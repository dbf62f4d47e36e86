package io.zoopipe.common.pipe;

/**
 * Typed custom logic for one row at a time, after validation: it receives the row as the schema's
 * type and returns what is written in its place, so user code needs no casts. Registered with
 * {@link Pipe.Builder#processor(RowProcessor)}; it runs in registration order with the
 * post-validation {@link Hook}s, and the pipe adapts it to a hook ({@link RowProcessorHook}).
 *
 * <pre>{@code
 * public final class HashEmail implements RowProcessor<UserSchema, UserSchema> {
 *   public UserSchema process(UserSchema user, RowContext context) {
 *     if (user.email().endsWith("@example.com")) {
 *       return context.fail("example addresses are not allowed");
 *     }
 *     return user.withEmail(sha256(user.email()));
 *   }
 * }
 * }</pre>
 *
 * <p>Contract. {@link #process} is called once for each row still on its way (validated, or added
 * by a hook), never for a row that failed or was dropped before it. Its row is the validated
 * object, or the raw data ({@code Map<String, Object>}) in a pipe without a schema; the return
 * value replaces it, and may be of another type (what the next step sees and the output writes).
 * The outcome of each row is its own: returning a value writes it; {@code return context.drop()}
 * drops the row; {@code return context.fail("reason")} sends only this row to the error output (a
 * {@code hook} violation with that reason), and so does throwing an exception (a violation naming
 * the exception); the other rows go on. Returning null fails the row too. Only a {@link
 * PipelineException} or an {@link Error} fails the whole pipe. A processor returns a new value
 * rather than changing the row it was given, so that a failed row is left as it was read.
 *
 * <p>Thread-safety. {@code process} is called from several threads at once (one batch per thread),
 * so an implementation is stateless or keeps thread-safe state; {@link #setup} runs once per run
 * before the first row and {@link #teardown} once after the last, always, as for a hook. Several
 * runs of one pipe share the instance and call {@code setup} each with their own store.
 *
 * <p>To travel to a worker JVM a processor needs a public no-argument constructor and a public
 * top-level or static nested class: it is named by class, wherever a hook class name goes, and
 * instantiated there. Its row type is read from the class's {@code RowProcessor<S, O>} type
 * arguments; when they cannot be read (a lambda, a generic subclass), give the type with {@link
 * Pipe.Builder#processor(Class, RowProcessor)}.
 *
 * @param <S> the row type it receives: the schema class, or what the step before it produces
 * @param <O> the type it returns, written in the row's place
 */
@FunctionalInterface
public interface RowProcessor<S, O> {

  /** Called once per run before the first row; shared state goes into {@code store}. */
  default void setup(HookStore store) {}

  /**
   * Processes one row and returns what goes on in its place.
   *
   * @param row the validated row (never null)
   * @param context where the row came from, its batch's store, and the way to drop or fail it;
   *     valid during this call
   * @throws Exception fails this row only (see the class comment for the exceptions that fail the
   *     pipe)
   */
  O process(S row, RowContext context) throws Exception;

  /** Called once per run after the last row, also when the run fails or is shut down. */
  default void teardown(HookStore store) {}

  /**
   * The raw columns this processor reads through {@link RowContext#rawData()}. The default, none,
   * suits a processor that reads only its typed row and keeps column pruning on; one that reads raw
   * columns names them.
   */
  default ColumnSet requiredColumns() {
    return ColumnSet.none();
  }
}
