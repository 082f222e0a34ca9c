package dev.auroraupgrade.common;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The functions' logging, found by Logback through the ServiceLoader: JSON lines ({@link LambdaJsonEncoder}) on
 * stdout, which Lambda sends to CloudWatch Logs; our loggers at the stack's LOG_LEVEL (default INFO), the
 * libraries' at WARN. In code rather than a logback.xml because parsing XML costs about 65 ms of a cold start.
 * A {@code logback.configurationFile} (the local layer's logback-local.xml) replaces it.
 */
public class LambdaLogConfigurator extends ContextAwareBase implements Configurator {
    static final String LEVEL_SETTING = "LOG_LEVEL";

    @Override
    public ExecutionStatus configure(LoggerContext loggerContext) {
        if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configure(loggerContext, level(Settings.get(LEVEL_SETTING)));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static void configure(LoggerContext loggerContext, Level ourLevel) {
        LambdaJsonEncoder encoder = new LambdaJsonEncoder();
        encoder.setContext(loggerContext);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(loggerContext);
        stdout.setName("stdout");
        stdout.setEncoder(encoder);
        stdout.start();
        Logger root = loggerContext.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stdout);
        loggerContext.getLogger("dev.auroraupgrade").setLevel(ourLevel);
    }

    /** A level name (TRACE, DEBUG, INFO, WARN, ERROR, OFF); INFO when unset or not a level name. */
    static Level level(String name) {
        return Level.toLevel(name, Level.INFO);
    }
}
