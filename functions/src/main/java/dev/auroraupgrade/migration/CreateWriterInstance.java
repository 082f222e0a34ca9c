package dev.auroraupgrade.migration;

import dev.auroraupgrade.common.AwsClients;
import dev.auroraupgrade.errors.ResourceConflictException;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.RdsCalls;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;

/** Step 3b: the restored cluster's writer, provisioned first (a restored cluster cannot start on db.serverless before upgrade). */
public class CreateWriterInstance extends MigrationStep {
    /** The key of this step in the execution state and in the output\'s timeline. */
    public static final String STEP = "createWriter";
    private static final Logger LOG = LoggerFactory.getLogger(CreateWriterInstance.class);

    public CreateWriterInstance() {
        this(AwsClients.rds());
    }

    public CreateWriterInstance(RdsClient rds) {
        super(rds, STEP);
    }

    @Override
    protected StepOutcome run(MigrationPlan plan, Instant startedAt) {
        String id = plan.writerInstanceIdentifier();
        var existing = lookup.instance(id);
        if (existing.isPresent()) {
            if (!plan.targetClusterIdentifier().equals(existing.get().dbClusterIdentifier())) {
                throw new ResourceConflictException("DB instance '" + id + "' exists but belongs to cluster '"
                        + existing.get().dbClusterIdentifier() + "'");
            }
            if (ResourceStatus.ofInstance(existing.get().dbInstanceStatus()) == ResourceStatus.FAILED) {
                throw new ResourceFailedException("DB instance '" + id + "' from an earlier run is '"
                        + existing.get().dbInstanceStatus() + "': delete it (aws rds delete-db-instance --db-instance-identifier "
                        + id + ") and start again");
            }
            return outcome(StepOutcome.REUSED, id, "created by an earlier run (class "
                    + existing.get().dbInstanceClass() + ")", startedAt);
        }
        targetCluster(plan);
        // The source writer's custom instance group (same family as the restore); or, when no major upgrade follows,
        // the target instance group right away.
        String group = !plan.majorVersionUpgrade() && plan.dbInstanceParameterGroupName() != null
                ? plan.dbInstanceParameterGroupName() : plan.sourceInstanceParameterGroup();
        RdsCalls.create(() -> rds.createDBInstance(r -> r.dbInstanceIdentifier(id)
                        .dbClusterIdentifier(plan.targetClusterIdentifier())
                        .engine(plan.engine())
                        .dbInstanceClass(plan.provisionedInstanceClass())
                        .dbParameterGroupName(group)
                        .publiclyAccessible(false)
                        .tags(ownershipTags(plan))), DbInstanceAlreadyExistsException.class,
                () -> lookup.instance(id).map(i -> plan.targetClusterIdentifier().equals(i.dbClusterIdentifier())
                        && OwnershipTags.ownedBy(i.tagList(), plan.sourceClusterIdentifier())).orElse(false));
        LOG.info("creating writer {} ({}) in {}", id, plan.provisionedInstanceClass(), plan.targetClusterIdentifier());
        return outcome(StepOutcome.CREATED, id, plan.provisionedInstanceClass(), startedAt);
    }
}
