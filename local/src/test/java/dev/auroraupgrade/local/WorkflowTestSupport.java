package dev.auroraupgrade.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.auroraupgrade.rds.RdsLookup;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * What the end-to-end tests of the upgrade workflows share: the emulator (judged through moto, never through the
 * local layer), a fast input, starting and awaiting an execution of one state machine, and the Blue/Green
 * moments a test acts on (green appears, an approval is asked for, green's replica lag is published).
 */
abstract class WorkflowTestSupport {
    protected LocalEnvironment env;
    protected RdsClient rds;
    protected RdsLookup lookup;
    private final String machine;
    private final String executionPrefix;
    private final Duration runTimeout;

    WorkflowTestSupport(String machine, String executionPrefix, Duration runTimeout) {
        this.machine = machine;
        this.executionPrefix = executionPrefix;
        this.runTimeout = runTimeout;
    }

    @BeforeEach
    void emulator() {
        env = TestEmulator.get();
        rds = env.cleanRds();
        lookup = new RdsLookup(rds);
        env.statuses().setPendingPolls(1); // every loop checks at least twice
    }

    @AfterEach
    void grants() {
        env.iam().restoreAll();
    }

    /**
     * An input that polls every second (the older pollIntervalSeconds, and maxPollSeconds), at most ten times,
     * switches over automatically and may reboot the writer.
     */
    static Map<String, Object> input(String cluster, Object... kv) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("clusterIdentifier", cluster);
        in.put("switchoverPolicy", "AUTO");
        in.put("allowWriterReboot", true);
        in.put("pollIntervalSeconds", 1);
        in.put("maxPollSeconds", 1);
        in.put("maxPollAttempts", 10);
        for (int i = 0; i < kv.length; i += 2) {
            in.put((String) kv[i], kv[i + 1]);
        }
        return in;
    }

    LocalStepFunctions.Running start(Map<String, Object> input) {
        try {
            return env.start(machine, TestEmulator.uniqueId(executionPrefix), TestEmulator.JSON.writeValueAsString(input));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    LocalStepFunctions.Execution run(Map<String, Object> input) {
        return start(input).await(runTimeout);
    }

    static void assertSucceeded(LocalStepFunctions.Execution ex) {
        assertEquals("SUCCEEDED", ex.status(), () -> ex.error() + ": " + ex.cause());
    }

    DBCluster cluster(String id) {
        return lookup.cluster(id).orElseThrow(() -> new AssertionError("no cluster " + id));
    }

    /** The cluster's writer as moto holds it, or "none". */
    String writer(String id) {
        String writer = RdsLookup.writerOf(cluster(id));
        return writer == null ? "none" : writer;
    }

    /** The green cluster of the cluster's deployment, once the workflow (or its nested child) has created it. */
    String greenOf(String id) {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            var deployments = lookup.blueGreenBySource(cluster(id).dbClusterArn());
            if (!deployments.isEmpty()) {
                String target = deployments.get(0).target();
                return target.substring(target.lastIndexOf(':') + 1);
            }
            LocalStepFunctions.sleep(100);
        }
        throw new AssertionError("no Blue/Green deployment appeared for " + id);
    }

    /** The token of the approval request, once the execution (or its nested child) asks for it. */
    static String awaitToken(LocalStepFunctions.Running running) {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            var token = running.pendingTaskToken();
            if (token.isPresent()) {
                return token.get();
            }
            assertTrue(running.isRunning(), "the execution ended before asking for approval");
            LocalStepFunctions.sleep(200);
        }
        throw new AssertionError("no approval was requested");
    }

    /** AuroraBinlogReplicaLag of green's writer, with the dimensions RDS publishes it under (cluster, Role=WRITER). */
    void putLag(String green, double seconds, Instant at) {
        env.cloudWatch().putMetricData(r -> r.namespace("AWS/RDS").metricData(d -> d.metricName("AuroraBinlogReplicaLag")
                .dimensions(x -> x.name("DBClusterIdentifier").value(green), x -> x.name("Role").value("WRITER"))
                .value(seconds).timestamp(at)));
    }

    void putLag(String green, double seconds) {
        putLag(green, seconds, Instant.now());
    }

    /** An SQS queue subscribed to the notification topic, as an operator's subscriber would be. */
    protected String subscribeQueue() {
        software.amazon.awssdk.services.sqs.SqsClient sqs = sqs();
        String url = sqs.createQueue(r -> r.queueName(TestEmulator.uniqueId("notifications"))).queueUrl();
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        env.sns().subscribe(r -> r.topicArn(env.topicArn("NotificationTopic")).protocol("sqs").endpoint(arn));
        return url;
    }

    private software.amazon.awssdk.services.sqs.SqsClient sqs;

    /** SQS of the emulator, as the subscriber reads it (built on first use). */
    private software.amazon.awssdk.services.sqs.SqsClient sqs() {
        if (sqs == null) {
            sqs = software.amazon.awssdk.services.sqs.SqsClient.builder().endpointOverride(env.emulator())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local"))
                    .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();
        }
        return sqs;
    }

    /** "subject | message" of every notification the queue received that mentions the cluster. */
    protected java.util.List<String> notifications(String queueUrl, String cluster) throws java.io.IOException {
        software.amazon.awssdk.services.sqs.SqsClient sqs = sqs();
        java.util.List<String> sent = new java.util.ArrayList<>();
        java.util.List<software.amazon.awssdk.services.sqs.model.Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)).messages();
            for (var m : batch) {
                com.fasterxml.jackson.databind.JsonNode envelope = TestEmulator.JSON.readTree(m.body());
                String text = envelope.path("Subject").asText() + " | " + envelope.path("Message").asText();
                if (text.contains(cluster)) {
                    sent.add(text);
                }
            }
        } while (!batch.isEmpty());
        return sent;
    }
}
