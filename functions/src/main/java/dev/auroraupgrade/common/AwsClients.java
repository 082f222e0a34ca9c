package dev.auroraupgrade.common;

import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sns.SnsClient;

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

    private static final class SfnHolder {
        static final SfnClient CLIENT = SfnClient.builder()
                .httpClient(UrlConnectionHttpClient.create()).region(region()).overrideConfiguration(config()).build();
    }

    private static final class RdsHolder {
        static final RdsClient CLIENT = RdsClient.builder()
                .httpClient(UrlConnectionHttpClient.create()).region(region()).overrideConfiguration(config()).build();
    }

    private static final class CloudWatchHolder {
        static final CloudWatchClient CLIENT = CloudWatchClient.builder()
                .httpClient(UrlConnectionHttpClient.create()).region(region()).overrideConfiguration(config()).build();
    }

    private static final class SnsHolder {
        static final SnsClient CLIENT = SnsClient.builder()
                .httpClient(UrlConnectionHttpClient.create()).region(region()).overrideConfiguration(config()).build();
    }

    /** Standard mode retries throttling and 5xx with backoff; the state machine retries on top. */
    private static ClientOverrideConfiguration config() {
        return ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD).build();
    }

    static Region region() {
        String name = System.getenv("AWS_REGION");
        return Region.of(name == null || name.isBlank() ? "us-east-1" : name);
    }
}
