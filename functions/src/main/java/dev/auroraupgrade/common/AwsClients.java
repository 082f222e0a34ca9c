package dev.auroraupgrade.common;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Builds each AWS client once per Lambda container (and once per SnapStart snapshot).
 * Region comes from AWS_REGION; endpoint overrides come from the SDK's own AWS_ENDPOINT_URL support.
 */
public final class AwsClients {
    private AwsClients() {
    }

    /** The shared RDS client, built on first use. */
    public static RdsClient rds() {
        return RdsHolder.CLIENT;
    }

    /** The shared CloudWatch client (replica lag metrics). */
    public static CloudWatchClient cloudWatch() {
        return CloudWatchHolder.CLIENT;
    }

    /** The shared SNS client (approval requests). */
    public static SnsClient sns() {
        return SnsHolder.CLIENT;
    }

    /** The shared Step Functions client (the fleet's failure budget reads its children's executions). */
    public static SfnClient sfn() {
        return SfnHolder.CLIENT;
    }

    /** The shared SSM client (Parameter Store: each cluster's last rehearsal). */
    public static SsmClient ssm() {
        return SsmHolder.CLIENT;
    }

    /** The shared S3 client (the fleet's table as CSV, in the stack's report bucket). */
    public static S3Client s3() {
        return S3Holder.CLIENT;
    }

    /** The shared STS client (an organization-wide fleet assumes member roles with it). */
    public static StsClient sts() {
        return StsHolder.CLIENT;
    }

    /**
     * Member-account clients as AWS builds them: like the shared ones (this configuration, the SDK's own endpoint
     * resolution), in the member's Region and with the member role's credentials. {@link MemberClients} caches them.
     */
    public static MemberClients.Factory members() {
        return new MemberClients.Factory() {
            @Override
            public RdsClient rds(AwsCredentialsProvider credentials, String region) {
                return RdsClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(region))
                        .credentialsProvider(credentials).overrideConfiguration(config()).build();
            }

            @Override
            public SfnClient sfn(AwsCredentialsProvider credentials, String region) {
                return SfnClient.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.of(region))
                        .credentialsProvider(credentials).overrideConfiguration(config()).build();
            }
        };
    }

    /** One priming request per client built so far (each holder adds its own when it builds its client). */
    private static final List<Runnable> PRIMERS = new CopyOnWriteArrayList<>();

    /**
     * Primes every client built so far (SnapStart): one request each, marshalled and signed, never sent. A handler
     * builds its clients in its constructor, so these are the clients it will use.
     */
    static void primeBuilt() {
        PRIMERS.forEach(Runnable::run);
    }

    /** Registers how a freshly built client is primed, and returns it. */
    private static <C> C primed(C client, Consumer<C> request) {
        PRIMERS.add(() -> Priming.marshalOnly(() -> {
            request.accept(client);
            return null;
        }));
        return client;
    }

    private static final class SfnHolder {
        static final SfnClient CLIENT = primed(SfnClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(region()).overrideConfiguration(config()).build(), c -> c.listExecutions(r -> r.stateMachineArn(
                        "arn:aws:states:us-east-1:000000000000:stateMachine:priming")));
    }

    private static final class StsHolder {
        // The Region's own STS endpoint (the SDK's default for STS in SDK v2), never the global one.
        static final StsClient CLIENT = primed(StsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(region()).overrideConfiguration(config()).build(), c -> c.getCallerIdentity());
    }

    private static final class RdsHolder {
        static final RdsClient CLIENT = primed(RdsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(region()).overrideConfiguration(config()).build(), c -> c.describeDBClusters(r -> r.maxRecords(20)));
    }

    private static final class CloudWatchHolder {
        static final CloudWatchClient CLIENT = primed(CloudWatchClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(region()).overrideConfiguration(config()).build(), c -> c.getMetricData(r -> r
                        .startTime(Instant.EPOCH).endTime(Instant.EPOCH.plusSeconds(60)).metricDataQueries(q -> q.id("p")
                                .metricStat(m -> m.stat("Maximum").period(60).metric(x -> x.namespace("AWS/RDS").metricName("p"))))));
    }

    private static final class SsmHolder {
        static final SsmClient CLIENT = primed(SsmClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(region()).overrideConfiguration(config()).build(), c -> c.getParameter(r -> r.name("/priming")));
    }

    private static final class S3Holder {
        static final S3Client CLIENT = primed(S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .region(region()).overrideConfiguration(config()).build(), c -> c.putObject(r -> r.bucket("priming").key("p"),
                        software.amazon.awssdk.core.sync.RequestBody.fromString("p")));
    }

    private static final class SnsHolder {
        static final SnsClient CLIENT = primed(SnsClient.builder().httpClient(UrlConnectionHttpClient.create())
                .region(region()).overrideConfiguration(config()).build(), c -> c.publish(r -> r
                        .topicArn("arn:aws:sns:us-east-1:000000000000:priming").message("p")));
    }

    /** Standard mode retries throttling and 5xx with backoff; the state machine retries on top. */
    private static ClientOverrideConfiguration config() {
        return ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD)
                .addExecutionInterceptor(Priming.STOP_BEFORE_SENDING).build();
    }

    static Region region() {
        String name = System.getenv("AWS_REGION");
        return Region.of(name == null || name.isBlank() ? "us-east-1" : name);
    }
}
