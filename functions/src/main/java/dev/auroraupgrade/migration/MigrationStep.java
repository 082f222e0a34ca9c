package dev.auroraupgrade.migration;

import com.amazonaws.services.lambda.runtime.Context;
import dev.auroraupgrade.common.JsonHandler;
import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.RdsLookup;
import dev.auroraupgrade.workflow.StepOutcome;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.Tag;

/** An action step of the migration: takes the plan, changes one thing (or finds it done), reports what it did. */
public abstract class MigrationStep extends JsonHandler<StepRequest, StepOutcome> {
    protected final RdsClient rds;
    protected final RdsLookup lookup;

    protected MigrationStep(RdsClient rds) {
        super(StepRequest.class);
        this.rds = rds;
        this.lookup = new RdsLookup(rds);
    }

    @Override
    protected final StepOutcome handle(StepRequest request, Context context) {
        if (request.plan() == null) {
            throw new InvalidInputException("plan", "is required (the output of PreflightMigration)");
        }
        return run(request.plan(), Instant.now());
    }

    protected abstract StepOutcome run(MigrationPlan plan, Instant startedAt);

    protected List<Tag> ownershipTags(MigrationPlan plan) {
        return OwnershipTags.of(PreflightMigration.WORKFLOW, plan.sourceClusterIdentifier(), plan.executionName());
    }

    protected DBCluster targetCluster(MigrationPlan plan) {
        return lookup.cluster(plan.targetClusterIdentifier()).orElseThrow(() -> new ResourceFailedException(
                "target cluster '" + plan.targetClusterIdentifier() + "' does not exist (deleted outside this workflow?)"));
    }
}
