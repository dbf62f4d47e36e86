package io.zoopipe.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;

/**
 * How the command line and its worker JVMs log, set up in code: one line per event on standard
 * error ({@code 14:27:27.283 INFO [thread] logger - message}), at the level of {@value
 * #LEVEL_VARIABLE} ({@code WARN} when unset; row problems go to the error output, not the log).
 * Logback finds it through {@code META-INF/services}, before its own configurators: parsing a
 * {@code logback.xml} loaded an XML parser and 500 classes of logback's configuration framework,
 * about half of what {@code zoopipe --version} took. A {@code -Dlogback.configurationFile} given by
 * the user is still honoured (logback's own configurator reads it).
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
  /** Environment variable with the log level: TRACE, DEBUG, INFO, WARN, ERROR or OFF. */
  public static final String LEVEL_VARIABLE = "ZOOPIPE_LOG_LEVEL";

  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n";

  /** For the service loader. */
  public LogSetup() {}

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setContext(context);
    appender.setName("STDERR");
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(level(System.getenv(LEVEL_VARIABLE)));
    root.addAppender(appender);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /** The level named by {@code name} (any case), else WARN. */
  static Level level(String name) {
    if (name == null || name.isBlank()) {
      return Level.WARN;
    }
    return Level.toLevel(name.strip().toUpperCase(Locale.ROOT), Level.WARN);
  }
}
