package dev.auroraupgrade.inplace;

import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.workflow.ActionStep;
import java.util.List;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.Tag;

/** A step of the compute move ({@link ComputeMove}): the same code in place and inside green. */
public abstract class ComputeStep extends ActionStep<ComputeMove> {
    protected ComputeStep(RdsClient rds, String step) {
        super(ComputeMove.class, rds, PreflightInPlace.WORKFLOW, step);
    }

    /** Tagged for the production cluster, as the in-place route tags what it adds. */
    protected List<Tag> ownershipTags(ComputeMove move) {
        return ownershipTags(move.sourceClusterIdentifier(), move.executionName());
    }

    protected DBCluster cluster(ComputeMove move) {
        return lookup.cluster(move.clusterIdentifier()).orElseThrow(() -> new ResourceFailedException(
                "cluster '" + move.clusterIdentifier() + "' does not exist any more"));
    }

    /** Whether a provisioned instance is this move's to remove. */
    protected static boolean planned(ComputeMove move, String instance) {
        return move.anyProvisioned() || move.provisionedInstances().contains(instance);
    }
}
