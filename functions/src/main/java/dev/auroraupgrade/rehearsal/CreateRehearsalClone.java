package dev.auroraupgrade.rehearsal;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DbClusterAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.RestoreDbClusterToPointInTimeRequest;

/**
 * Rehearsal step 2: an Aurora clone of the source (RDS API reference, RestoreDBClusterToPointInTime with
 * RestoreType copy-on-write and UseLatestRestorableTime; Aurora User Guide, "Cloning a volume for an Aurora DB
 * cluster"), in the source's network, key, port and groups, without deletion protection. A clone an earlier run
 * left is reused; one still being deleted is waited for (WAITING), then made again.
 */
public class CreateRehearsalClone extends RehearsalStep {
    public static final String STEP = "clone";
    private static final Logger LOG = LoggerFactory.getLogger(CreateRehearsalClone.class);

    public CreateRehearsalClone() {
        this(AwsClients.rds());
    }

    public CreateRehearsalClone(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(RehearsalPlan plan, Instant startedAt) {
        String id = plan.cloneIdentifier();
        var existing = clone(plan);
        if (existing.isPresent()) {
            DBCluster c = existing.get();
            if (ResourceStatus.DELETING.equals(c.status())) {
                return outcome(StepOutcome.WAITING, id, "an earlier rehearsal's clone is being deleted: made again once it is gone", startedAt);
            }
            return outcome(StepOutcome.REUSED, id, "clone of " + plan.clusterIdentifier() + " left by an earlier run ("
                    + c.status() + ", " + c.engineVersion() + ")", startedAt);
        }
        var b = RestoreDbClusterToPointInTimeRequest.builder()
                .dbClusterIdentifier(id)
                .sourceDBClusterIdentifier(plan.clusterIdentifier())
                .restoreType("copy-on-write")
                .useLatestRestorableTime(true)
                .deletionProtection(false)
                .copyTagsToSnapshot(false)
                .tags(rehearsalTags(plan));
        // A default group is the engine version's own: RDS gives the clone the same one when none is named.
        if (plan.sourceClusterParameterGroup() != null && !plan.sourceClusterParameterGroup().startsWith("default.")) {
            b.dbClusterParameterGroupName(plan.sourceClusterParameterGroup());
        }
        if (plan.dbSubnetGroupName() != null) {
            b.dbSubnetGroupName(plan.dbSubnetGroupName());
        }
        if (!plan.vpcSecurityGroupIds().isEmpty()) {
            b.vpcSecurityGroupIds(plan.vpcSecurityGroupIds());
        }
        if (plan.kmsKeyId() != null) {
            b.kmsKeyId(plan.kmsKeyId());
        }
        if (plan.port() != null) {
            b.port(plan.port());
        }
        if (plan.serverlessMaxCapacity() != null) {
            b.serverlessV2ScalingConfiguration(s -> s.minCapacity(plan.serverlessMinCapacity()).maxCapacity(plan.serverlessMaxCapacity()));
        }
        RdsCalls.create(() -> rds.restoreDBClusterToPointInTime(b.build()), DbClusterAlreadyExistsException.class,
                () -> lookup.cluster(id).map(c -> isRehearsalOf(c.tagList(), plan.clusterIdentifier())).orElse(false));
        LOG.info("cloning {} as {}", plan.clusterIdentifier(), id);
        return outcome(StepOutcome.CREATED, id, "copy-on-write clone of " + plan.clusterIdentifier() + " at its latest "
                + "restorable time", startedAt);
    }
}
