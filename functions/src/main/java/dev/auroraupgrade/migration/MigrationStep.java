package dev.auroraupgrade.migration;

import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.workflow.ActionStep;
import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.Tag;

/** An action step of the migration. */
public abstract class MigrationStep extends ActionStep<MigrationPlan> {
    protected MigrationStep(RdsClient rds, String step) {
        super(MigrationPlan.class, rds, PreflightMigration.WORKFLOW, step);
    }

    protected List<Tag> ownershipTags(MigrationPlan plan) {
        return ownershipTags(plan.sourceClusterIdentifier(), plan.executionName());
    }

    protected DBCluster targetCluster(MigrationPlan plan) {
        return lookup.cluster(plan.targetClusterIdentifier()).orElseThrow(() -> new ResourceFailedException(
                "target cluster '" + plan.targetClusterIdentifier() + "' does not exist (deleted outside this workflow?)"));
    }
}
