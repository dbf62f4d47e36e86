package io.zoopipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The logging set up in code, as the command line and its workers get it from logback. */
class LogSetupTest {
  @Test
  void theLevelComesFromItsNameInAnyCaseAndIsWarnOtherwise() {
    assertThat(LogSetup.level("info")).isEqualTo(Level.INFO);
    assertThat(LogSetup.level(" DEBUG ")).isEqualTo(Level.DEBUG);
    assertThat(LogSetup.level("off")).isEqualTo(Level.OFF);
    assertThat(LogSetup.level(null)).isEqualTo(Level.WARN);
    assertThat(LogSetup.level("")).isEqualTo(Level.WARN);
    assertThat(LogSetup.level("loud")).isEqualTo(Level.WARN);
  }

  @Test
  void aContextGetsOneStandardErrorAppenderWithTheLinePattern() {
    LoggerContext context = new LoggerContext();
    LogSetup setup = new LogSetup();
    setup.setContext(context);

    assertThat(setup.configure(context))
        .isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isNotNull();
    assertThat(root.getAppender("STDERR"))
        .isInstanceOfSatisfying(
            ConsoleAppender.class,
            appender -> {
              assertThat(appender.getTarget()).isEqualTo("System.err");
              assertThat(appender.isStarted()).isTrue();
            });
    context.stop();
  }

  @Test
  void aConfigurationFileTheUserNamesIsLeftToLogback() {
    LoggerContext context = new LoggerContext();
    LogSetup setup = new LogSetup();
    setup.setContext(context);
    String saved = System.getProperty("logback.configurationFile");
    System.setProperty("logback.configurationFile", "/somewhere/logback.xml");
    try {
      assertThat(setup.configure(context))
          .isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
      assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDERR"))
          .isNull();
    } finally {
      if (saved == null) {
        System.clearProperty("logback.configurationFile");
      } else {
        System.setProperty("logback.configurationFile", saved);
      }
      context.stop();
    }
  }

  @Test
  void logbackFindsItThroughTheServiceLoader() {
    assertThat(ServiceLoader.load(Configurator.class))
        .anySatisfy(found -> assertThat(found).isInstanceOf(LogSetup.class));
  }
}
