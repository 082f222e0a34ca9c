package dev.auroraupgrade.rehearsal;

import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.workflow.ActionStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.Tag;

/** An action step of the rehearsal: it acts only on the clone, and only on a clone tagged as this rehearsal. */
public abstract class RehearsalStep extends ActionStep<RehearsalPlan> {
    protected RehearsalStep(RdsClient rds, String step) {
        super(RehearsalPlan.class, rds, PreflightRehearsal.WORKFLOW, step);
    }

    /** Ownership tags plus the rehearsal tag the IAM conditions of the clean-up key on. */
    protected List<Tag> rehearsalTags(RehearsalPlan plan) {
        List<Tag> tags = new ArrayList<>(ownershipTags(plan.clusterIdentifier(), plan.executionName()));
        tags.add(Tag.builder().key(PreflightRehearsal.REHEARSAL_OF).value(plan.clusterIdentifier()).build());
        return tags;
    }

    /** The clone, when it exists and is this cluster's rehearsal clone; a conflict when it is anything else. */
    protected Optional<DBCluster> clone(RehearsalPlan plan) {
        return lookup.cluster(plan.cloneIdentifier()).map(c -> {
            if (!isRehearsalOf(c.tagList(), plan.clusterIdentifier())) {
                throw new dev.auroraupgrade.errors.ResourceConflictException("DB cluster '" + plan.cloneIdentifier()
                        + "' is not a rehearsal clone of '" + plan.clusterIdentifier() + "': this workflow does not touch it");
            }
            return c;
        });
    }

    static boolean isRehearsalOf(List<Tag> tags, String source) {
        return source.equals(OwnershipTags.value(tags, PreflightRehearsal.REHEARSAL_OF));
    }
}
