package dev.auroraupgrade.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.auroraupgrade.common.RunMetrics;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.EnvironmentProvider;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;
import software.amazon.lambda.powertools.metrics.internal.EmfMetricsLogger;

/**
 * The functions' metrics as Lambda would see them, for handlers that run in this JVM: in Lambda the EMF library
 * prints each EMF document to stdout, which goes to the function's log. Here the same library serializes the same
 * document, and it is kept with the invocation that wrote it ({@link LocalLambdaEndpoint#metricLines()}) instead of
 * one stdout that every handler thread shares. Only where the line goes differs.
 */
public final class LocalMetrics {
    /** An EMF line as the function logged it. */
    public record Line(String function, String json) {
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * One line for a person: the function, each metric with its value and unit, and the dimension sets with their
     * values, as CloudWatch would extract them from the EMF document.
     */
    public static String describe(Line line) {
        try {
            var doc = JSON.readTree(line.json());
            StringBuilder s = new StringBuilder(String.format("%-36s", line.function()));
            for (var directive : doc.path("_aws").path("CloudWatchMetrics")) {
                for (var metric : directive.path("Metrics")) {
                    String name = metric.path("Name").asText();
                    var v = doc.path(name);
                    String value = v.isNumber() && v.asDouble() == Math.rint(v.asDouble()) ? String.valueOf(v.asLong())
                            : v.isValueNode() ? v.asText() : v.toString();
                    s.append(' ').append(name).append('=').append(value).append(' ')
                            .append(metric.path("Unit").asText());
                }
                for (var set : directive.path("Dimensions")) {
                    List<String> dims = new java.util.ArrayList<>();
                    set.forEach(d -> dims.add(d.asText() + "=" + doc.path(d.asText()).asText()));
                    s.append("  [").append(String.join(", ", dims)).append(']');
                }
            }
            return s.toString();
        } catch (JsonProcessingException e) {
            return line.function() + " " + line.json();
        }
    }

    private static final ThreadLocal<List<Line>> INVOCATION = new ThreadLocal<>();

    private static final ISink SINK = new ISink() {
        @Override
        public void accept(MetricsContext context) {
            List<Line> lines = INVOCATION.get();
            if (lines == null) {
                return; // a handler called outside the local Lambda endpoint: nothing reads its log
            }
            try {
                for (String line : context.serialize()) {
                    lines.add(new Line(IamEnforcer.currentFunction(), line));
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("EMF document not serialized", e);
            }
        }

        @Override
        public CompletableFuture<Void> shutdown() {
            return CompletableFuture.completedFuture(null);
        }
    };

    private static final Environment LOCAL = new Environment() {
        @Override
        public boolean probe() {
            return true;
        }

        @Override
        public String getName() {
            return "local";
        }

        @Override
        public String getType() {
            return "AWS::Lambda::Function";
        }

        @Override
        public String getLogGroupName() {
            return "local";
        }

        @Override
        public void configureContext(MetricsContext context) {
        }

        @Override
        public ISink getSink() {
            return SINK;
        }
    };

    /** The environment is this JVM: no probe of the EC2 or ECS metadata endpoints. */
    private static final EnvironmentProvider PROVIDER = new EnvironmentProvider() {
        @Override
        public CompletableFuture<Environment> resolveEnvironment() {
            return CompletableFuture.completedFuture(LOCAL);
        }
    };

    static {
        RunMetrics.useProvider(() -> new EmfMetricsLogger(PROVIDER, new MetricsContext()));
    }

    private LocalMetrics() {
    }

    /** Installs the local metrics provider (once per JVM). */
    static void install() {
        // the static initializer does it
    }

    /** Runs a handler; what it publishes is added to {@code lines}. */
    static void during(List<Line> lines, Runnable handler) {
        INVOCATION.set(lines);
        try {
            handler.run();
        } finally {
            INVOCATION.remove();
        }
    }
}
