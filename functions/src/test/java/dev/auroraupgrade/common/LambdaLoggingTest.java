package dev.auroraupgrade.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** What an operator reads in CloudWatch: one parseable JSON object per log line, with the invocation's context. */
class LambdaLoggingTest {
    @Test
    void logbackFindsTheConfigurationInTheJarAndWritesJsonLinesToStdout() {
        // This JVM's own Logback, started through the ServiceLoader entry in META-INF/services (no config file is set).
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.WARN, root.getLevel(), "libraries (the SDK) log warnings and errors only");
        ConsoleAppender<?> stdout = assertInstanceOf(ConsoleAppender.class, root.getAppender("stdout"));
        assertTrue(stdout.isStarted());
        assertInstanceOf(LambdaJsonEncoder.class, stdout.getEncoder());
    }

    @Test
    void theStackLevelAppliesToOurLoggers() {
        LoggerContext context = new LoggerContext();
        LambdaLogConfigurator.configure(context, Level.DEBUG);
        assertEquals(Level.DEBUG, context.getLogger("dev.auroraupgrade").getLevel());
        assertEquals(Level.WARN, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
    }

    @Test
    void aConfigurationFileReplacesIt() {
        LoggerContext context = new LoggerContext();
        LambdaLogConfigurator configurator = new LambdaLogConfigurator();
        configurator.setContext(context);
        System.setProperty(ClassicConstants.CONFIG_FILE_PROPERTY, "logback-local.xml");
        try {
            assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, configurator.configure(context));
        } finally {
            System.clearProperty(ClassicConstants.CONFIG_FILE_PROPERTY);
        }
        assertNull(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("stdout"));
        assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, configurator.configure(context));
        assertNotNull(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("stdout"), "without a file: ours");
    }

    @Test
    void aFreshContextGetsAStartedJsonAppenderOnTheRootLogger() {
        // The JVM's own Logback was configured before any test ran; this builds the configuration anew.
        LoggerContext context = new LoggerContext();
        LambdaLogConfigurator.configure(context, Level.INFO);
        ConsoleAppender<?> stdout = assertInstanceOf(ConsoleAppender.class,
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("stdout"));
        assertTrue(stdout.isStarted(), "an appender that is not started drops every line");
        assertSame(context, stdout.getContext());
        LambdaJsonEncoder encoder = assertInstanceOf(LambdaJsonEncoder.class, stdout.getEncoder());
        assertTrue(encoder.isStarted());
        assertSame(context, encoder.getContext());
    }

    @Test
    void anUnknownLevelFallsBackToInfo() {
        assertEquals(Level.DEBUG, LambdaLogConfigurator.level("debug"));
        assertEquals(Level.INFO, LambdaLogConfigurator.level("verbose"));
        assertEquals(Level.INFO, LambdaLogConfigurator.level(null));
    }

    @Test
    void aLineIsOneJsonObjectWithTheMessageFormattedAndTheInvocationFields() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LambdaJsonEncoder encoder = new LambdaJsonEncoder();
        encoder.setContext(context);
        encoder.start();
        MDC.put("function_request_id", "req-1");
        String line;
        try {
            LoggingEvent event = new LoggingEvent(getClass().getName(), context.getLogger("dev.auroraupgrade.X"), Level.INFO,
                    "check {}: status={}", new IllegalStateException("boom"), new Object[] {3, "a \"quoted\"\nvalue"});
            line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        } finally {
            MDC.clear();
        }
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line per event: " + line);
        JsonNode json = Json.MAPPER.readTree(line);
        assertEquals("INFO", json.get("level").asText());
        assertEquals("dev.auroraupgrade.X", json.get("loggerName").asText());
        assertEquals("check 3: status=a \"quoted\"\nvalue", json.get("formattedMessage").asText());
        assertEquals("req-1", json.get("mdc").get("function_request_id").asText());
        assertEquals("boom", json.get("throwable").get("message").asText());
        assertTrue(json.get("timestamp").asLong() > 0);
        assertNull(json.get("arguments"), "arguments are in formattedMessage, not repeated");
        java.util.Set<String> fields = new java.util.TreeSet<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertEquals(java.util.Set.of("timestamp", "level", "loggerName", "mdc", "formattedMessage", "throwable"), fields,
                "what a reader needs and nothing else (no sequence number, nanoseconds, thread, context or raw message)");
    }

    @Test
    void everyLineOfAnInvocationCarriesItsContextAndNothingLeaksToTheNext() throws Exception {
        JsonHandler<JsonNode, Map<String, String>> handler = new JsonHandler<>(JsonNode.class) {
            @Override
            protected Map<String, String> handle(JsonNode input, Context context) {
                if (input.has("fail")) {
                    throw new IllegalStateException("failed");
                }
                return MDC.getCopyOfContextMap();
            }
        };
        JsonHandler.COLD.set(true); // as in a new execution environment
        JsonNode first = invoke(handler, "req-1", "{}");
        assertEquals("true", first.get("cold_start").asText());
        assertEquals("req-1", first.get("function_request_id").asText());
        JsonNode second = invoke(handler, "req-2", "{}");
        assertEquals("req-2", second.get("function_request_id").asText());
        assertEquals("TestFunction", second.get("function_name").asText());
        assertEquals("false", second.get("cold_start").asText(), "only an environment's first invocation is cold");
        assertMdcEmpty();
        assertThrows(IllegalStateException.class, () -> invoke(handler, "req-3", "{\"fail\": true}"));
        assertMdcEmpty();
    }

    private static void assertMdcEmpty() {
        Map<String, String> after = MDC.getCopyOfContextMap();
        assertTrue(after == null || after.isEmpty(), "cleared after the invocation: " + after);
    }

    private static JsonNode invoke(JsonHandler<JsonNode, ?> handler, String requestId, String event) throws Exception {
        Context context = (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAwsRequestId" -> requestId;
                    case "getFunctionName" -> "TestFunction";
                    default -> null;
                });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, context);
        return Json.MAPPER.readTree(out.toByteArray());
    }
}
