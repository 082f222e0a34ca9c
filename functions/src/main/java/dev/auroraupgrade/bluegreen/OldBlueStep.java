package dev.auroraupgrade.bluegreen;

import dev.auroraupgrade.errors.InvalidInputException;
import dev.auroraupgrade.errors.ResourceFailedException;
import dev.auroraupgrade.rds.OwnershipTags;
import dev.auroraupgrade.rds.ResourceStatus;
import dev.auroraupgrade.workflow.ActionStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterSnapshot;
import software.amazon.awssdk.services.rds.model.Tag;

/**
 * A step of the old blue's retirement (retireOldBlueAfterHours), after finalize: its plan is finalize's
 * {@link OldBlueReport}. Every step first proves the cluster is the old blue this workflow kept.
 */
abstract class OldBlueStep extends ActionStep<OldBlueReport> {
    OldBlueStep(RdsClient rds, String step) {
        super(OldBlueReport.class, rds, PreflightBlueGreen.WORKFLOW, step);
    }

    /** The old blue, proven ours; empty when it is gone (a re-run after the delete). */
    protected Optional<DBCluster> oldBlue(OldBlueReport r) {
        if (r.clusterIdentifier() == null || r.oldBlueClusterIdentifier() == null || r.finalSnapshotIdentifier() == null) {
            throw new InvalidInputException("plan", "needs clusterIdentifier, oldBlueClusterIdentifier and "
                    + "finalSnapshotIdentifier (finalize's oldBlue, with its retirement scheduled)");
        }
        Optional<DBCluster> c = lookup.cluster(r.oldBlueClusterIdentifier());
        c.ifPresent(x -> OldBlue.requireRetirable(x, r.clusterIdentifier()));
        return c;
    }

    /** The tags of the final snapshot: this tool's, and whose old blue it kept. */
    protected List<Tag> snapshotTags(OldBlueReport r) {
        List<Tag> tags = new ArrayList<>(ownershipTags(r.clusterIdentifier(), null));
        tags.add(Tag.builder().key(OldBlue.TAG).value(r.clusterIdentifier()).build());
        return tags;
    }

    /** The final snapshot, if it exists; one under that name this workflow did not take is refused. */
    protected Optional<DBClusterSnapshot> finalSnapshot(OldBlueReport r) {
        Optional<DBClusterSnapshot> s = lookup.clusterSnapshot(r.finalSnapshotIdentifier());
        s.ifPresent(x -> {
            if (!OwnershipTags.ownedBy(x.tagList(), r.clusterIdentifier())
                    || !r.clusterIdentifier().equals(OwnershipTags.value(x.tagList(), OldBlue.TAG))) {
                throw new dev.auroraupgrade.errors.ResourceConflictException("cluster snapshot '" + r.finalSnapshotIdentifier()
                        + "' exists but was not taken by this workflow of old blue '" + r.oldBlueClusterIdentifier()
                        + "': nothing was deleted");
            }
        });
        return s;
    }

    /** Nothing is deleted before the final snapshot is available. */
    protected void requireFinalSnapshot(OldBlueReport r) {
        DBClusterSnapshot s = finalSnapshot(r).orElseThrow(() -> new ResourceFailedException("the final snapshot '"
                + r.finalSnapshotIdentifier() + "' of old blue '" + r.oldBlueClusterIdentifier() + "' does not exist: "
                + "nothing was deleted"));
        if (!ResourceStatus.isAvailable(s.status())) {
            throw new ResourceFailedException("the final snapshot '" + r.finalSnapshotIdentifier() + "' is '" + s.status()
                    + "', not available: nothing was deleted");
        }
    }

    /** Finalize turned deletion protection on for this old blue only; the retirement turns it off, only here. */
    protected void unprotect(DBCluster c) {
        if (Boolean.TRUE.equals(c.deletionProtection())) {
            rds.modifyDBCluster(m -> m.dbClusterIdentifier(c.dbClusterIdentifier()).deletionProtection(false)
                    .applyImmediately(true));
        }
    }
}
