package dev.auroraupgrade.common;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Clients in the member accounts of an organization-wide fleet, each through that account's member role: STS
 * AssumeRole with the fleet's external id (its state machine's ARN, what Step Functions itself passes for a
 * cross-account task). Credentials are cached per role, clients per role and Region, for the life of this object:
 * one invocation. The shared STS client is built once per container (AwsClients).
 */
public final class MemberClients implements AutoCloseable {
    /** How a member client is built: as AWS builds it (AwsClients.members()), or as the local layer does. */
    public interface Factory {
        RdsClient rds(AwsCredentialsProvider credentials, String region);

        SfnClient sfn(AwsCredentialsProvider credentials, String region);
    }

    /** What a fleet's session in a member account is called there (CloudTrail shows it). */
    static final String SESSION_NAME = "aurora-upgrade-fleet";
    private final StsClient sts;
    private final Factory factory;
    private final String externalId;
    private final Map<String, StsAssumeRoleCredentialsProvider> credentials = new LinkedHashMap<>();
    private final Map<String, SdkAutoCloseable> clients = new LinkedHashMap<>();

    public MemberClients(StsClient sts, Factory factory, String externalId) {
        if (sts == null || factory == null) {
            throw new IllegalStateException("member accounts are not reachable from this handler: no STS client");
        }
        this.sts = sts;
        this.factory = factory;
        this.externalId = externalId;
    }

    /**
     * Assumes the role now, so that a role which is missing or does not trust this fleet fails here, by AWS's own
     * error, rather than inside the first call made with it.
     */
    public void assume(String roleArn) {
        provider(roleArn).resolveCredentials();
    }

    public RdsClient rds(String roleArn, String region) {
        return (RdsClient) clients.computeIfAbsent("rds " + roleArn + " " + region, k -> factory.rds(provider(roleArn), region));
    }

    public SfnClient sfn(String roleArn, String region) {
        return (SfnClient) clients.computeIfAbsent("sfn " + roleArn + " " + region, k -> factory.sfn(provider(roleArn), region));
    }

    private AwsCredentialsProvider provider(String roleArn) {
        return credentials.computeIfAbsent(roleArn, arn -> StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> {
                    r.roleArn(arn).roleSessionName(SESSION_NAME).durationSeconds(900);
                    if (externalId != null) {
                        r.externalId(externalId);
                    }
                }).build());
    }

    @Override
    public void close() {
        clients.values().forEach(SdkAutoCloseable::close);
        credentials.values().forEach(StsAssumeRoleCredentialsProvider::close);
    }
}
