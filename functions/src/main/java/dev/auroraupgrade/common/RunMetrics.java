package dev.auroraupgrade.common;

import dev.auroraupgrade.workflow.StepTiming;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;
import software.amazon.lambda.powertools.metrics.provider.MetricsProvider;

/**
 * The workflows' CloudWatch metrics, in the Embedded Metric Format through Powertools (one EMF log line per
 * {@link #publish} call; CloudWatch Logs extracts the metrics, no PutMetricData call or permission). Every metric
 * has the dimension set [Workflow]; a run's metrics also [Workflow, ClusterIdentifier] (one value per cluster, and a
 * metric costs only in the hours it is published), steps [Workflow, Step] and failures [Workflow, Error]. Metrics
 * never fail a step: a publishing error is logged and dropped.
 */
public final class RunMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(RunMetrics.class);
    /** The namespace setting (template.yaml, Globals), read by Powertools in Lambda and here by {@link Settings}. */
    static final String NAMESPACE_SETTING = "POWERTOOLS_METRICS_NAMESPACE";
    /** Set in Lambda (Globals): the EMF library writes to stdout without probing for EC2 or ECS. */
    static final String EMF_ENVIRONMENT = "AWS_EMF_ENVIRONMENT";
    public static final String WORKFLOW = "Workflow";
    public static final String CLUSTER = "ClusterIdentifier";
    public static final String STEP = "Step";
    public static final String ERROR = "Error";
    public static final String FLEET = "fleet";

    /**
     * Where an EMF document is built and written: Powertools' own (stdout, as the EMF library's Lambda environment
     * writes it), or the local layer's. A fresh instance per document: MetricsFactory's shared one keeps an entry per
     * X-Ray trace id until a flush, which a document flushed on its own never removes.
     */
    private static volatile MetricsProvider provider = new EmfMetricsProvider();
    private static volatile boolean localProvider;

    private RunMetrics() {
    }

    /**
     * Where the EMF lines go outside Lambda (the local layer): without it, and without {@link #EMF_ENVIRONMENT}, the
     * EMF library would probe the EC2 and ECS metadata endpoints, so nothing is published.
     */
    public static void useProvider(MetricsProvider local) {
        provider = local;
        localProvider = true;
    }

    /** One EMF document: [Workflow] and, when the cluster is known, [Workflow, ClusterIdentifier]; then what {@code add} puts. */
    public static void publish(String workflow, String cluster, Consumer<Metrics> add) {
        if (!localProvider && System.getenv(EMF_ENVIRONMENT) == null) {
            return;
        }
        try {
            String namespace = Settings.get(NAMESPACE_SETTING);
            if (namespace == null) {
                return;
            }
            Metrics m = provider.getMetricsInstance();
            m.setNamespace(namespace);
            // Default dimensions replace the EMF library's own (LogGroup, ServiceName, ServiceType per function).
            m.setDefaultDimensions(DimensionSet.of(WORKFLOW, workflow));
            if (cluster != null && !cluster.isBlank()) {
                m.addDimension(DimensionSet.of(WORKFLOW, workflow, CLUSTER, cluster));
                m.addMetadata(CLUSTER, cluster);
            }
            add.accept(m);
            m.flush();
        } catch (RuntimeException e) {
            LOG.warn("metrics not published: {}", e.toString());
        }
    }

    /** A count of 1 under [Workflow], [Workflow, ClusterIdentifier] and, when named, [Workflow, Error]. */
    public static void count(String workflow, String cluster, String metric, String error) {
        publish(workflow, cluster, m -> {
            if (error != null) {
                m.addDimension(DimensionSet.of(WORKFLOW, workflow, ERROR, error));
                m.addMetadata(ERROR, error);
            }
            m.addMetric(metric, 1, MetricUnit.COUNT);
        });
    }

    /** A finished run: Succeeded, each measured interruption (null: not measured), each step's duration. */
    public static void succeeded(String workflow, String cluster, Map<String, Long> seconds, List<StepTiming> steps) {
        publish(workflow, cluster, m -> {
            m.addMetric("Succeeded", 1, MetricUnit.COUNT);
            seconds.forEach((name, value) -> {
                if (value != null) {
                    m.addMetric(name, value, MetricUnit.SECONDS);
                }
            });
        });
        steps(workflow, cluster, steps);
    }

    /**
     * Each step's duration as the run's timeline measures it (from its action to the check that saw it ready), under
     * [Workflow, Step] only: steps times clusters would be many metrics for little.
     */
    public static void steps(String workflow, String cluster, List<StepTiming> steps) {
        for (StepTiming s : steps) {
            publish(workflow, null, m -> {
                m.addDimension(DimensionSet.of(WORKFLOW, workflow, STEP, s.step()));
                if (cluster != null) {
                    m.addMetadata(CLUSTER, cluster);
                }
                m.addMetadata("action", s.action());
                m.addMetric("StepDuration", s.durationSeconds(), MetricUnit.SECONDS);
            });
        }
    }

    /**
     * SnapStart priming: serializes one EMF document without writing it (no environment is resolved, which outside
     * Lambda would probe for EC2).
     */
    static void prime() {
        try {
            var context = new software.amazon.cloudwatchlogs.emf.model.MetricsContext();
            context.setNamespace("Priming");
            context.putDimension(software.amazon.cloudwatchlogs.emf.model.DimensionSet.of(WORKFLOW, "priming"));
            context.putMetric("Priming", 1, software.amazon.cloudwatchlogs.emf.model.Unit.COUNT);
            context.serialize();
        } catch (Exception e) {
            LOG.debug("metrics priming: {}", e.toString());
        }
    }
}
