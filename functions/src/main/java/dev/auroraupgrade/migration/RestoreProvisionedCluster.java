package dev.auroraupgrade.migration;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.ResourceConflictException;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.errors.SourceClusterNotFoundException;
import dev.auroraupgrade.rds.EngineModes;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DbClusterAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterFromSnapshotRequest;
import software.amazon.awssdk.services.rds.model.Tag;
import software.amazon.awssdk.services.rds.model.VpcSecurityGroupMembership;

/** Step 3a: restores the snapshot as a provisioned cluster, carrying over the source's settings. */
public class RestoreProvisionedCluster extends MigrationStep {
    /** The key of this step in the execution state and in the output\'s timeline. */
    public static final String STEP = "restoreCluster";
    private static final Logger LOG = LoggerFactory.getLogger(RestoreProvisionedCluster.class);

    public RestoreProvisionedCluster() {
        this(AwsClients.rds());
    }

    public RestoreProvisionedCluster(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(MigrationPlan plan, Instant startedAt) {
        String target = plan.targetClusterIdentifier();
        var existing = lookup.cluster(target);
        if (existing.isPresent()) {
            if (!OwnershipTags.ownedBy(existing.get().tagList(), plan.sourceClusterIdentifier())) {
                throw new ResourceConflictException("cluster '" + target + "' exists but was not created by this migration");
            }
            if (ResourceStatus.ofCluster(existing.get().status()) == ResourceStatus.FAILED) {
                throw new ResourceFailedException("cluster '" + target + "' from an earlier run is '" + existing.get().status()
                        + "': delete it (README, Cleanup: instance, deletion protection off, cluster) and start again");
            }
            return outcome(StepOutcome.REUSED, target,
                    "restored by an earlier run (status " + existing.get().status() + ")", startedAt);
        }
        DBCluster src = lookup.cluster(plan.sourceClusterIdentifier()).orElseThrow(() ->
                new SourceClusterNotFoundException("source cluster '" + plan.sourceClusterIdentifier() + "' disappeared"));
        RdsCalls.create(() -> rds.restoreDBClusterFromSnapshot(restoreRequest(plan, src)), DbClusterAlreadyExistsException.class,
                () -> lookup.cluster(target).map(c -> OwnershipTags.ownedBy(c.tagList(), plan.sourceClusterIdentifier()))
                        .orElse(false));
        LOG.info("restoring {} from {} at {}", target, plan.snapshotIdentifier(), plan.restoreEngineVersion());
        return outcome(StepOutcome.CREATED, target, "provisioned cluster at "
                + plan.restoreEngineVersion() + " from snapshot " + plan.snapshotIdentifier(), startedAt);
    }

    /** What a DBA expects to keep: network, encryption key, port, backups, IAM auth, tags, log exports. */
    RestoreDbClusterFromSnapshotRequest restoreRequest(MigrationPlan plan, DBCluster src) {
        List<Tag> tags = new ArrayList<>(OwnershipTags.carriedOver(src.tagList()));
        tags.addAll(ownershipTags(plan));
        var b = RestoreDbClusterFromSnapshotRequest.builder()
                .dbClusterIdentifier(plan.targetClusterIdentifier())
                .snapshotIdentifier(plan.snapshotIdentifier())
                .engine(plan.engine())
                .engineVersion(plan.restoreEngineVersion())
                .engineMode(EngineModes.PROVISIONED)
                .port(src.port())
                .enableIAMDatabaseAuthentication(src.iamDatabaseAuthenticationEnabled())
                .copyTagsToSnapshot(src.copyTagsToSnapshot())
                .deletionProtection(plan.deletionProtection())
                .backupRetentionPeriod(src.backupRetentionPeriod())
                .preferredBackupWindow(src.preferredBackupWindow())
                .tags(tags);
        if (src.hasVpcSecurityGroups() && !src.vpcSecurityGroups().isEmpty()) {
            b.vpcSecurityGroupIds(src.vpcSecurityGroups().stream().map(VpcSecurityGroupMembership::vpcSecurityGroupId).toList());
        }
        if (src.dbSubnetGroup() != null) {
            b.dbSubnetGroupName(src.dbSubnetGroup());
        }
        if (Boolean.TRUE.equals(src.storageEncrypted()) && src.kmsKeyId() != null) {
            b.kmsKeyId(src.kmsKeyId());
        }
        if (src.dbClusterParameterGroup() != null && !src.dbClusterParameterGroup().startsWith("default.")) {
            b.dbClusterParameterGroupName(src.dbClusterParameterGroup());
        }
        if (src.hasEnabledCloudwatchLogsExports() && !src.enabledCloudwatchLogsExports().isEmpty()) {
            b.enableCloudwatchLogsExports(src.enabledCloudwatchLogsExports());
        }
        return b.build();
    }
}
